package org.siplims.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DigestTest {
    @Test
    void sha256OfContent() {
        // sha256 of the empty string, as known from every registry's empty blob.
        Digest empty = Digest.of(new byte[0]);
        assertEquals("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", empty.toString());
        assertEquals("e3b0c44298fc", empty.shortForm());
        assertEquals(empty, Digest.parse(empty.toString()));
        assertTrue(Digest.isValid(empty.toString()));
    }

    @Test
    void rejectsWhatIsNotSha256With64LowerCaseHex() {
        assertThrows(InvalidReferenceException.class, () -> Digest.parse("sha256:abc"));
        assertThrows(InvalidReferenceException.class, () -> Digest.parse("sha512:" + "a".repeat(64)));
        assertThrows(InvalidReferenceException.class, () -> Digest.parse("sha256:" + "A".repeat(64)));
        assertThrows(InvalidReferenceException.class, () -> Digest.parse(""));
        InvalidReferenceException e = assertThrows(InvalidReferenceException.class, () -> Digest.parse("sha256:xyz"));
        assertTrue(e.getMessage().contains("64 lower-case hex"), e.getMessage());
        assertFalse(Digest.isValid(null));
    }
}
