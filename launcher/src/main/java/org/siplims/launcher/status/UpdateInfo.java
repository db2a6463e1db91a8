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
 * @param refused      the release the channel names, refused as a downgrade (never with an offer); its message is {@code error}
 */
public record UpdateInfo(boolean available, Optional<Digest> remoteDigest, Optional<Instant> checkedAt, Optional<String> error,
                         Optional<UpdateOffer> offer, Optional<UpdateRefusal> refused) {
    public static final UpdateInfo NOT_CHECKED = new UpdateInfo(false, Optional.empty(), Optional.empty(), Optional.empty());

    public UpdateInfo {
        offer = offer == null || !available ? Optional.empty() : offer;
        refused = refused == null || available ? Optional.empty() : refused;
    }

    public UpdateInfo(boolean available, Optional<Digest> remoteDigest, Optional<Instant> checkedAt, Optional<String> error,
                      Optional<UpdateOffer> offer) {
        this(available, remoteDigest, checkedAt, error, offer, Optional.empty());
    }

    /** A check's outcome without the offer's details (they are added by {@link #withOffer}). */
    public UpdateInfo(boolean available, Optional<Digest> remoteDigest, Optional<Instant> checkedAt, Optional<String> error) {
        this(available, remoteDigest, checkedAt, error, Optional.empty());
    }

    public UpdateInfo withOffer(Optional<UpdateOffer> o) {
        return new UpdateInfo(available, remoteDigest, checkedAt, error, o, refused);
    }

    public UpdateInfo withError(Optional<String> e) {
        return new UpdateInfo(available, remoteDigest, checkedAt, e, offer, refused);
    }

    /** No longer offered (skipped, or installed). */
    public UpdateInfo withoutOffer() {
        return new UpdateInfo(false, remoteDigest, checkedAt, error, Optional.empty(), refused);
    }

    /** The release the channel names is refused as a downgrade: not offered, and said why. */
    public UpdateInfo withRefusal(UpdateRefusal r) {
        return new UpdateInfo(false, Optional.of(r.digest()), checkedAt, Optional.of(r.message()), Optional.empty(), Optional.of(r));
    }
}
