package org.siplims.launcher.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.image.Platform;
import org.siplims.core.registry.RegistryClient;
import org.siplims.core.signing.Attestations;
import org.siplims.core.signing.SignatureStore;
import org.siplims.core.signing.SignatureVerifier;
import org.siplims.core.signing.SigningKeys;
import org.siplims.core.signing.TrustedKeys;
import org.siplims.core.testing.Cosign;
import org.siplims.core.testing.FixtureImages;
import org.siplims.core.testing.RegistryFixtures;
import org.siplims.core.testing.TestEnvironment;
import org.siplims.launcher.status.LauncherState;
import org.siplims.launcher.status.Status;
import org.siplims.launcher.status.UpdateOffer;
import org.siplims.launcher.testing.LauncherHarness;

/**
 * Issue 14's "done when", in one run on this AMD64 machine: the real publisher ({@code scripts/publish},
 * in its own process, as the maintainer runs it; the launcher never uses the publisher's classes)
 * publishes a two-platform release from busybox fixtures with a lock pair per platform, linux/amd64
 * built and tested natively and linux/arm64 under QEMU, each tested by its own image, the index and
 * both images signed with a test key, each image with its signed SBOM and provenance; {@code verify}
 * checks it. A launcher trusting that key runs the amd64 image natively; a second launcher forced to
 * arm64 runs the arm64 image under emulation. A second two-platform release is published and the
 * launcher updates to it, and its next start runs that release at once, before asking the registry;
 * {@code rollback} moves the channel back and the launcher follows.
 *
 * <p>{@code scripts/publish} runs the publisher's jar from publisher/target, which a whole
 * {@code mvn verify} has just packaged (the publisher module comes before the launcher); run alone,
 * with a stale or missing jar, the script builds it first, as it does for the maintainer.
 */
class TwoPlatformReleaseEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START = Duration.ofSeconds(180);
    /** Passes only in an image built from its own platform's lock pair and running as that processor (uname under QEMU says aarch64). */
    private static final String OWN_LOCK_TEST = "{\"name\": \"own lock\", \"run\": [\"sh\", \"-c\", "
            + "\"case $(uname -m) in x86_64) grep -qx linux-64 /etc/locked-platform;; aarch64) grep -qx linux-aarch64 /etc/locked-platform;; *) exit 1;; esac\"]}";

    private final TestEnvironment env = TestEnvironment.get();
    private final RegistryFixtures fixtures = new RegistryFixtures(env, new FixtureImages(env));
    private final RegistryClient registry = fixtures.client();

    @Test
    void aTwoPlatformReleaseGoesThroughPublishVerifyLaunchUpdateAndRollback() throws Exception {
        Instant began = Instant.now();
        ImageReference image = LauncherHarness.newRepository("e2e-two-platforms");
        Path work = Files.createTempDirectory("siplims-e2e-two-platforms");
        Path repo = releaseRepository(work.resolve("app"));
        PublisherProcess publisher = new PublisherProcess(work.resolve("publisher-state"));
        Path keys = Files.createDirectories(work.resolve("keys"));
        publisher.ok("keygen", "--out", keys.toString(), "--no-passphrase");
        Path pub = keys.resolve("signing.pub");
        publisher.signingKey(keys.resolve("signing.key"));

        // Publish 1.0.0 for both platforms, then verify it from the registry.
        git(repo, "tag", "1.0.0");
        Published first = publisher.publish(repo, image);
        JsonNode verified = publisher.ok("verify", "1.0.0", "--context", repo.toString(), "--image", image.toString(),
                "--trusted-key", pub.toString(), "--json");
        assertEquals(first.index().toString(), verified.path("digest").asText());
        assertTrue(verified.path("signature").path("signed").asBoolean(), verified.toString());
        assertEquals(2, verified.path("platforms").size(), verified.toString());
        for (JsonNode platform : verified.path("platforms")) {
            String name = platform.path("platform").asText();
            assertEquals(first.children().get(name).digest().toString(), platform.path("digest").asText(), "verify pulled " + name + " by its digest");
            assertTrue(platform.path("signature").path("signed").asBoolean(), verified.toString());
            assertTrue(platform.path("tests").toString().contains("own lock"), verified.toString());
        }
        assertSignedAndAttested(image, first, pub, work);

        // A launcher on this amd64 computer runs the amd64 image natively.
        try (LauncherHarness native64 = launcher("e2e-native", image, pub)) {
            native64.start();
            native64.await(LauncherState.RUNNING, START);
            assertRuns(native64, first, Platform.LINUX_AMD64, "native");
            assertEquals(List.of(image.withDigest(first.index()).toString(), image.withDigest(first.child(Platform.LINUX_AMD64)).toString()),
                    Files.readAllLines(native64.settings.resolve("last-release.txt")), "the next start runs it at once, without the registry");

            // A second launcher, forced to arm64, runs the arm64 image under QEMU.
            try (LauncherHarness arm = launcher("e2e-arm64", image, pub)) {
                arm.start(o -> o.withPlatform(Optional.of(Platform.LINUX_ARM64)));
                arm.await(LauncherState.RUNNING, START);
                assertRuns(arm, first, Platform.LINUX_ARM64, "emulated (linux/arm64 on an amd64 computer)");
            }

            // The second two-platform release: the launcher updates to its amd64 image.
            Files.writeString(repo.resolve("CHANGES.md"), "1.1.0: a change\n");
            git(repo, "add", "-A");
            git(repo, "commit", "-q", "-m", "Second release");
            git(repo, "tag", "1.1.0");
            Published second = publisher.publish(repo, image);
            assertEquals(second.index(), registry.digest(image.withTag("latest")));
            // Offered first, with what changes: both releases' software lists, read from this computer's image of each, signed.
            assertEquals(202, native64.post("/api/update/check", "").status());
            Status offered = native64.await("the update's changes read", s -> s.changes().filter(c -> c.offered().equals(second.index())
                    && c.packages().isPresent()).isPresent(), START);
            assertTrue(offered.changes().orElseThrow().packagesVerified(), offered.changes().toString());
            update(native64, second.index());
            assertRuns(native64, second, Platform.LINUX_AMD64, "native");

            // The next start runs 1.1.0 at once, from this computer (its index and amd64 image remembered), before the registry is asked.
            native64.quit();
            assertEquals(List.of(image.withDigest(second.index()).toString(), image.withDigest(second.child(Platform.LINUX_AMD64)).toString()),
                    Files.readAllLines(native64.settings.resolve("last-release.txt")));
            native64.seen.clear();
            native64.start();
            native64.await(LauncherState.RUNNING, START);
            Status firstRunning = native64.seen.stream().filter(s -> s.state() == LauncherState.RUNNING).findFirst().orElseThrow();
            assertEquals(Optional.empty(), firstRunning.update().checkedAt(), "running before the registry was asked");
            assertEquals(Optional.of(second.index()), firstRunning.image().orElseThrow().digest());
            assertRuns(native64, second, Platform.LINUX_AMD64, "native");

            // The maintainer rolls the channel back to 1.0.0: the launcher follows.
            JsonNode rollback = publisher.ok("rollback", "1.0.0", "--context", repo.toString(), "--image", image.toString(), "--json");
            assertEquals(first.index().toString(), rollback.path("digest").asText(), rollback.toString());
            assertEquals(first.index(), registry.digest(image.withTag("latest")), "the channel names the first index again");
            assertTrue(rollback.hasNonNull("rollbackRecord"), "the signed rollback record was written: " + rollback);
            // The launcher offers going back (1.1.0 withdrawn, by the record the trusted key signed), and goes back.
            assertEquals(202, native64.post("/api/update/check", "").status());
            native64.await("going back offered", s -> s.update().offer().filter(o -> o.digest().equals(first.index())
                    && o.kind() == UpdateOffer.Kind.WITHDRAWN).isPresent(), START);
            update(native64, first.index());
            assertRuns(native64, first, Platform.LINUX_AMD64, "native");
        }
        System.out.println("TwoPlatformReleaseEndToEndIT: publish 1.0.0 took " + first.took().toSeconds() + " s; the whole run "
                + Duration.between(began, Instant.now()).toSeconds() + " s");
    }

    /** The index and each platform's image are signed by the key; each image has its own signed SBOM and provenance, which stock cosign accepts. */
    private void assertSignedAndAttested(ImageReference image, Published release, Path pub, Path work) throws Exception {
        TrustedKeys trusted = TrustedKeys.of(SigningKeys.readPublicKey(pub));
        SignatureVerifier signatures = new SignatureVerifier(trusted, new SignatureStore(registry));
        ImageReference repo = image.repositoryOnly();
        assertTrue(signatures.verify(repo, release.index()).verified(), "the index is signed");
        Attestations attestations = new Attestations(registry, Clock.systemUTC());
        Cosign cosign = Cosign.v3(env, Files.createDirectories(work.resolve("cosign")));
        for (Child child : release.children().values()) {
            assertTrue(signatures.verify(repo, child.digest()).verified(), child.platform() + " is signed");
            assertTrue(child.attested(), child.platform() + ": the publisher says its SBOM and provenance are attached");
            String sbom = attestations.verified(trusted, repo, child.digest(), "https://cyclonedx.org/bom").orElseThrow()
                    .statement().predicate().toString();
            String subdir = child.platform().equals(Platform.LINUX_AMD64.toString()) ? "linux-64" : "linux-aarch64";
            assertTrue(sbom.contains("conda-forge/" + subdir + "/python-3.9.23"), child.platform() + ": its own lock pair's packages: " + sbom);
            assertTrue(attestations.verified(trusted, repo, child.digest(), "https://slsa.dev/provenance/v1").isPresent(), child.platform());
            for (String type : List.of("cyclonedx", "slsaprovenance1")) {
                Cosign.Run run = cosign.verifyAttestation(pub, type, repo.withDigest(child.digest()).toString());
                assertEquals(0, run.exitCode(), child.platform() + " " + type + ": " + run);
            }
        }
    }

    /** The launcher runs the tested image of {@code platform} from {@code release}, by its digest, signed, and its status says how. */
    private void assertRuns(LauncherHarness h, Published release, Platform platform, String runs) throws Exception {
        Child child = release.children().get(platform.toString());
        String imageId = h.inspectContainer().getImageId();
        // The image the publisher tested (its ID; the config digest of the image pushed under the child's digest).
        assertEquals(child.imageId(), imageId, platform + ": the tested image runs");
        assertEquals(registry.manifest(h.repository.repositoryOnly().withDigest(child.digest())).asImageManifest().config().digest().toString(),
                imageId, platform + ": pulled by the child's digest");
        assertEquals(platform.architecture(), h.env.docker().inspectImageCmd(imageId).exec().getArch());
        JsonNode status = JSON.readTree(h.get("/api/status").body()).get("image");
        assertEquals(runs, status.get("runs").asText(), status.toString());
        assertEquals(release.index().toString(), status.get("digest").asText(), status.toString());
        assertTrue(status.get("verified").asBoolean(), status.toString());
        assertTrue(h.appAnswers(), "the app answers");
    }

    private static void update(LauncherHarness h, Digest to) {
        assertEquals(202, h.post("/api/update", "").status());
        h.await("RUNNING on " + to.shortForm(), s -> s.state() == LauncherState.RUNNING
                && s.image().flatMap(i -> i.digest()).equals(Optional.of(to)), START);
    }

    private static LauncherHarness launcher(String prefix, ImageReference image, Path pub) throws IOException {
        LauncherHarness h = new LauncherHarness(prefix, image);
        Files.createDirectories(h.settings);
        Files.copy(pub, h.settings.resolve("trusted-keys.pem"));
        return h;
    }

    /** A committed Git repository shaped like the app's, with a lock pair per platform under locks/ and no root pair. */
    private Path releaseRepository(Path dir) throws Exception {
        ImageReference base = fixtures.pushTwoPlatformBase(ImageReference.parse(env.plainRegistry() + "/"
                + TestEnvironment.uniqueRepository("e2e-base")));
        Files.createDirectories(dir);
        String pair = "locks/${TARGETOS}-${TARGETARCH}${TARGETVARIANT:+-${TARGETVARIANT}}";
        Files.writeString(dir.resolve("Dockerfile"), "FROM " + base + "\n"
                + "ARG TARGETOS\nARG TARGETARCH\nARG TARGETVARIANT\n"
                + "COPY conda-lock.tx[t] " + pair + "/conda-lock.tx[t] /opt/sip-lims/\n"
                + "COPY requirements-lock.tx[t] " + pair + "/requirements-lock.tx[t] /opt/sip-lims/\n"
                // Runs in the image, under QEMU for arm64: the platform header of the pair it got, for the own-lock test.
                + "RUN sed -n 's/^# platform: //p' /opt/sip-lims/conda-lock.txt > /etc/locked-platform && test -s /etc/locked-platform\n"
                + "ARG APP_VERSION=dev\nARG COMMIT_SHA=unknown\nARG BUILD_DATE=unknown\n"
                + "ENV APP_VERSION=$APP_VERSION COMMIT_SHA=$COMMIT_SHA BUILD_DATE=$BUILD_DATE FIXTURE_MODE=HEALTHY\n"
                + "COPY entrypoint.sh /entrypoint.sh\n"
                + "COPY fixture-build-id /etc/fixture-build-id\n"
                + "EXPOSE 8501\n"
                + "ENTRYPOINT [\"/bin/sh\", \"/entrypoint.sh\"]\n");
        Files.writeString(dir.resolve("entrypoint.sh"), FixtureImages.ENTRYPOINT);
        Files.writeString(dir.resolve("fixture-build-id"), UUID.randomUUID() + "\n");
        for (String[] folderAndSubdir : new String[][] {{"linux-amd64", "linux-64"}, {"linux-arm64", "linux-aarch64"}}) {
            Path locks = Files.createDirectories(dir.resolve("locks").resolve(folderAndSubdir[0]));
            Files.writeString(locks.resolve("conda-lock.txt"), condaLock(folderAndSubdir[1]));
            Files.writeString(locks.resolve("requirements-lock.txt"), "streamlit==1.50.0\nnumpy==2.0.2\n");
        }
        Files.writeString(dir.resolve("publisher.json"), "{\"testCommands\": [" + OWN_LOCK_TEST + "], \"healthTimeoutSeconds\": 120}\n");
        git(dir, "init", "-q", "-b", "main");
        git(dir, "add", "-A");
        git(dir, "commit", "-q", "-m", "First release");
        return dir;
    }

    /** A small explicit lock in {@code conda list --explicit} form for this subdir. */
    private static String condaLock(String subdir) {
        return "# This file may be used to create an environment using:\n"
                + "# $ conda create --name <env> --file <this file>\n"
                + "# platform: " + subdir + "\n"
                + "@EXPLICIT\n"
                + "https://conda.anaconda.org/conda-forge/noarch/ca-certificates-2025.8.3-hbd8a1cb_0.conda\n"
                + "https://conda.anaconda.org/conda-forge/" + subdir + "/python-3.9.23-h0819846_0_cpython.conda\n"
                + "https://conda.anaconda.org/conda-forge/noarch/pip-25.2-pyh8b19718_0.conda#0123456789abcdef0123456789abcdef\n";
    }

    private static String git(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString(), "-c", "user.name=Fixture Maintainer",
                "-c", "user.email=maintainer@example.org", "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("git " + String.join(" ", args) + " failed: " + out);
        }
        return out.trim();
    }

    /** One platform's image of a published release, as the publisher's --json record says. */
    record Child(String platform, Digest digest, String imageId, boolean attested) {
    }

    /** A two-platform release as {@code publish --json} reported it. */
    record Published(Digest index, Map<String, Child> children, Duration took) {
        Digest child(Platform platform) {
            return children.get(platform.toString()).digest();
        }
    }

    /**
     * {@code scripts/publish} in a process of its own (the launcher module never uses the publisher's
     * classes), with its own state folder, an empty Docker configuration and no registry credentials,
     * the signing key given as PUBLISHER_SIGNING_KEY to every command.
     */
    private final class PublisherProcess {
        private final Path state;
        private Optional<Path> signingKey = Optional.empty();

        PublisherProcess(Path state) throws IOException {
            this.state = Files.createDirectories(state);
        }

        void signingKey(Path key) {
            signingKey = Optional.of(key);
        }

        Published publish(Path repo, ImageReference image) throws Exception {
            Instant start = Instant.now();
            JsonNode json = ok("publish", "--platforms", "linux/amd64,linux/arm64", "--context", repo.toString(),
                    "--image", image.toString(), "--json");
            Map<String, Child> children = new HashMap<>();
            for (JsonNode p : json.path("platforms")) {
                children.put(p.path("platform").asText(), new Child(p.path("platform").asText(), Digest.parse(p.path("digest").asText()),
                        p.path("imageId").asText(), p.path("attested").asBoolean()));
                assertTrue(p.path("tests").toString().contains("own lock"), "tested: " + p);
                assertTrue(p.path("signed").asBoolean(), "signed: " + p);
            }
            assertEquals(List.of("linux/amd64", "linux/arm64"), children.keySet().stream().sorted().toList(), json.toString());
            return new Published(Digest.parse(json.path("digest").asText()), children, Duration.between(start, Instant.now()));
        }

        /** Runs the command with --state-dir; it must exit 0 and print JSON (when asked for) on stdout. */
        JsonNode ok(String... args) throws Exception {
            List<String> command = new ArrayList<>();
            command.add(projectRoot().resolve("scripts/publish").toString());
            command.addAll(List.of(args));
            command.addAll(List.of("--state-dir", state.toString()));
            ProcessBuilder pb = new ProcessBuilder(command).directory(state.toFile());
            Map<String, String> environment = pb.environment();
            environment.keySet().removeIf(k -> k.startsWith("REGISTRY_") || k.startsWith("PUBLISHER_") || k.equals("GITHUB_TOKEN"));
            environment.put("DOCKER_CONFIG", Files.createDirectories(state.resolve("docker-config")).toString());
            environment.put("DOCKER_HOST", env.dockerHost().toString());
            signingKey.ifPresent(k -> environment.put("PUBLISHER_SIGNING_KEY", k.toString()));
            Path out = state.resolve("stdout.txt");
            Path err = state.resolve("stderr.txt");
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process p = pb.start();
            if (!p.waitFor(15, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("scripts/publish " + String.join(" ", args) + " did not finish in 15 minutes");
            }
            String stdout = Files.readString(out);
            String stderr = Files.readString(err);
            System.out.println("scripts/publish " + String.join(" ", args) + " -> " + p.exitValue() + "\n" + stderr);
            assertEquals(0, p.exitValue(), "scripts/publish " + String.join(" ", args) + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr);
            return List.of(args).contains("--json") ? JSON.readTree(stdout) : JSON.nullNode();
        }
    }

    /** The repository's root: the launcher module's parent folder. */
    private static Path projectRoot() {
        return Path.of(System.getProperty("basedir", "")).toAbsolutePath().getParent();
    }
}
