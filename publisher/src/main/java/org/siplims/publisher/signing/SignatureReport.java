package org.siplims.publisher.signing;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Locale;
import java.util.Optional;
import org.siplims.core.image.Digest;
import org.siplims.core.signing.KeyId;
import org.siplims.core.signing.SignatureStore;

/**
 * What is known about a release's signature, for the summary and the {@code --json} record: signed
 * (and verified) in this run, verified with a trusted key, unsigned, present but not checked, or
 * refused.
 *
 * @param tag               the cosign signature tag {@code sha256-<hex>.sig} of the release's digest
 * @param keyId             the key that signed (SIGNED, VERIFIED) or that a refusal concerns
 * @param signatureManifest the digest of the signature manifest stored in this run (SIGNED only)
 * @param reason            why it was refused, for scripts ({@code no_signature}, {@code untrusted_signature}, ...,
 *                          {@code unreadable} when the registry could not be asked); null unless REFUSED
 * @param message           one sentence for a person
 */
public record SignatureReport(Status status, String tag, Optional<KeyId> keyId, Optional<Digest> signatureManifest, String reason,
                              String message) {

    public enum Status {
        /** Signed in this run, stored, and verified from the registry with the key's public key. */
        SIGNED,
        /** An existing signature verified with a trusted key. */
        VERIFIED,
        /** No signature by the configured key, or no signing key configured. */
        UNSIGNED,
        /** A signature tag exists but no trusted key was given to check it with. */
        PRESENT_NOT_CHECKED,
        /** No trusted key was given and there is no signature tag either. */
        ABSENT_NOT_CHECKED,
        /** Trusted keys were given and the signature does not verify with them. */
        REFUSED
    }

    public SignatureReport {
        keyId = keyId == null ? Optional.empty() : keyId;
        signatureManifest = signatureManifest == null ? Optional.empty() : signatureManifest;
    }

    public static String tagFor(Digest digest) {
        return SignatureStore.signatureTag(digest);
    }

    /** Signed by a key: in this run, or found verified. */
    public boolean signed() {
        return status == Status.SIGNED || status == Status.VERIFIED;
    }

    /** A signature checked with a key, with a positive answer. */
    public boolean verified() {
        return signed();
    }

    /** Whether a key was used to check (as opposed to "not checked"). */
    public boolean checked() {
        return status != Status.PRESENT_NOT_CHECKED && status != Status.ABSENT_NOT_CHECKED && status != Status.UNSIGNED;
    }

    /** The value of the summary's {@code signature} row. */
    public String humanLine() {
        return switch (status) {
            case SIGNED -> "signed by key " + keyId.orElseThrow() + ", verified on the registry (tag " + shortTag() + ")";
            case VERIFIED -> "verified: signed by trusted key " + keyId.orElseThrow() + " (tag " + shortTag() + ")";
            case UNSIGNED -> "UNSIGNED: " + message;
            case PRESENT_NOT_CHECKED -> "not checked (no trusted key given); a signature tag " + shortTag() + " exists";
            case ABSENT_NOT_CHECKED -> "not checked (no trusted key given); there is no signature tag " + shortTag();
            case REFUSED -> "REFUSED: " + message;
        };
    }

    /** {@code sha256-0123456789ab….sig}: enough to recognise it on a screen. */
    private String shortTag() {
        return tag.length() > 24 ? tag.substring(0, 19) + "….sig" : tag;
    }

    /** The signature in the {@code --json} record. */
    public Json json() {
        return new Json(status.name().toLowerCase(Locale.ROOT), signed(), checked(), keyId.map(KeyId::toString).orElse(null), tag,
                signatureManifest.map(Digest::toString).orElse(null), reason, message);
    }

    /**
     * The {@code signature} object of the {@code --json} record. {@code keyId} and
     * {@code signatureManifest} are always there (null when unknown); {@code reason} only for a refusal.
     */
    public record Json(String status, boolean signed, boolean checked, String keyId, String tag, String signatureManifest,
                       @JsonInclude(JsonInclude.Include.NON_NULL) String reason, String message) {
    }
}
