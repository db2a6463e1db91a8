package org.siplims.launcher.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.siplims.core.testing.TestEnvironment;
import org.siplims.core.image.ImageReference;
import org.siplims.launcher.status.LauncherState;
import org.siplims.launcher.status.Status;
import org.siplims.core.testing.FixtureImages;
import org.siplims.core.testing.FixtureImages.Mode;
import org.siplims.launcher.testing.LauncherHarness;

/** Updates while the app runs, on every engine: a good one (old images pruned), and a broken one (rolled back). */
class UpdateIT {
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.siplims.core.testing.TestEnvironment#everyEngine")
    void anUpdateToANewerDigestIsPulledWhileTheOldServesThenSwappedWithTheProjectIntact(TestEnvironment.Engine engine) throws Exception {
        try (LauncherHarness h = new LauncherHarness("update", engine)) {
            ImageReference latest = h.repository.withTag("latest");
            // Versions unique to this run: the build cache would otherwise reuse an image of another
            // test, older than it should be, and "older than the previous release" is by creation time.
            String run = "-" + h.containerName.substring(h.containerName.lastIndexOf('-') + 1);
            // An old release the user once had, then the current one.
            FixtureImages.PushedImage v0 = h.fixtures.pushApp(latest, "0.9.0" + run, Mode.HEALTHY);
            FixtureImages.PushedImage v1 = h.fixtures.pushApp(latest, "1.0.0" + run, Mode.HEALTHY);
            h.fixtures.cli().run("pull", v0.pinned().toString());
            // The newest release at start, not the one already here: on Podman a release built here and
            // pushed is known only by its local manifest digest, so it would not count as "here".
            h.start(o -> o.withInstallUpdatesAtStart(true));
            Status first = h.await(LauncherState.RUNNING, Duration.ofSeconds(60));
            assertEquals(Optional.of(v1.digest()), first.image().orElseThrow().digest());
            assertFalse(first.update().available());
            Files.writeString(h.project.resolve("experiment.txt"), "work in progress\n");
            String oldContainer = first.container().orElseThrow().id();

            FixtureImages.PushedImage v2 = h.fixtures.pushApp(latest, "2.0.0" + run, Mode.HEALTHY);
            h.fixtures.removeLocal(v2.imageId()); // built here, but a user's machine has to download it
            h.seen.clear();
            assertEquals(202, h.post("/api/update", "").status());
            Status updated = h.await("RUNNING on the new digest",
                    s -> s.state() == LauncherState.RUNNING && s.image().flatMap(i -> i.digest()).equals(Optional.of(v2.digest())),
                    Duration.ofSeconds(60));

            assertTrue(h.seen.stream().anyMatch(s -> s.state() == LauncherState.PULLING && s.appUrl().isPresent()),
                    "the old version kept serving while the new one was pulled");
            assertNotEquals(oldContainer, updated.container().orElseThrow().id());
            assertEquals(v2.pinned().toString(), h.inspectContainer().getConfig().getImage());
            assertFalse(updated.update().available());
            assertTrue(updated.message().contains("Updated"), updated.message());
            assertEquals("work in progress\n", Files.readString(h.project.resolve("experiment.txt")), "the project folder is intact");
            // Images older than the previous release are removed; the previous one stays for a roll-back.
            // (Pruning follows the switch; give it a moment.)
            // By image ID: on Docker's containerd image store 1.0.0's repo@digest name went when its tag moved to 2.0.0.
            h.await("0.9.0 pruned", st -> h.fixtures.cli().exec(null, "image", "inspect", v0.imageId()).exitCode() != 0,
                    Duration.ofSeconds(20));
            assertEquals(0, h.fixtures.cli().exec(null, "image", "inspect", v1.imageId()).exitCode(), "1.0.0 is kept");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.siplims.core.testing.TestEnvironment#everyEngine")
    void aNewReleaseThatNeverBecomesHealthyIsRolledBackAutomatically(TestEnvironment.Engine engine) throws Exception {
        try (LauncherHarness h = new LauncherHarness("rollback", engine)) {
            ImageReference latest = h.repository.withTag("latest");
            FixtureImages.PushedImage good = h.fixtures.pushApp(latest, "1.0.0", Mode.HEALTHY);
            h.start(o -> o.withTimeouts(Duration.ofSeconds(6), Duration.ofSeconds(3), Duration.ofMillis(300))
                    .withInstallUpdatesAtStart(true)); // the release by its registry digest on every engine (see above)
            h.await(LauncherState.RUNNING, Duration.ofSeconds(60));

            FixtureImages.PushedImage broken = h.fixtures.pushApp(latest, "1.1.0", Mode.NEVER_HEALTHY);
            h.seen.clear();
            assertEquals(202, h.post("/api/update", "").status());
            Status back = h.await("RUNNING again after the roll-back",
                    s -> s.state() == LauncherState.RUNNING && s.message().contains("went back"), Duration.ofSeconds(60));

            assertTrue(h.seen.stream().anyMatch(s -> s.image().flatMap(i -> i.digest()).equals(Optional.of(broken.digest()))),
                    "the broken release was tried");
            assertEquals(Optional.of(good.digest()), back.image().orElseThrow().digest());
            // Pinned: by repo@digest, or on Docker's containerd image store by the image ID, which is that same
            // digest (there a build's repo@digest name goes when its tag moves to a newer build).
            String image = h.inspectContainer().getConfig().getImage();
            assertTrue(image.equals(good.pinned().toString()) || (engine.name().equals("docker28") && image.equals(good.digest().toString())),
                    image);
            assertTrue(back.update().available(), "the update is still offered");
            assertTrue(back.update().error().orElse("").contains("did not start properly"), back.update().error().toString());
            assertEquals(200, java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + h.appPort + "/_stcore/health")).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode(), "the previous version serves again");
        }
    }
}
