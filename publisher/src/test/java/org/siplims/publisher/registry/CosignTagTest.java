package org.siplims.publisher.registry;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The tags cosign writes are not releases: cosign 2's suffixed tags and cosign 3's referrers tag. */
class CosignTagTest {
    private static final String HEX = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    @Test
    void cosignTagsOfBothVersionsAreRecognisedAndReleaseTagsAreNot() {
        assertTrue(ReleaseCatalog.isCosignTag("sha256-" + HEX + ".sig"));
        assertTrue(ReleaseCatalog.isCosignTag("sha256-" + HEX + ".att"));
        assertTrue(ReleaseCatalog.isCosignTag("sha256-" + HEX + ".rollback"), "a signed rollback record is not a release");
        assertTrue(ReleaseCatalog.isCosignTag("sha256-" + HEX));
        assertFalse(ReleaseCatalog.isCosignTag("1.0.0"));
        assertFalse(ReleaseCatalog.isCosignTag("sha-0123456"));
        assertFalse(ReleaseCatalog.isCosignTag("sha256-" + HEX + ".other"));
    }
}
