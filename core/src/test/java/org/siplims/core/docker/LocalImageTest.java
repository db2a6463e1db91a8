package org.siplims.core.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.siplims.core.image.Digest;
import org.siplims.core.image.Platform;
import org.siplims.core.release.ReleaseLabels;

class LocalImageTest {
    private static final ImageId ID = ImageId.parse("sha256:" + "a".repeat(64));
    private static final String DIGEST = "sha256:" + "b".repeat(64);

    @Test
    void theRepoDigestIsTheDigestOfTheFirstDigestReference() {
        LocalImage image = image(List.of("ghcr.io/x/app:1.0", "ghcr.io/x/app@" + DIGEST, "ghcr.io/x/app@sha256:" + "c".repeat(64)));
        assertEquals(Optional.of(Digest.parse(DIGEST)), image.repoDigest());
    }

    @Test
    void aLocallyBuiltImageHasNoRepoDigest() {
        assertEquals(Optional.empty(), image(List.of("ghcr.io/x/app:latest")).repoDigest());
        assertEquals(Optional.empty(), image(List.of()).repoDigest());
    }

    @Test
    void readsTheReleaseFromItsLabels() {
        LocalImage image = new LocalImage(ID, Platform.LINUX_AMD64, Map.of(ReleaseLabels.VERSION, "1.2.3"), Optional.empty(), List.of());
        assertEquals("1.2.3", image.release().version());
    }

    @Test
    void isImmutable() {
        LocalImage image = new LocalImage(ID, Platform.LINUX_AMD64, null, Optional.empty(), new java.util.ArrayList<>(List.of("a:1")));
        assertEquals(Map.of(), image.labels());
        assertThrows(UnsupportedOperationException.class, () -> image.references().add("b:2"));
    }

    private static LocalImage image(List<String> references) {
        return new LocalImage(ID, Platform.LINUX_ARM64, Map.of(), Optional.empty(), references);
    }
}
