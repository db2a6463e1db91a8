package org.siplims.launcher.status;

import java.time.Instant;
import java.util.Optional;
import org.siplims.core.image.Digest;

/**
 * What the last registry check found.
 *
 * @param available    a release other than the one running is offered (newer, or the one the
 *                     maintainer went back to), not refused and not skipped by the user
 * @param remoteDigest what the channel tag points to, when the check got an answer
 * @param checkedAt    when the registry was last asked
 * @param error        why the last check failed, for a person; empty when it worked
 * @param offer        what is offered, with its version and date, when {@code available}
 */
public record UpdateInfo(boolean available, Optional<Digest> remoteDigest, Optional<Instant> checkedAt, Optional<String> error,
                         Optional<UpdateOffer> offer) {
    public static final UpdateInfo NOT_CHECKED = new UpdateInfo(false, Optional.empty(), Optional.empty(), Optional.empty());

    public UpdateInfo {
        offer = offer == null || !available ? Optional.empty() : offer;
    }

    /** A check's outcome without the offer's details (they are added by {@link #withOffer}). */
    public UpdateInfo(boolean available, Optional<Digest> remoteDigest, Optional<Instant> checkedAt, Optional<String> error) {
        this(available, remoteDigest, checkedAt, error, Optional.empty());
    }

    public UpdateInfo withOffer(Optional<UpdateOffer> o) {
        return new UpdateInfo(available, remoteDigest, checkedAt, error, o);
    }

    public UpdateInfo withError(Optional<String> e) {
        return new UpdateInfo(available, remoteDigest, checkedAt, e, offer);
    }

    /** No longer offered (skipped, or installed). */
    public UpdateInfo withoutOffer() {
        return new UpdateInfo(false, remoteDigest, checkedAt, error, Optional.empty());
    }
}
