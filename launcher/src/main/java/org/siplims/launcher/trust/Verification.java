package org.siplims.launcher.trust;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether an image's signature was checked, and what came of it: shown in the status as
 * {@code image.signature} ({@code verified}, {@code unverified}, {@code refused}),
 * {@code image.verified} and {@code image.verifiedBy}.
 *
 * @param keyId   the trusted key that signed the image ({@code sha256:} and 16 hex digits), when verified
 * @param message for a person: why the image is unverified or refused, or which key signed it
 */
public record Verification(Kind kind, Optional<String> keyId, String message) {
    public enum Kind {
        /** A trusted key signed this digest for this repository (now, or when it was first run). */
        VERIFIED,
        /** Not checked: no trusted key is configured, or the image is a local build without a registry digest. */
        UNVERIFIED,
        /** Checked and not signed by a trusted key (or it could not be checked): the launcher does not run it. */
        REFUSED;

        /** The word in the JSON status. */
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What an image is before anything is known about its signature. */
    public static final Verification NOT_CHECKED = new Verification(Kind.UNVERIFIED, Optional.empty(),
            "The signature of this release was not checked.");

    public Verification {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(keyId, "keyId");
        message = message == null ? "" : message;
        if (kind == Kind.VERIFIED && keyId.isEmpty()) {
            throw new IllegalArgumentException("a verified image names its key");
        }
    }

    public static Verification verified(String keyId, String message) {
        return new Verification(Kind.VERIFIED, Optional.of(keyId), message);
    }

    public static Verification unverified(String message) {
        return new Verification(Kind.UNVERIFIED, Optional.empty(), message);
    }

    public static Verification refused(String message) {
        return new Verification(Kind.REFUSED, Optional.empty(), message);
    }

    public boolean verified() {
        return kind == Kind.VERIFIED;
    }

    public boolean refused() {
        return kind == Kind.REFUSED;
    }
}
