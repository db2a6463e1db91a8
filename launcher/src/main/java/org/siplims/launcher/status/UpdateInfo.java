package org.siplims.launcher.status;

import java.time.Instant;
import java.util.Optional;
import org.siplims.core.image.Digest;

/**
 * What the last registry check found.
 *
 * @param available    a newer release than the one running exists
 * @param remoteDigest what the channel tag points to, when the check got an answer
 * @param checkedAt    when the registry was last asked
 * @param error        why the last check failed, for a person; empty when it worked
 */
public record UpdateInfo(boolean available, Optional<Digest> remoteDigest, Optional<Instant> checkedAt, Optional<String> error) {
    public static final UpdateInfo NOT_CHECKED = new UpdateInfo(false, Optional.empty(), Optional.empty(), Optional.empty());
}
