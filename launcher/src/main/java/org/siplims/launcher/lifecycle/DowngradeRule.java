package org.siplims.launcher.lifecycle;

import java.util.List;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.signing.RollbackRecord;

/**
 * Whether a release the channel names may be offered, when it is older than the one running
 * (issue 17 item 8). An attacker who can move a tag, but cannot sign, could otherwise send every
 * lab back to an old signed release with a known hole: so, with trusted keys, an older release is
 * refused unless the maintainer's rollback record ({@code publisher rollback}), signed by a
 * trusted key, names this repository, the running version as the withdrawn one and exactly the
 * offered digest.
 *
 * <p>Without trusted keys nothing is verified (neither versions nor records): an older release is
 * then offered as {@link Decision#WITHDRAWN}, which is only an offer the user accepts or not, never
 * installed by itself and never called an update. That is no weaker than running unsigned releases
 * at all, which is what "no trusted keys" already means.
 */
final class DowngradeRule {
    /** What becomes of the release the channel names. */
    enum Decision {
        /** Newer: offered as an update. */
        UPDATE,
        /** Older, and allowed: offered as "the maintainer withdrew the running release". */
        WITHDRAWN,
        /** Older, and no trusted rollback record says so: refused, the running app keeps running. */
        REFUSED
    }

    private DowngradeRule() {
    }

    /**
     * @param enforcing whether trusted keys are configured
     * @param older whether the offered release is older than the running one (by its signed version)
     * @param runningVersion the version of the running release
     * @param trustedRecords rollback records whose signature verified with a trusted key (only those)
     */
    static Decision decide(boolean enforcing, boolean older, ImageReference repository, String runningVersion, Digest offered,
            List<RollbackRecord> trustedRecords) {
        if (!older) {
            return Decision.UPDATE;
        }
        if (!enforcing) {
            return Decision.WITHDRAWN;
        }
        return trustedRecords.stream().anyMatch(r -> r.allows(repository, runningVersion, offered)) ? Decision.WITHDRAWN
                : Decision.REFUSED;
    }
}
