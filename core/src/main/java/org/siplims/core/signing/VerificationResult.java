package org.siplims.core.signing;

import java.util.Objects;
import java.util.Optional;

/**
 * The answer to "may this digest run?": verified by a trusted key (named), or refused with the
 * reason and a message for a person (shown on the launcher's page and by {@code publisher verify}).
 */
public record VerificationResult(Outcome outcome, Optional<KeyId> keyId, String message, Optional<String> signedVersion) {

    /**
     * What was found. When a signature manifest holds several signatures and none verifies, the
     * most telling refusal is reported: the constants are ordered from most to least telling.
     */
    public enum Outcome {
        /** A trusted key signed a payload naming this repository and this digest. */
        VERIFIED,
        /** A trusted key signed a payload for another digest: a signature was copied onto this one. */
        WRONG_DIGEST,
        /** A trusted key signed this digest, but as an image of another repository. */
        WRONG_REPOSITORY,
        /** The payload's content does not match the digest the signature manifest records for it. */
        TAMPERED_PAYLOAD,
        /** The signature does not verify with any trusted key: another key made it, or the payload was changed after signing. */
        UNTRUSTED_SIGNATURE,
        /** The signature manifest or payload is not in cosign's format. */
        MALFORMED_SIGNATURE,
        /** There is no {@code sha256-<hex>.sig} tag for this digest. */
        NO_SIGNATURE
    }

    public VerificationResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(signedVersion, "signedVersion");
        if (outcome == Outcome.VERIFIED && keyId.isEmpty()) {
            throw new IllegalArgumentException("a verified result names its key");
        }
        if (outcome != Outcome.VERIFIED && signedVersion.isPresent()) {
            throw new IllegalArgumentException("only a verified signature has a signed version");
        }
    }

    public VerificationResult(Outcome outcome, Optional<KeyId> keyId, String message) {
        this(outcome, keyId, message, Optional.empty());
    }

    static VerificationResult verified(KeyId key, String message) {
        return new VerificationResult(Outcome.VERIFIED, Optional.of(key), message);
    }

    /**
     * Verified, with the release's version as the verified payload states it
     * ({@link SimpleSigningPayload#VERSION_CLAIM}); empty when it states none.
     */
    static VerificationResult verified(KeyId key, String message, Optional<String> signedVersion) {
        return new VerificationResult(Outcome.VERIFIED, Optional.of(key), message, signedVersion);
    }

    /** A refusal; {@code key} is the trusted key that signed something else, when that is the reason. */
    static VerificationResult refused(Outcome outcome, Optional<KeyId> key, String message) {
        if (outcome == Outcome.VERIFIED) {
            throw new IllegalArgumentException("a refusal cannot be VERIFIED");
        }
        return new VerificationResult(outcome, key, message);
    }

    public boolean verified() {
        return outcome == Outcome.VERIFIED;
    }
}
