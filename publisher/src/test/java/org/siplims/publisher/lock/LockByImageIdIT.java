package org.siplims.publisher.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.siplims.core.image.ImageReference;
import org.siplims.core.image.Platform;
import org.siplims.publisher.preflight.CondaSubdir;
import org.siplims.publisher.testing.FixtureRepository;
import org.siplims.publisher.testing.PublisherRun;
import org.siplims.core.testing.DockerCli;
import org.siplims.core.testing.FixtureImages;
import org.siplims.core.testing.TestEnvironment;

/**
 * {@code lock --from-image ID} on every engine: the ID the engine itself shows finds the image
 * (Docker Engine 28 with the containerd image store shows the manifest digest, older engines the
 * config digest), and an ID the engine does not know is a usage error, never a pull from Docker Hub.
 */
class LockByImageIdIT {
    static List<TestEnvironment.Engine> engines() {
        return TestEnvironment.get().engines();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void theEnginesOwnImageIdFindsTheImage(TestEnvironment.Engine engine) throws Exception {
        TestEnvironment env = TestEnvironment.get();
        FixtureImages fixtures = new FixtureImages(env, new DockerCli(Files.createTempDirectory("siplims-docker-config"), engine.host()));
        Platform platform = platform(env, engine);
        Path context = Files.createTempDirectory("siplims-lock-image");
        Path conda = context.resolve("conda");
        Files.writeString(conda, "#!/bin/sh\n"
                + "# Stands in for conda: `conda list --explicit ...` prints a lock, `conda run ... pip freeze` a freeze.\n"
                + "case \"$1\" in\n"
                + "  list) cat <<'LOCK'\n" + FixtureRepository.condaLock(CondaSubdir.forPlatform(platform).orElseThrow().name()) + "LOCK\n;;\n"
                + "  run) printf 'streamlit==1.50.0\\n' ;;\n"
                + "  *) exit 2 ;;\n"
                + "esac\n");
        Files.setPosixFilePermissions(conda, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(context.resolve("Dockerfile"), "FROM " + fixtures.busyboxBase() + "\nCOPY conda /bin/\n");
        ImageReference tag = ImageReference.parse(env.plainRegistry() + "/" + TestEnvironment.uniqueRepository("lock-id") + ":env");
        String id = fixtures.build(context, tag, "1.0.0");
        try {
            FixtureRepository repo = FixtureRepository.create(fixtures, FixtureImages.Mode.HEALTHY, platform);
            repo.write("requirements-lock.txt", "streamlit==1.0.0\n").commit("Old lock");

            PublisherRun.Result r = publisher(engine).run("lock", "--from-image", id, "--context", repo.dir().toString(), "--json");

            assertEquals(0, r.exitCode(), r.toString());
            assertEquals("streamlit==1.50.0\n", repo.read("requirements-lock.txt"));
            assertEquals(id, r.json().path("image").asText(), "the image locked is the one the engine calls " + id);
        } finally {
            fixtures.removeLocal(tag.toString());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void anIdTheEngineDoesNotKnowIsAUsageErrorNotAPull(TestEnvironment.Engine engine) throws Exception {
        TestEnvironment env = TestEnvironment.get();
        byte[] random = new byte[32];
        ThreadLocalRandom.current().nextBytes(random);
        String unknownId = "sha256:" + HexFormat.of().formatHex(random);
        FixtureImages fixtures = new FixtureImages(env, new DockerCli(Files.createTempDirectory("siplims-docker-config"), engine.host()));
        FixtureRepository repo = FixtureRepository.create(fixtures, FixtureImages.Mode.HEALTHY, platform(env, engine));
        String locksBefore = repo.read("requirements-lock.txt");

        PublisherRun.Result r = publisher(engine).run("lock", "--from-image", unknownId, "--context", repo.dir().toString());

        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains(unknownId), r.err());
        assertFalse(r.err().contains("docker.io"), "the ID was taken for a Docker Hub reference: " + r.err());
        assertEquals(locksBefore, repo.read("requirements-lock.txt"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void aReferenceTheEngineLacksIsPulledOrItsPullErrorShown(TestEnvironment.Engine engine) throws Exception {
        TestEnvironment env = TestEnvironment.get();
        FixtureImages fixtures = new FixtureImages(env, new DockerCli(Files.createTempDirectory("siplims-docker-config"), engine.host()));
        FixtureRepository repo = FixtureRepository.create(fixtures, FixtureImages.Mode.HEALTHY, platform(env, engine));
        ImageReference missing = ImageReference.parse(env.plainRegistry() + "/" + TestEnvironment.uniqueRepository("lock-missing") + ":1.0.0");

        PublisherRun.Result r = publisher(engine).run("lock", "--from-image", missing.toString(), "--context", repo.dir().toString());

        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains(missing.toString()), r.err());
        assertFalse(r.err().contains("NullPointerException") || r.err().contains("Cannot invoke"), r.err());
    }

    private static PublisherRun publisher(TestEnvironment.Engine engine) throws Exception {
        return new PublisherRun(Files.createTempDirectory("siplims-publisher-state")).env("DOCKER_HOST", engine.host().toString());
    }

    private static Platform platform(TestEnvironment env, TestEnvironment.Engine engine) throws Exception {
        try (var client = env.client(engine)) {
            var v = client.versionCmd().exec();
            return new Platform(v.getOperatingSystem(), v.getArch());
        }
    }
}
