package org.siplims.launcher.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.siplims.core.image.ImageReference;
import org.siplims.core.signing.ImageSigner;
import org.siplims.core.signing.SignatureStore;
import org.siplims.core.signing.SigningKey;
import org.siplims.core.signing.SigningKeys;
import org.siplims.core.testing.FixtureImages;
import org.siplims.core.testing.FixtureImages.Mode;
import org.siplims.core.testing.FixtureImages.PushedImage;
import org.siplims.core.testing.LoopbackRegistry;
import org.siplims.core.testing.RegistryFixtures;
import org.siplims.core.testing.TestEnvironment;
import org.siplims.launcher.config.LabMirror;
import org.siplims.launcher.config.LauncherOptions;
import org.siplims.launcher.status.LauncherState;
import org.siplims.launcher.status.Status;
import org.siplims.launcher.testing.LauncherHarness;
import org.siplims.launcher.testing.LoopbackProxy;

/**
 * The lab mirror with real registries: an origin registry of the test's own behind a counting
 * loopback proxy (closing the proxy stops the origin), and Debian's docker-registry in proxy mode
 * in front of it as the lab's mirror, both on loopback ports of their own.
 */
class LabMirrorIT {
    private static final Duration START = Duration.ofSeconds(90);
    private static final int PAYLOAD_BYTES = 2 * 1024 * 1024;

    @Test
    void theFirstLauncherFillsTheMirrorAndTheNextOnesRunFromItEvenWithTheOriginStopped() throws Exception {
        TestEnvironment env = TestEnvironment.get();
        FixtureImages fixtures = new FixtureImages(env);
        LoopbackRegistry originRegistry = LoopbackRegistry.plain();
        LoopbackProxy origin = LoopbackProxy.forwardingTo(originRegistry.port());
        try (LoopbackRegistry mirror = LoopbackRegistry.mirrorOf(origin.port())) {
            ImageReference repository = ImageReference.parse("127.0.0.1:" + origin.port() + "/lab/" + TestEnvironment.uniqueRepository("mirrored"));
            SigningKey maintainer = SigningKeys.generate();
            PushedImage v1 = pushWithPayload(fixtures, repository.withTag("latest"), "1.0.0-mirrored");
            new SignatureStore(new RegistryFixtures(env).client()).attach(new ImageSigner(maintainer).sign(repository, v1.digest()));
            fixtures.removeLocal(v1.imageId());
            ImageReference atMirror = ImageReference.parse(mirror.host() + "/" + repository.repository());
            LabMirror lab = LabMirror.parse(mirror.host(), "(test)");

            // 1. The first launcher: the origin names the release, the mirror fetches it from the origin and serves it.
            origin.resetCount();
            try (LauncherHarness first = new LauncherHarness("mirror1", repository)) {
                first.start(o -> withKeysAndMirror(o, first, maintainer, lab));
                Status s = first.await(LauncherState.RUNNING, START);
                assertEquals(Optional.of(v1.digest()), s.image().orElseThrow().digest());
                assertTrue(s.image().orElseThrow().verification().verified(), s.image().toString());
                assertTrue(present(fixtures, atMirror.withDigest(v1.digest())), "pulled from the mirror");
                assertFalse(present(fixtures, repository.withDigest(v1.digest())), "not from the origin");
                assertTrue(first.appAnswers());
            }
            long firstLauncherBytes = origin.bytesAnswered();
            System.out.println("Origin bytes for the first launcher (through the mirror): " + firstLauncherBytes);
            fixtures.removeLocal(v1.imageId());

            // 2. A second launcher (its own settings folder), the origin up: it is asked only which digest the channel names.
            origin.resetCount();
            try (LauncherHarness second = new LauncherHarness("mirror2", repository)) {
                second.start(o -> withKeysAndMirror(o, second, maintainer, lab));
                Status s = second.await(LauncherState.RUNNING, START);
                assertEquals(Optional.of(v1.digest()), s.image().orElseThrow().digest());
                assertTrue(s.image().orElseThrow().verification().verified());
            }
            long secondLauncherBytes = origin.bytesAnswered();
            System.out.println("Origin bytes for the second launcher (origin up): " + secondLauncherBytes);
            assertTrue(secondLauncherBytes < 8_000, "only answers to HEAD requests, no content: " + secondLauncherBytes);
            assertTrue(firstLauncherBytes > PAYLOAD_BYTES, "the first fetched the new layer through the mirror: " + firstLauncherBytes);
            fixtures.removeLocal(v1.imageId());

            // 3. A third launcher with the origin stopped: the newest release the mirror holds whose signature verifies.
            origin.close();
            origin.resetCount();
            try (LauncherHarness third = new LauncherHarness("mirror3", repository)) {
                third.start(o -> withKeysAndMirror(o, third, maintainer, lab));
                Status s = third.await(LauncherState.RUNNING, START);
                assertEquals(Optional.of(v1.digest()), s.image().orElseThrow().digest());
                assertTrue(s.image().orElseThrow().verification().verified());
                assertTrue(s.message().contains(mirror.host()), "the page says the mirror was used: " + s.message());
                assertTrue(third.appAnswers());
            }
            assertEquals(0, origin.bytesAnswered(), () -> "nothing from the origin; its log: " + originRegistry.log());
        } finally {
            origin.close();
            originRegistry.close();
        }
    }

