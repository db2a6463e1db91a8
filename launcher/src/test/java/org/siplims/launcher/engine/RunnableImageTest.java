package org.siplims.launcher.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.siplims.core.docker.ImageId;
import org.siplims.core.docker.LocalImage;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.image.Platform;
import org.siplims.core.release.ReleaseLabels;

class RunnableImageTest {
    private static final ImageReference CHANNEL = ImageReference.parse("ghcr.io/lab/app:latest");
    private static final ImageId ID = ImageId.parse("sha256:" + "1234567890ab".repeat(5) + "cdef");
    private static final Digest DIGEST = Digest.parse("sha256:" + "f".repeat(64));

    @Test
    void aLocalOnlyBuildIsPinnedByItsImageId() {
        RunnableImage image = RunnableImage.of(local(Map.of()), CHANNEL, Optional.empty(), Platform.LINUX_AMD64);
        assertEquals(ID.toString(), image.runReference());
        assertEquals("1234567890ab", image.describe());
        assertFalse(image.emulated());
    }

    @Test
    void aPulledImageIsPinnedByItsRegistryDigest() {
        RunnableImage image = RunnableImage.of(local(Map.of(ReleaseLabels.VERSION, "2.0.0")), CHANNEL, Optional.of(DIGEST),
                Platform.LINUX_ARM64);
        assertEquals("ghcr.io/lab/app@" + DIGEST, image.runReference());
        assertEquals("2.0.0 (ffffffffffff)", image.describe());
        assertTrue(image.emulated(), "an amd64 image on an arm64 engine");
        assertEquals(ID, image.imageId());
    }

    private static LocalImage local(Map<String, String> labels) {
        return new LocalImage(ID, Platform.LINUX_AMD64, labels, Optional.empty(), List.of("ghcr.io/lab/app:latest"));
    }
}
