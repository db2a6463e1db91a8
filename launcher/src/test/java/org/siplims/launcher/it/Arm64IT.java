package org.siplims.launcher.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.siplims.core.image.Platform;
import org.siplims.launcher.status.ImageInfo;
import org.siplims.launcher.status.LauncherState;
import org.siplims.launcher.status.Status;
import org.siplims.core.testing.FixtureImages;
import org.siplims.core.testing.RegistryFixtures;
import org.siplims.launcher.testing.LauncherHarness;

/**
 * A release built for linux/arm64 only (the maintainer's Mac) on this AMD64 machine: pulled and run
 * for arm64 under QEMU and reported as emulated; with emulation switched off, a clear message.
 */
class Arm64IT {
    private static final Path QEMU_HANDLER = Path.of("/proc/sys/fs/binfmt_misc/qemu-aarch64");

    @Test
    void anArm64OnlyReleaseRunsUnderEmulationAndSaysSo() {
        try (LauncherHarness h = new LauncherHarness("arm64")) {
            assertTrue(h.env.arm64Emulation(), "scripts/test-env registers arm64 emulation");
            pushArm64(h, "3.0.0");
            h.start();
            Status s = h.await(LauncherState.RUNNING, Duration.ofSeconds(120));
            ImageInfo image = s.image().orElseThrow();
            assertTrue(image.emulated());
            assertEquals(Platform.LINUX_ARM64, image.platform());
            assertEquals("3.0.0", image.version(), "read from the release labels");
            assertTrue(s.message().contains("emulation"), s.message());
            assertEquals("arm64", h.env.docker().inspectImageCmd(h.inspectContainer().getImageId()).exec().getArch());
        }
    }

    @Test
    void withoutEmulationTheUserIsToldItIsMissingAndHowToGetIt() throws Exception {
        try (LauncherHarness h = new LauncherHarness("arm64-noemu")) {
            pushArm64(h, "3.0.1");
            Files.writeString(QEMU_HANDLER, "0");
            try {
                h.start();
                Status s = h.await(LauncherState.ERROR, Duration.ofSeconds(120));
                assertTrue(s.message().contains("emulation of arm64 is missing"), s.message());
                assertTrue(s.message().contains("qemu-user-static"), "says how to get it: " + s.message());
                assertFalse(s.appUrl().isPresent());
            } finally {
                Files.writeString(QEMU_HANDLER, "1");
            }
        }
    }

    private static void pushArm64(LauncherHarness h, String version) {
        new RegistryFixtures(h.env, h.fixtures).pushArm64App(h.repository.withTag("latest"), version, FixtureImages.Mode.HEALTHY,
                Map.of("org.siplims.release.version", version));
    }
}