    @Test
    void aMirrorWithOtherContentUnderTheTagIsNotUsed() throws Exception {
        TestEnvironment env = TestEnvironment.get();
        FixtureImages fixtures = new FixtureImages(env);
        LoopbackRegistry originRegistry = LoopbackRegistry.plain();
        LoopbackProxy origin = LoopbackProxy.forwardingTo(originRegistry.port());
        try (LoopbackRegistry impostor = LoopbackRegistry.plain()) {
            ImageReference repository = ImageReference.parse("127.0.0.1:" + origin.port() + "/lab/" + TestEnvironment.uniqueRepository("impostor"));
            SigningKey maintainer = SigningKeys.generate();
            PushedImage v1 = fixtures.pushApp(repository.withTag("latest"), "1.0.0-real", Mode.HEALTHY);
            new SignatureStore(new RegistryFixtures(env).client()).attach(new ImageSigner(maintainer).sign(repository, v1.digest()));
            fixtures.removeLocal(v1.imageId());
            // A plain registry pretending to be a mirror: other content under the same name and tag.
            ImageReference atImpostor = ImageReference.parse(impostor.host() + "/" + repository.repository());
            PushedImage other = fixtures.pushApp(atImpostor.withTag("latest"), "6.6.6-other", Mode.HEALTHY);
            fixtures.removeLocal(other.imageId());
            assertNotEquals(v1.digest(), other.digest());
            LabMirror lab = LabMirror.parse(impostor.host(), "(test)");

            // The origin up: it names the release; the impostor does not have it, so it comes from the origin, and the page says so.
            try (LauncherHarness h = new LauncherHarness("impostor1", repository)) {
                h.start(o -> withKeysAndMirror(o, h, maintainer, lab));
                Status s = h.await(LauncherState.RUNNING, START);
                assertEquals(Optional.of(v1.digest()), s.image().orElseThrow().digest(), () -> "origin's log: " + originRegistry.log());
                assertTrue(s.message().contains(impostor.host()) && s.message().contains(repository.registry()), s.message());
                assertTrue(present(fixtures, repository.withDigest(v1.digest())), "pulled from the origin");
                assertFalse(present(fixtures, atImpostor.withDigest(other.digest())), "the other content was never pulled");

                // An update the user chooses goes the same way, and its message says so too.
                PushedImage v2 = fixtures.pushApp(repository.withTag("latest"), "1.1.0-real", Mode.HEALTHY);
                new SignatureStore(new RegistryFixtures(env).client()).attach(new ImageSigner(maintainer).sign(repository, v2.digest()));
                fixtures.removeLocal(v2.imageId());
                assertEquals(202, h.post("/api/update", "").status());
                Status updated = h.await("RUNNING 1.1.0", st -> st.state() == LauncherState.RUNNING
                        && st.image().flatMap(i -> i.digest()).equals(Optional.of(v2.digest())), START);
                assertTrue(updated.message().contains(impostor.host()) && updated.message().contains(repository.registry()),
                        "the update's message says the mirror failed: " + updated.message());
                fixtures.removeLocal(v2.imageId());
            }

            // The origin stopped: the impostor's release is not signed for the origin's repository, so nothing of it runs.
            origin.close();
            try (LauncherHarness h = new LauncherHarness("impostor2", repository)) {
                h.start(o -> withKeysAndMirror(o, h, maintainer, lab));
                Status s = h.await(LauncherState.ERROR, START);
                assertFalse(h.containerExists(), "nothing runs: " + s.message());
                assertFalse(present(fixtures, atImpostor.withDigest(other.digest())), "the other content was never pulled");
            } finally {
                fixtures.removeLocal(v1.imageId());
            }
        } finally {
            origin.close();
            originRegistry.close();
        }
    }

    private static LauncherOptions withKeysAndMirror(LauncherOptions o, LauncherHarness h, SigningKey maintainer, LabMirror mirror) {
        Path keys = h.home.resolve("maintainer.pub");
        SigningKeys.writePublicKey(maintainer.publicKey(), keys);
        return o.withTrustedKeys(Optional.of(keys)).withMirror(Optional.of(mirror));
    }

    /** The app fixture with a layer of {@value #PAYLOAD_BYTES} random bytes of its own: what a download costs is visible. */
    private static PushedImage pushWithPayload(FixtureImages fixtures, ImageReference target, String version) throws Exception {
        Path context = Files.createTempDirectory("siplims-mirror-app-");
        fixtures.writeAppContext(context, Mode.HEALTHY);
        byte[] payload = new byte[PAYLOAD_BYTES];
        new SecureRandom().nextBytes(payload);
        Files.write(context.resolve("payload.bin"), payload);
        Files.writeString(context.resolve("Dockerfile"), "COPY payload.bin /opt/payload.bin\n", StandardOpenOption.APPEND);
        fixtures.build(context, target, version);
        return new PushedImage(target, fixtures.push(target), fixtures.imageId(target));
    }

    private static boolean present(FixtureImages fixtures, ImageReference pinned) {
        return fixtures.cli().exec(null, "image", "inspect", pinned.toString()).exitCode() == 0;
    }
}
