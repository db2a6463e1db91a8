package org.siplims.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlatformTest {
    @Test
    void parsesAndNormalisesDockerSpellings() {
        assertEquals(Platform.LINUX_AMD64, Platform.parse("linux/x86_64"));
        assertEquals(Platform.LINUX_ARM64, Platform.parse("linux/aarch64"));
        assertEquals(Platform.LINUX_ARM64, Platform.parse("linux/arm64/v8"));
        assertEquals(new Platform("linux", "arm", Optional.of("v7")), Platform.parse("linux/arm/v7"));
        assertEquals("linux/arm/v7", Platform.parse("Linux/ARM/v7").toString());
    }

    @Test
    void matchingIgnoresAMissingVariant() {
        assertTrue(Platform.parse("linux/arm").matches(Platform.parse("linux/arm/v7")));
        assertFalse(Platform.parse("linux/arm/v6").matches(Platform.parse("linux/arm/v7")));
        assertFalse(Platform.LINUX_AMD64.matches(Platform.LINUX_ARM64));
    }

    @Test
    void rejectsWhatIsNotOsSlashArchitecture() {
        assertThrows(IllegalArgumentException.class, () -> Platform.parse("amd64"));
        assertThrows(IllegalArgumentException.class, () -> Platform.parse("linux/"));
        assertThrows(IllegalArgumentException.class, () -> Platform.parse("a/b/c/d"));
    }
}
