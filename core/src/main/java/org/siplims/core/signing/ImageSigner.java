package org.siplims.core.signing;

import java.util.Base64;
import java.util.Objects;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;

/**
 * Signs image manifest digests with one key, as {@code cosign sign --key} does: ECDSA P-256 over
 * SHA-256 of the simple-signing payload naming the repository and the digest. Signs only; storing
 * the signature is {@link SignatureStore}'s job.
 */
public final class ImageSigner {
    private final SigningKey key;

    public ImageSigner(SigningKey key) {
        this.key = Objects.requireNonNull(key, "key");
    }

    /**
     * Signs {@code digest} as an image of {@code repository} (its tag or digest, if any, is ignored:
     * a signature is for a digest, never a tag, because tags move).
     */
    public ImageSignature sign(ImageReference repository, Digest digest) {
        return sign(SimpleSigningPayload.forImage(repository, digest), repository, digest);
    }

    /**
     * The same, with the release's version in the payload's optional claims
     * ({@link SimpleSigningPayload#VERSION_CLAIM}): what the publisher signs, so launchers compare
     * signed versions.
     */
    public ImageSignature sign(ImageReference repository, Digest digest, String version) {
        return sign(SimpleSigningPayload.forImage(repository, digest, version), repository, digest);
    }

    private ImageSignature sign(SimpleSigningPayload signed, ImageReference repository, Digest digest) {
        byte[] payload = signed.toBytes();
        String signature = Base64.getEncoder().encodeToString(P256.sign(key.privateKey(), payload));
        return new ImageSignature(repository, digest, key.publicKey(), payload, signature);
    }

    public KeyId keyId() {
        return key.keyId();
    }
}
