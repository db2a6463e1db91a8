package org.siplims.publisher.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.siplims.core.image.Platform;

class CondaSubdirTest {
    @Test
    void linuxAarch64IsLinuxArm64AndBack() {
        assertEquals(Optional.of(Platform.LINUX_ARM64), new CondaSubdir("linux-aarch64").dockerPlatform());
        assertEquals("linux-aarch64", CondaSubdir.forPlatform(Platform.parse("linux/arm64")).orElseThrow().name());
        assertEquals("linux-aarch64", CondaSubdir.forPlatform(Platform.parse("linux/aarch64")).orElseThrow().name());
    }

    @Test
    void linux64IsLinuxAmd64AndBack() {
        assertEquals(Optional.of(Platform.LINUX_AMD64), new CondaSubdir("linux-64").dockerPlatform());
        assertEquals("linux-64", CondaSubdir.forPlatform(Platform.parse("linux/x86_64")).orElseThrow().name());
    }

    @Test
    void macAndWindowsHaveNoImagePlatform() {
        assertTrue(new CondaSubdir("osx-arm64").dockerPlatform().isEmpty());
        assertEquals("osx-arm64 (macOS)", new CondaSubdir("osx-arm64").describe());
        assertEquals("win-64 (Windows)", new CondaSubdir("win-64").describe());
        assertTrue(CondaSubdir.forPlatform(new Platform("windows", "amd64")).isEmpty());
    }
}
