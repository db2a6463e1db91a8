package org.siplims.core.signing;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.signing.VerificationResult.Outcome;

/**
 * Decides whether a digest was signed by a trusted key for this repository, as
 * {@code cosign verify --key} does, and more strictly: besides the signature and the digest named
 * in the payload (what cosign checks), the payload must name this repository, so that a signature
 * cannot be carried over from another repository the same key signs.
 *
 * <p>For each signature in the manifest: the payload must be exactly the content the manifest names
 * (its digest), its signature must verify with a trusted key, and only then is the payload parsed
 * (nothing unauthenticated is interpreted) and its digest and repository compared. One signature
 * passing all checks is enough.
 *
 * <p>Both layouts cosign writes with {@code --key} are read: the legacy signature tag
 * {@code sha256-<hex>.sig} (cosign 1 and 2, and what the publisher writes) and the Sigstore bundle
 * that cosign 3 stores as an OCI 1.1 referrer ({@link BundleStore}). The legacy tag is read first.
 * No transparency log is consulted: the trusted keys decide.
 */
public final class SignatureVerifier {
    private final TrustedKeys trusted;
    private final SignatureStore store;

    /**
     * @throws IllegalArgumentException when there are no trusted keys: with none, nothing can verify,
     *                                  and running unsigned images is the caller's decision to make
     */
    public SignatureVerifier(TrustedKeys trusted, SignatureStore store) {
        this.trusted = Objects.requireNonNull(trusted, "trusted");
        this.store = Objects.requireNonNull(store, "store");
        if (trusted.isEmpty()) {
            throw new IllegalArgumentException("no trusted keys to verify with");
        }
    }

    /**
     * Fetches the signatures of {@code repository@digest} from the registry and checks them.
     *
     * @throws org.siplims.core.registry.RegistryException when the registry cannot be asked: that is
     *         not an answer about the signature, and the caller must not run the image on it either
     */
    public VerificationResult verify(ImageReference repository, Digest digest) {
        return verify(repository, digest, repository);
    }

    /**
     * Fetches the signatures of {@code repository@digest} from {@code signaturesFrom} (a lab mirror of
     * the repository) and checks them against {@code repository}: the payload must still name the
     * origin's repository, so a mirror can carry signatures but cannot make one up.
     *
     * @throws org.siplims.core.registry.RegistryException when that registry cannot be asked
     */
    public VerificationResult verify(ImageReference repository, Digest digest, ImageReference signaturesFrom) {
        ImageReference image = repository.repositoryOnly().withDigest(digest);
        List<VerificationResult> results = new ArrayList<>();
        try {
            Optional<List<SignatureLayer>> layers = store.fetch(signaturesFrom, digest);
            if (layers.isPresent()) {
                results.add(check(repository, digest, layers.get()));
            }
        } catch (SignatureStore.MalformedSignatureException e) {
            results.add(VerificationResult.refused(Outcome.MALFORMED_SIGNATURE, Optional.empty(), "The signature of "
                    + image.familiar() + " cannot be read: " + e.getMessage() + "."));
        }
        if (results.stream().anyMatch(VerificationResult::verified)) {
            return results.get(0);
        }
        Optional<List<BundleStore.Found>> bundles = store.bundles(signaturesFrom, digest);
        for (BundleStore.Found found : bundles.orElse(List.of())) {
            VerificationResult result = checkBundle(repository, digest, found);
            if (result.verified()) {
                return result;
            }
            results.add(result);
        }
        if (results.isEmpty()) {
            return VerificationResult.refused(Outcome.NO_SIGNATURE, Optional.empty(), image.familiar()
                    + " is not signed: the repository has neither the signature tag " + SignatureStore.signatureTag(digest)
                    + " (cosign 2) nor a signature bundle (cosign 3) for it. The release was not signed by the maintainer,"
                    + " or its signature was removed.");
        }
        return mostTelling(results);
    }

    private static VerificationResult mostTelling(List<VerificationResult> results) {
        VerificationResult best = null;
        for (VerificationResult result : results) {
            if (best == null || result.outcome().ordinal() < best.outcome().ordinal()) {
                best = result;
            }
        }
        return best;
    }

