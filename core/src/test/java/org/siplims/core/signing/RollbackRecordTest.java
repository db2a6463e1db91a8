package org.siplims.core.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;

class RollbackRecordTest {
    private static final ImageReference REPO = ImageReference.parse("127.0.0.1:5001/lab/sip-lims");
    private static final Digest V2 = Digest.parse("sha256:" + "2".repeat(64));
    private static final Digest V1 = Digest.parse("sha256:" + "1".repeat(64));
    private final RollbackRecord record = RollbackRecord.of(REPO, "2.0.0", V2, "1.0.0", V1);

    @Test
    void roundTripsAndIsStoredBesideTheTargetRelease() {
        assertEquals(record, RollbackRecord.parse(record.toBytes()));
        assertEquals("sha256-" + "1".repeat(64) + ".rollback", record.tag());
        assertTrue(record.allows(ImageReference.parse("127.0.0.1:5001/lab/sip-lims:stable"), "2.0.0", V1));
        assertFalse(record.allows(REPO, "2.0.1", V1));
    }

    @Test
    void aReleaseSignaturePayloadIsNotARollbackRecordAndViceVersa() {
        assertThrows(IllegalArgumentException.class, () -> RollbackRecord.parse(SimpleSigningPayload.forImage(REPO, V1).toBytes()));
        assertThrows(IllegalArgumentException.class, () -> SimpleSigningPayload.parse(record.toBytes()));
    }

    @Test
    void unknownOrDuplicateFieldsAreRefused() {
        String json = new String(record.toBytes(), StandardCharsets.UTF_8);
        assertThrows(IllegalArgumentException.class, () -> RollbackRecord.parse(
                json.replace("\"withdrawn-version\":\"2.0.0\"", "\"withdrawn-version\":\"2.0.0\",\"withdrawn-version\":\"9.0.0\"")
                        .getBytes(StandardCharsets.UTF_8)));
        assertThrows(IllegalArgumentException.class, () -> RollbackRecord.parse(
                json.replace("\"target-version\"", "\"extra\":\"x\",\"target-version\"").getBytes(StandardCharsets.UTF_8)));
        assertThrows(IllegalArgumentException.class, () -> RollbackRecord.parse((json + "{}").getBytes(StandardCharsets.UTF_8)));
    }
}
