package org.siplims.launcher.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.siplims.core.image.ImageReference;
import org.siplims.launcher.status.LauncherState;
import org.siplims.launcher.status.Status;
import org.siplims.core.testing.FixtureImages;
import org.siplims.core.testing.FixtureImages.Mode;
import org.siplims.core.testing.TestEnvironment;
import org.siplims.launcher.testing.LauncherHarness;
import org.siplims.launcher.testing.LoopbackProxy;

/** What a user sees when the registry or Docker is not there, and how the launcher carries on. */
class RegistryAndEngineDownIT {
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.siplims.core.testing.TestEnvironment#everyEngine")
    @SuppressWarnings("try") // closes the registry proxy early on purpose: the registry goes away mid-test
    void registryDownWithALocalImageRunsTheNewestLocalOneAndSaysItCouldNotCheck(TestEnvironment.Engine engine) throws Exception {
        int plainPort = Integer.parseInt(TestEnvironment.get().plainRegistry().split(":")[1]);
        try (LoopbackProxy registry = LoopbackProxy.forwardingTo(plainPort);
             LauncherHarness h = new LauncherHarness("regdown",
                     ImageReference.parse("127.0.0.1:" + registry.port() + "/" + TestEnvironment.uniqueRepository("regdown")), engine)) {
            FixtureImages.PushedImage older = h.fixtures.pushApp(h.repository.withTag("latest"), "1.0.0", Mode.HEALTHY);
            FixtureImages.PushedImage newer = h.fixtures.pushApp(h.repository.withTag("latest"), "1.1.0", Mode.HEALTHY);
            registry.close(); // the registry goes away: connections to it are refused from now on

            h.start();
            Status s = h.await(LauncherState.RUNNING, Duration.ofSeconds(60));
            assertTrue(s.message().contains("Could not check for updates"), s.message());
            assertTrue(s.update().error().orElse("").contains("Cannot reach the registry"), s.update().toString());
            assertTrue(java.util.List.of(h.inspectContainer().getConfig().getEnv()).contains("APP_VERSION=1.1.0"), "the newest local image runs");
            if (!engine.name().equals("podman")) {
                // Podman names a build it pushed by its local manifest's digest, not the one the registry computed.
                assertEquals(Optional.of(newer.digest()), s.image().orElseThrow().digest(), "the newest local image, pinned by its digest");
                assertEquals(newer.pinned().toString(), h.inspectContainer().getConfig().getImage());
            }
            assertFalse(older.digest().equals(newer.digest()));
        }
    }

    @Test
    void registryDownWithoutALocalImageIsAClearError() {
        int closed = LauncherHarness.freePort();
        try (LauncherHarness h = new LauncherHarness("regdown-empty",
                ImageReference.parse("127.0.0.1:" + closed + "/" + TestEnvironment.uniqueRepository("nothing")))) {
            h.start();
            Status s = h.await(LauncherState.ERROR, Duration.ofSeconds(30));
            assertTrue(s.message().contains("127.0.0.1:" + closed), "names the registry it could not reach: " + s.message());
            assertTrue(s.image().isEmpty(), "nothing runs");
            assertFalse(s.message().contains("Exception"), "a sentence for a person, no stack trace: " + s.message());
            assertFalse(h.containerExists());
        }
    }

    @Test
    @SuppressWarnings("try") // closes the launcher before the finally removes its image, which it still uses until then
    void offlineRunsAnImageThatExistsOnlyLocallyPinnedByItsImageId() throws Exception {
        try (LauncherHarness h = new LauncherHarness("offline")) {
            // The maintainer's build, never pushed: it has no registry digest.
            Path context = Files.createTempDirectory("siplims-offline-build");
            h.fixtures.writeAppContext(context, Mode.HEALTHY);
            String imageId = h.fixtures.build(context, h.repository.withTag("latest"), "9.9.9-local");
            try {
                h.start(o -> o.withOffline(true));
                Status s = h.await(LauncherState.RUNNING, Duration.ofSeconds(60));
                assertEquals(imageId, s.image().orElseThrow().reference(), "pinned by image ID");
                assertTrue(s.image().orElseThrow().digest().isEmpty());
                assertEquals(imageId, h.inspectContainer().getConfig().getImage());
                assertTrue(s.update().checkedAt().isEmpty(), "offline: the registry was never asked");
                assertEquals(409, h.post("/api/update", "").status(), "no update checks offline");
            } finally {
                h.close();
                h.fixtures.removeLocal(imageId);
            }
        }
    }

    @Test
    void engineDownAtStartIsReportedThenTheLauncherGoesOnWhenItAnswers() throws Exception {
        Path dir = Files.createTempDirectory("siplims-docker-host");
        Path socket = dir.resolve("docker.sock");
        URI real = TestEnvironment.get().dockerHost();
        try (LauncherHarness h = new LauncherHarness("engine")) {
            h.fixtures.pushApp(h.repository.withTag("latest"), "1.0.0", Mode.HEALTHY);
            h.start(o -> o.withDockerHost(URI.create("unix://" + socket)));
            Status down = h.await(LauncherState.DOCKER_UNAVAILABLE, Duration.ofSeconds(20));
            assertTrue(down.message().contains("Start Docker Desktop"), down.message());
            assertFalse(down.docker().available());
            assertEquals(200, h.get("/api/status").status(), "the API answers while Docker is down");

            // "Docker Desktop starts": its socket appears where the launcher looks.
            Files.createSymbolicLink(socket, Path.of(real.getPath()));
            Status up = h.await(LauncherState.RUNNING, Duration.ofSeconds(60));
            assertTrue(up.docker().available());
            assertTrue(up.docker().version() != null && !up.docker().version().isBlank());
        }
    }
}