    /**
     * Checks one cosign 3 bundle: the DSSE signature must verify with a trusted key over the envelope
     * (its type and payload), and only then is the statement parsed, strictly, and must be a cosign
     * image signature about exactly this digest.
     *
     * <p>A cosign 3 statement names the image by digest only, not by repository: the bundle is
     * accepted from the repository it was found in. The publisher therefore signs the legacy layout,
     * whose payload names the repository too (see {@code publisher.signing.ReleaseSigning}).
     */
    VerificationResult checkBundle(ImageReference repository, Digest digest, BundleStore.Found found) {
        String subject = "The signature bundle of " + repository.repositoryOnly().withDigest(digest).familiar();
        if (found.problem().isPresent()) {
            return malformed(subject + " cannot be read: " + found.problem().get() + ".");
        }
        SigstoreBundle bundle;
        try {
            bundle = SigstoreBundle.parse(found.bundle().orElseThrow());
        } catch (IllegalArgumentException e) {
            return malformed(subject + " cannot be read: " + e.getMessage() + ".");
        }
        Optional<KeyId> key = Optional.empty();
        byte[] signed = bundle.signedBytes();
        for (byte[] der : bundle.signatures()) {
            key = trusted.verifiedBy(signed, der);
            if (key.isPresent()) {
                break;
            }
        }
        if (key.isEmpty()) {
            return VerificationResult.refused(Outcome.UNTRUSTED_SIGNATURE, Optional.empty(), subject
                    + " does not verify with any trusted key (" + trusted.ids().stream().map(KeyId::toString)
                    .collect(Collectors.joining(", ")) + "): it was made with another key, or its statement was changed after signing.");
        }
        InTotoStatement statement;
        try {
            statement = InTotoStatement.parse(bundle.payload());
        } catch (IllegalArgumentException e) {
            return VerificationResult.refused(Outcome.MALFORMED_SIGNATURE, key, subject + " was made by trusted key "
                    + key.get() + ", but its statement cannot be read: " + e.getMessage() + ".");
        }
        if (!statement.predicateType().equals(InTotoStatement.COSIGN_SIGN)) {
            return VerificationResult.refused(Outcome.MALFORMED_SIGNATURE, key, subject + " was made by trusted key "
                    + key.get() + ", but it is an attestation of type " + statement.predicateType() + ", not a signature.");
        }
        if (!statement.isOnlyAbout(digest)) {
            return VerificationResult.refused(Outcome.WRONG_DIGEST, key, subject + " was made by trusted key " + key.get()
                    + " for another image, " + statement.subjects() + ": a signature was copied onto this digest.");
        }
        return VerificationResult.verified(key.get(), repository.repositoryOnly().withDigest(digest).familiar()
                + " is signed by trusted key " + key.get() + " (cosign bundle).");
    }

    /** Checks signatures already fetched (see {@link SignatureStore#fetch}). */
    public VerificationResult check(ImageReference repository, Digest digest, List<SignatureLayer> layers) {
        ImageReference repo = repository.repositoryOnly();
        ImageReference image = repo.withDigest(digest);
        if (layers.isEmpty()) {
            return VerificationResult.refused(Outcome.MALFORMED_SIGNATURE, Optional.empty(),
                    "The signature manifest of " + image.familiar() + " holds no signatures.");
        }
        VerificationResult best = null;
        for (SignatureLayer layer : layers) {
            VerificationResult result = checkLayer(repo, digest, image, layer);
            if (result.verified() && result.signedVersion().isPresent()) {
                return result;
            }
            // A verified signature without a version counts, but one stating the version is preferred.
            if (best == null || result.outcome().ordinal() < best.outcome().ordinal()) {
                best = result;
            }
        }
        return best;
    }

    private VerificationResult checkLayer(ImageReference repo, Digest digest, ImageReference image, SignatureLayer layer) {
        String subject = "The signature of " + image.familiar();
        if (!layer.mediaType().equals(SimpleSigningPayload.MEDIA_TYPE)) {
            return malformed(subject + " has a layer of type " + layer.mediaType() + ", not a simple-signing payload.");
        }
        if (layer.payload() == null) {
            return malformed(subject + " has a payload that was not read (" + layer.size() + " bytes, more than a payload can be).");
        }
        if (!layer.payloadMatchesDigest()) {
            return VerificationResult.refused(Outcome.TAMPERED_PAYLOAD, Optional.empty(), subject
                    + " was tampered with: its payload is not the content the signature manifest names ("
                    + layer.digest().shortForm() + "); it was changed in the registry or on the way.");
        }
        Optional<String> base64 = layer.signature();
        if (base64.isEmpty()) {
            return malformed(subject + " has a payload without the " + SignatureLayer.SIGNATURE_ANNOTATION + " annotation.");
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(base64.get());
        } catch (IllegalArgumentException e) {
            return malformed(subject + " is not valid base64.");
        }
        Optional<KeyId> key = trusted.verifiedBy(layer.payload(), der);
        if (key.isEmpty()) {
            return VerificationResult.refused(Outcome.UNTRUSTED_SIGNATURE, Optional.empty(), subject
                    + " does not verify with any trusted key (" + trusted.ids().stream().map(KeyId::toString)
                    .collect(Collectors.joining(", ")) + "): it was made with another key, or its payload was changed after signing.");
        }
        SimpleSigningPayload payload;
        try {
            payload = SimpleSigningPayload.parse(layer.payload());
        } catch (IllegalArgumentException e) {
            return VerificationResult.refused(Outcome.MALFORMED_SIGNATURE, key, subject + " was made by trusted key "
                    + key.get() + ", but its payload is not a cosign simple-signing payload: " + e.getMessage() + ".");
        }
        if (!payload.manifestDigest().equals(digest)) {
            return VerificationResult.refused(Outcome.WRONG_DIGEST, key, subject + " was made by trusted key " + key.get()
                    + " for another image, " + payload.manifestDigest() + ": a signature was copied onto this digest.");
        }
        if (!payload.names(repo)) {
            return VerificationResult.refused(Outcome.WRONG_REPOSITORY, key, subject + " was made by trusted key " + key.get()
                    + " for the repository " + payload.dockerReference() + ", not " + repo.familiar() + ".");
        }
        return VerificationResult.verified(key.get(), image.familiar() + " is signed by trusted key " + key.get()
                + payload.version().map(v -> " as version " + v).orElse("") + ".", payload.version());
    }

    private static VerificationResult malformed(String message) {
        return VerificationResult.refused(Outcome.MALFORMED_SIGNATURE, Optional.empty(), message);
    }
}
