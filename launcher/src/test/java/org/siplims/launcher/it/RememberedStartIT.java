package org.siplims.launcher.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.siplims.core.testing.FixtureImages;
import org.siplims.launcher.status.LauncherState;
import org.siplims.launcher.status.Status;
import org.siplims.launcher.testing.LauncherHarness;

/**
 * A daily start against the real engine and registry (issue 19): the release that ran last time,
 * still on this computer, starts at once even though the channel has moved on, and the newer
 * release is then found by the update check and offered; once that release is gone from this
 * computer, the start waits for the registry and runs what the channel names.
 */
class RememberedStartIT {
    @Test
    void theReleaseOfLastTimeStartsAtOnceTheNewerOneIsOfferedAndAGoneOneWaitsForTheRegistry() throws Exception {
        try (LauncherHarness h = new LauncherHarness("remembered")) {
            FixtureImages.PushedImage v1 = h.fixtures.pushApp(h.repository.withTag("latest"), "1.0.0", FixtureImages.Mode.HEALTHY);

            // First start: the registry decides; what runs is remembered.
            h.start();
            assertEquals(Optional.of(v1.digest()), h.await(LauncherState.RUNNING, Duration.ofSeconds(90)).image().orElseThrow().digest());
            h.quit();
            assertTrue(Files.readString(h.settings.resolve("last-release.txt")).contains(v1.digest().toString()),
                    "the release that ran is remembered in the settings folder");

            // The channel moves on. The next start runs the remembered release at once, then offers the new one.
            FixtureImages.PushedImage v2 = h.fixtures.pushApp(h.repository.withTag("latest"), "2.0.0", FixtureImages.Mode.HEALTHY);
            h.seen.clear();
            h.start();
            Status running = h.await(LauncherState.RUNNING, Duration.ofSeconds(90));
            assertEquals(Optional.of(v1.digest()), running.image().orElseThrow().digest(), "started without waiting for the registry");
            assertTrue(h.appAnswers());
            Status offered = h.await("the newer release offered", s -> s.update().available(), Duration.ofSeconds(30));
            assertEquals(Optional.of(v2.digest()), offered.update().remoteDigest());
            assertEquals(Optional.of(v1.digest()), offered.image().orElseThrow().digest(), "an offer, not a switch");
            h.quit();

            // The remembered release is gone from this computer: the start waits for the registry and runs what it names.
            h.fixtures.removeLocal(v1.pinned().toString());
            h.fixtures.removeLocal(v1.imageId());
            h.seen.clear();
            h.start();
            Status after = h.await(LauncherState.RUNNING, Duration.ofSeconds(90));
            assertEquals(Optional.of(v2.digest()), after.image().orElseThrow().digest());
            assertTrue(Files.readString(h.settings.resolve("last-release.txt")).contains(v2.digest().toString()));
        }
    }
}
