package org.siplims.launcher.status;

import java.util.Objects;
import org.siplims.core.image.Digest;

/**
 * A release the channel names that the launcher refused to offer or install, and why, typed so
 * that scripts can tell it from a failed check: {@code update.refused} in {@code /api/status}.
 *
 * @param version        the refused release's version (as signed, else its label)
 * @param runningVersion the version that keeps running
 * @param message        for a person: what happened and what to do
 */
public record UpdateRefusal(Kind kind, Digest digest, String version, String runningVersion, String message) {

    /** Why it was refused. The names are part of {@code /api/status}. */
    public enum Kind {
        /**
         * Older than the running release, and no rollback record signed by a trusted key says the
         * maintainer went back to it on purpose (issue 17 item 8): someone who can move the channel
         * tag, but not sign, may be sending labs back to an old release.
         */
        DOWNGRADE_REFUSED
    }

    public UpdateRefusal {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(runningVersion, "runningVersion");
        Objects.requireNonNull(message, "message");
    }

    /** The refusal of going back from {@code runningVersion} to {@code version} without the maintainer's signed record. */
    public static UpdateRefusal downgrade(Digest digest, String version, String runningVersion) {
        return new UpdateRefusal(Kind.DOWNGRADE_REFUSED, digest, version, runningVersion, "The server the app is downloaded from now "
                + "offers " + version + ", an older version than the " + runningVersion + " you have, without the maintainer's signed "
                + "note that going back is intended. The launcher did not install it, and " + runningVersion + " keeps running. "
                + "Tell the lab's maintainer: if they went back on purpose, they run the rollback again with their signing key; "
                + "if not, someone may have tampered with the server.");
    }
}
