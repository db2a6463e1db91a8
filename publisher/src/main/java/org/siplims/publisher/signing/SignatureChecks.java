package org.siplims.publisher.signing;

import java.util.Locale;
import java.util.Optional;
import org.siplims.core.UserFacingException;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.signing.SignatureStore;
import org.siplims.core.signing.SignatureVerifier;
import org.siplims.core.signing.TrustedKeys;
import org.siplims.core.signing.VerificationResult;
import org.siplims.publisher.registry.RegistrySession;

/**
 * Checks a release's signature on the registry with trusted keys, as the launcher will. Anything
 * that stops the check (the registry down, a payload whose content does not match its digest) is a
 * refusal too: a signature that cannot be checked proves nothing.
 */
public final class SignatureChecks {
    private SignatureChecks() {
    }

    /** VERIFIED with the key that signed, or REFUSED with the reason. */
    public static SignatureReport verify(RegistrySession registry, TrustedKeys trusted, ImageReference repository, Digest digest) {
        String tag = SignatureReport.tagFor(digest);
        ImageReference repo = repository.repositoryOnly();
        VerificationResult result;
        try {
            result = new SignatureVerifier(trusted, new SignatureStore(registry.client())).verify(repo, digest);
        } catch (UserFacingException e) {
            return refused(tag, "unreadable", "The signature of " + repo.withDigest(digest).familiar() + " could not be checked: "
                    + e.getMessage());
        } catch (RuntimeException e) {
            return refused(tag, "unreadable", "The signature of " + repo.withDigest(digest).familiar() + " could not be checked: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
        if (result.verified()) {
            return new SignatureReport(SignatureReport.Status.VERIFIED, tag, result.keyId(), Optional.empty(), null, result.message());
        }
        return new SignatureReport(SignatureReport.Status.REFUSED, tag, result.keyId(), Optional.empty(),
                result.outcome().name().toLowerCase(Locale.ROOT), result.message());
    }

    /** Without trusted keys: only whether a signature tag exists (a HEAD request), not whether it is good. */
    public static SignatureReport unchecked(RegistrySession registry, ImageReference repository, Digest digest) {
        String tag = SignatureReport.tagFor(digest);
        // The .sig tag of cosign 2, or the referrers tag under which cosign 3 keeps its bundles.
        boolean present = registry.digestOf(repository, tag).isPresent()
                || registry.digestOf(repository, org.siplims.core.signing.BundleStore.referrersTag(digest)).isPresent();
        return unchecked(tag, present);
    }

    /** Without trusted keys, when it is already known whether the signature tag exists. */
    public static SignatureReport unchecked(String tag, boolean present) {
        return present
                ? new SignatureReport(SignatureReport.Status.PRESENT_NOT_CHECKED, tag, Optional.empty(), Optional.empty(), null,
                "The signature was not checked: no trusted key was given (--trusted-key FILE). A signature tag " + tag + " exists.")
                : new SignatureReport(SignatureReport.Status.ABSENT_NOT_CHECKED, tag, Optional.empty(), Optional.empty(), null,
                "The signature was not checked: no trusted key was given (--trusted-key FILE). There is no signature tag "
                        + tag + ", so the release looks unsigned.");
    }

    private static SignatureReport refused(String tag, String reason, String message) {
        return new SignatureReport(SignatureReport.Status.REFUSED, tag, Optional.empty(), Optional.empty(), reason, message);
    }
}
