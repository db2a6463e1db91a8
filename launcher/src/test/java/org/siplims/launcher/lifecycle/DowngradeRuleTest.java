package org.siplims.launcher.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.signing.RollbackRecord;
import org.siplims.launcher.lifecycle.DowngradeRule.Decision;

/**
 * Issue 17 item 8: a channel moved to an older release is refused unless a rollback record signed
 * by a trusted key names this repository, the running version and the offered digest.
 */
class DowngradeRuleTest {
    private static final ImageReference REPO = ImageReference.parse("127.0.0.1:5001/lab/sip-lims");
    private static final ImageReference OTHER = ImageReference.parse("127.0.0.1:5001/lab/other");
    private static final Digest V2 = Digest.parse("sha256:" + "2".repeat(64));
    private static final Digest V1 = Digest.parse("sha256:" + "1".repeat(64));
    private static final Digest V0 = Digest.parse("sha256:" + "0".repeat(64));
    private static final RollbackRecord BACK_TO_V1 = RollbackRecord.of(REPO, "2.0.0", V2, "1.0.0", V1);

    private static Decision enforcing(boolean older, List<RollbackRecord> trustedRecords) {
        return DowngradeRule.decide(true, older, REPO, "2.0.0", V1, trustedRecords);
    }

    @Test
    void aNewerReleaseIsAnUpdate() {
        assertEquals(Decision.UPDATE, enforcing(false, List.of()));
    }

    @Test
    void anOlderReleaseWithAMatchingSignedRecordIsOfferedAsWithdrawn() {
        assertEquals(Decision.WITHDRAWN, enforcing(true, List.of(BACK_TO_V1)));
    }

    @Test
    void anOlderReleaseWithoutARecordIsRefused() {
        assertEquals(Decision.REFUSED, enforcing(true, List.of()));
    }

    @Test
    void aRecordForAnotherDigestAnotherRepositoryOrAnotherRunningVersionDoesNotCount() {
        assertEquals(Decision.REFUSED, enforcing(true, List.of(RollbackRecord.of(REPO, "2.0.0", V2, "0.9.0", V0))), "another digest");
        assertEquals(Decision.REFUSED, enforcing(true, List.of(RollbackRecord.of(OTHER, "2.0.0", V2, "1.0.0", V1))), "another repository");
        assertEquals(Decision.REFUSED, enforcing(true, List.of(RollbackRecord.of(REPO, "3.0.0", V0, "1.0.0", V1))),
                "withdraws another version than the one running");
    }

    @Test
    void aRecordSignedByAnUntrustedKeyIsNeverPassedToTheRule() {
        // Only records whose signature verified with a trusted key reach the rule: an untrusted one is
        // dropped before, so the rule sees none and refuses.
        assertEquals(Decision.REFUSED, enforcing(true, List.of()));
    }

    @Test
    void withoutTrustedKeysAnOlderReleaseIsOfferedAsWithdrawnAndNeverInstalledByItself() {
        // Without keys nothing is verified, neither versions nor records: an older label is shown as
        // what it is (withdrawn), offered only, so the user decides; it is never called an update.
        assertEquals(Decision.WITHDRAWN, DowngradeRule.decide(false, true, REPO, "2.0.0", V1, List.of()));
        assertEquals(Decision.UPDATE, DowngradeRule.decide(false, false, REPO, "2.0.0", V1, List.of()));
    }
}
