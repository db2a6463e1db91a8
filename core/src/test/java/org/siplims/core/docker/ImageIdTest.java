package org.siplims.core.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.siplims.core.UserFacingException;
import org.siplims.core.image.Digest;

class ImageIdTest {
    private static final String HEX = "0123456789abcdef".repeat(4);

    @Test
    void parsesTheFormEnginesPrint() {
        ImageId id = ImageId.parse("sha256:" + HEX);
        assertEquals("sha256:" + HEX, id.toString());
        assertEquals(HEX, id.hex());
        assertEquals("0123456789ab", id.shortForm());
    }

    @Test
    void acceptsTheBareHexAndSurroundingSpaceAsTheSameId() {
        assertEquals(ImageId.parse("sha256:" + HEX), ImageId.parse(HEX));
        assertEquals(ImageId.parse("sha256:" + HEX), ImageId.parse("  sha256:" + HEX + "\n"));
        assertEquals(ImageId.parse(HEX).hashCode(), ImageId.parse("sha256:" + HEX).hashCode());
    }

    @Test
    void rejectsShortIdsOtherAlgorithmsUpperCaseAndNothing() {
        for (String bad : new String[] {"sha256:" + HEX.substring(0, 12), HEX.substring(0, 12), "sha512:" + HEX,
                "sha256:" + HEX.toUpperCase(), "sha256:" + HEX + "0", "", "   ", "alpine:3.19"}) {
            assertThrows(UserFacingException.class, () -> ImageId.parse(bad), bad);
            assertFalse(ImageId.isValid(bad), bad);
        }
        assertThrows(UserFacingException.class, () -> ImageId.parse(null));
        assertFalse(ImageId.isValid(null));
        assertTrue(ImageId.isValid("sha256:" + HEX));
    }

    @Test
    void comparesWithRegistryDigestsThroughTheSameSha256() {
        Digest config = Digest.parse("sha256:" + HEX);
        ImageId id = ImageId.of(config);
        assertEquals(config, id.asDigest());
        assertEquals(ImageId.parse("sha256:" + HEX), id);
        assertNotEquals(ImageId.parse("sha256:" + "f".repeat(64)), id);
        assertFalse(id.equals(config), "an ID is not a digest, even with the same hex");
    }
}
