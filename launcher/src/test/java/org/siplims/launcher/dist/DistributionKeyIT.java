package org.siplims.launcher.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Vector;
import java.util.jar.JarFile;
import org.apache.tools.ant.Project;
import org.apache.tools.ant.ProjectHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siplims.core.image.ImageReference;
import org.siplims.core.signing.ImageSigner;
import org.siplims.core.signing.SignatureStore;
import org.siplims.core.signing.SigningKey;
import org.siplims.core.signing.SigningKeys;
import org.siplims.core.testing.FixtureImages;
import org.siplims.core.testing.RegistryFixtures;
import org.siplims.core.testing.TestEnvironment;
import org.siplims.launcher.testing.LauncherAuth;

/**
 * A default install of a distribution that carries the maintainer's key verifies every release:
 * with no key in the settings folder and no {@code --trusted-keys}, an unsigned release is refused
 * (nothing runs), and once the same release is signed with the matching key, it runs, verified.
 *
 * <p>The distribution is the one Maven built (launcher/target/sip-lims-launcher), copied, with the
 * key added the way the build adds launcher/trusted-keys.pem: the build's own Ant file
 * (src/dist/build-dist.xml) runs its targets {@code keys} (lib/trusted-keys.jar) and {@code args}
 * (the class path in lib/launcher.args) on the copy. Rebuilding with Maven would take minutes;
 * the tests never see a committed key.
 */
class DistributionKeyIT {
    @TempDir
    Path tmp;

    @Test
    void aDistributionCarryingAKeyRefusesAnUnsignedReleaseAndRunsASignedOne() throws Exception {
        TestEnvironment env = TestEnvironment.get();
        SigningKey maintainer = SigningKeys.generate();
        Path dist = tmp.resolve("sip-lims-launcher");
        Distribution.copy(Distribution.folder(), dist);
        // This repository ships no key, so the built distribution has no lib/trusted-keys.jar; once the
        // maintainer commits one, the build's jar is simply made again here with the test's key.
        Path pem = Files.createDirectories(tmp.resolve("checkout/launcher")).resolve("trusted-keys.pem");
        SigningKeys.writePublicKey(maintainer.publicKey(), pem);
        addKeysAsTheBuildDoes(dist, pem);

        try (JarFile jar = new JarFile(dist.resolve("lib/trusted-keys.jar").toFile())) {
            assertEquals(Files.readString(pem), new String(jar.getInputStream(jar.getEntry("trusted-keys.pem")).readAllBytes(),
                    StandardCharsets.US_ASCII));
        }
        List<String> args = Files.readAllLines(dist.resolve("lib/launcher.args"));
        assertTrue(args.get(args.indexOf("-cp") + 1).contains("lib/trusted-keys.jar"), "on the class path: " + args);

        FixtureImages fixtures = new FixtureImages(env);
        ImageReference repository = ImageReference.parse(env.plainRegistry() + "/" + TestEnvironment.uniqueRepository("distkey"));
        FixtureImages.PushedImage release = fixtures.pushApp(repository.withTag("latest"), "1.0.0", FixtureImages.Mode.HEALTHY);
        fixtures.removeLocal(release.reference().toString());
        fixtures.removeLocal(release.imageId());
        String name = TestEnvironment.uniqueContainerName("distkey");
        Path settings = Files.createDirectories(tmp.resolve("settings"));
        Path project = Files.createDirectories(tmp.resolve("project"));
        org.siplims.launcher.testing.LauncherHarness.ownAsLabUser(project);
        int statusPort = Distribution.freePort();
        LauncherAuth.register(statusPort, settings);
        List<String> command = List.of(dist.resolve("bin/sip-lims-launcher").toString(),
                "--image", repository.toString(), "--channel", "latest", "--project", project.toString(),
                "--app-port", Integer.toString(Distribution.freePort()), "--status-port", Integer.toString(statusPort), "--name", name,
                "--no-browser", "--settings-dir", settings.toString(), "--docker-host", env.dockerHost().toString(),
                "--stop-grace-seconds", "2");
        try {
            // Unsigned: refused by the built-in key alone; nothing downloaded, nothing runs.
            Path log1 = tmp.resolve("launcher-1.log");
            Process first = start(command, log1);
            try {
                JsonNode refused = Distribution.awaitStatus(first, log1, statusPort, Duration.ofSeconds(60),
                        s -> {
                            if (List.of("PULLING", "STARTING", "RUNNING").contains(s.path("state").asText())) {
                                throw new AssertionError("an unsigned release is being run: the built-in key was not used: " + s);
                            }
                            return s.path("state").asText().equals("ERROR");
                        });
                assertEquals("refused", refused.path("image").path("signature").asText(), refused.toString());
                assertEquals(release.digest().toString(), refused.path("image").path("digest").asText());
                assertTrue(refused.path("container").path("id").isNull(), refused.toString());
            } finally {
                Distribution.stop(first);
            }
            assertTrue(fixtures.cli().exec(null, "ps", "-a", "-q", "--filter", "name=^/" + name + "$").stdout().isBlank(), "nothing ran");
            assertFalse(Files.exists(settings.resolve("trusted-keys.pem")), "no key but the built-in one");

            // The same release signed with the matching key: it runs, verified by that key.
            new SignatureStore(new RegistryFixtures(env).client()).attach(new ImageSigner(maintainer).sign(repository, release.digest()));
            Path log2 = tmp.resolve("launcher-2.log");
            Process second = start(command, log2);
            try {
                JsonNode running = Distribution.awaitStatus(second, log2, statusPort, Duration.ofSeconds(60), s -> {
                    if (s.path("state").asText().equals("ERROR")) {
                        throw new AssertionError("launcher error: " + s);
                    }
                    return s.path("state").asText().equals("RUNNING");
                });
                assertEquals(release.digest().toString(), running.path("image").path("digest").asText());
                assertTrue(running.path("image").path("verified").asBoolean(), running.toString());
                assertEquals(maintainer.keyId().toString(), running.path("image").path("verifiedBy").asText());
            } finally {
                Distribution.stop(second);
            }
        } finally {
            fixtures.cli().exec(null, "rm", "-f", name);
        }
    }

    /**
     * What the distribution build does with launcher/trusted-keys.pem, done by the build's own Ant
     * file: its {@code keys} target makes lib/trusted-keys.jar, its {@code args} target writes the
     * class path (now with that jar) into lib/launcher.args.
     */
    private static void addKeysAsTheBuildDoes(Path dist, Path keys) {
        Path buildFile = Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("src/dist/build-dist.xml");
        Project ant = new Project();
        ant.setUserProperty("dist", dist.toString());
        ant.setUserProperty("src", buildFile.getParent().toString());
        ant.setUserProperty("keys", keys.toString());
        ant.init();
        ProjectHelper.configureProject(ant, buildFile.toFile());
        ant.executeTargets(new Vector<>(List.of("keys", "args")));
    }

    private static Process start(List<String> command, Path log) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> environment = Distribution.asLabUser(pb.environment(), log.getParent());
        assertTrue(environment.containsKey("PATH"));
        pb.directory(log.getParent().toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        return pb.start();
    }
}
