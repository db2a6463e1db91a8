package org.siplims.launcher.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.siplims.core.image.Platform;
import org.siplims.core.testing.FixtureImages;
import org.siplims.core.testing.RegistryFixtures;
import org.siplims.launcher.status.ImageInfo;
import org.siplims.launcher.status.LauncherState;
import org.siplims.launcher.status.Status;
import org.siplims.launcher.testing.LauncherHarness;

/**
 * A two-platform release (an index with a linux/amd64 and a linux/arm64 image) on this AMD64
 * machine: the launcher runs the amd64 image natively, not the arm64 one under emulation. The same
 * app's arm64 image, as an arm64-only release, runs under QEMU; the test prints the time to a
 * healthy app of both and their ratio.
 */
class NativeChildIT {
    @Test
    void theNativeImageOfATwoPlatformReleaseRunsAndTheArm64OneRunsOnlyUnderEmulation() {
        Duration nativeTime;
        try (LauncherHarness h = new LauncherHarness("two-platforms")) {
            RegistryFixtures.PushedIndex index = new RegistryFixtures(h.env, h.fixtures).pushTwoPlatformApp(h.repository.withTag("latest"), "4.0.0");
            Instant start = Instant.now();
            h.start();
            Status s = h.await(LauncherState.RUNNING, Duration.ofSeconds(120));
            nativeTime = Duration.between(start, Instant.now());
            ImageInfo image = s.image().orElseThrow();
            assertFalse(image.emulated(), "native: " + s.message());
            assertEquals(Platform.LINUX_AMD64, image.platform());
            assertFalse(s.message().contains("emulation"), s.message());
            assertEquals("amd64", h.env.docker().inspectImageCmd(h.inspectContainer().getImageId()).exec().getArch());
            assertTrue(h.appAnswers());
            assertTrue(index.amd64() != null && index.arm64() != null);
        }
        Duration emulatedTime;
        try (LauncherHarness h = new LauncherHarness("arm64-child")) {
            new RegistryFixtures(h.env, h.fixtures).pushArm64App(h.repository.withTag("latest"), "4.0.0", FixtureImages.Mode.HEALTHY,
                    Map.of("org.siplims.release.version", "4.0.0"));
            Instant start = Instant.now();
            h.start();
            Status s = h.await(LauncherState.RUNNING, Duration.ofSeconds(120));
            emulatedTime = Duration.between(start, Instant.now());
            assertTrue(s.image().orElseThrow().emulated());
            assertEquals("arm64", h.env.docker().inspectImageCmd(h.inspectContainer().getImageId()).exec().getArch());
        }
        System.out.printf("Time to a healthy app: native amd64 %d ms, emulated arm64 %d ms, ratio emulated/native %.2f%n",
                nativeTime.toMillis(), emulatedTime.toMillis(), (double) emulatedTime.toMillis() / nativeTime.toMillis());
    }
}
