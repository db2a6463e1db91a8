package org.siplims.publisher.imagetest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ImageTesterTest {
    @Test
    void theVersionMustAppearAsAWordOfItsOwn() {
        assertTrue(ImageTester.containsVersion("sip-lims-workflow-manager 1.2.3 (commit abc)", "1.2.3"));
        assertTrue(ImageTester.containsVersion("version 1.2.3.", "1.2.3"));
        assertTrue(ImageTester.containsVersion("1.2.3", "1.2.3"));
        assertFalse(ImageTester.containsVersion("sip-lims-workflow-manager 1.2.30", "1.2.3"));
        assertFalse(ImageTester.containsVersion("v11.2.3", "1.2.3"));
        assertFalse(ImageTester.containsVersion("1.2.3-dirty", "1.2.3"));
        assertTrue(ImageTester.containsVersion("app 1.2.3-dirty", "1.2.3-dirty"));
    }
}
