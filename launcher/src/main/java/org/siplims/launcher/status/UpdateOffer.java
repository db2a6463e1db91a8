package org.siplims.launcher.status;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.siplims.core.image.Digest;

/**
 * A release the channel names that is not the one running, offered to the user (never installed
 * on its own): what it is, and whether it is newer ({@link Kind#UPDATE}) or older than the running
 * one ({@link Kind#WITHDRAWN}: the maintainer moved the channel back, so the running release was
 * withdrawn). Whether going back is acceptable at all is decided elsewhere (signed rollback
 * records); this only says what is offered, in words a person understands.
 *
 * @param fromVersion the version running now, as shown to the user
 */
public record UpdateOffer(Kind kind, Digest digest, String version, String commit, Optional<Instant> buildDate, String fromVersion) {

    /** What kind of change the offer is. The names are part of {@code /api/status}. */
    public enum Kind {
        /** A newer release than the one running. */
        UPDATE,
        /** An older release: the maintainer withdrew the one running and the channel went back. */
        WITHDRAWN
    }

    public UpdateOffer {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(digest);
        version = version == null || version.isBlank() ? "unknown" : version;
        commit = commit == null || commit.isBlank() ? "unknown" : commit;
        Objects.requireNonNull(buildDate);
        fromVersion = fromVersion == null ? "" : fromVersion;
    }

    /** The version in words: the version label, else the short digest. */
    public String label() {
        return version.equals("unknown") ? digest.shortForm() : version;
    }

    /** One line for the banner and the console, e.g. "Update available: 1.5.0 (released 2026-03-14, commit 8e7d6c5b4a39)". */
    public String headline() {
        String details = buildDate.map(d -> "released " + d.toString().substring(0, 10)).orElse("release date not known")
                + (commit.equals("unknown") ? "" : ", commit " + commit.substring(0, Math.min(12, commit.length())));
        return switch (kind) {
            case UPDATE -> "Update available: " + label() + " (" + details + ")";
            case WITHDRAWN -> "The maintainer withdrew " + fromVersion + "; going back to " + label() + " is recommended ("
                    + details + ")";
        };
    }
}
