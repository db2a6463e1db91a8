package org.siplims.publisher.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ImageToLockTest {
    private static final String HEX = "70717c5d45218635e253ee98c9dd7c2b12d3f4d3b46624ac817f1bc3cfd5ebc2";

    @Test
    void imageIdsAreRecognisedAndNeverTakenForReferences() {
        assertTrue(ImageToLock.isImageId("sha256:" + HEX));
        assertTrue(ImageToLock.isImageId("sha256:70717c5d4521"), "a short ID");
        assertTrue(ImageToLock.isImageId(HEX), "64 hex digits are an ID to the engine too");
    }

    @Test
    void referencesAreNotImageIds() {
        assertFalse(ImageToLock.isImageId("127.0.0.1:5555/lab/app:1.0.0"));
        assertFalse(ImageToLock.isImageId("127.0.0.1:5555/lab/app@sha256:" + HEX));
        assertFalse(ImageToLock.isImageId("ghcr.io/lab/app"));
        assertFalse(ImageToLock.isImageId("70717c5d4521"), "a short hex name may be a repository; the engine looks it up first");
    }

    @Test
    void theEnginesSentenceIsTakenOutOfDockerJavasErrorText() {
        assertEquals("manifest for 127.0.0.1:5555/a:1 not found: \"x\"",
                ImageToLock.engineMessage("Status 404: {\"message\":\"manifest for 127.0.0.1:5555/a:1 not found: \\\"x\\\"\"}\n"));
        assertEquals("connection refused", ImageToLock.engineMessage("connection refused"));
    }
}
