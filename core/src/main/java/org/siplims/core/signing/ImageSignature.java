package org.siplims.core.signing;

import java.security.PublicKey;
import java.util.Objects;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;

/**
 * A signature over one image: the repository and manifest digest it is for, the public key of the
 * key that made it, the exact payload bytes signed, and the signature (base64 of the DER ECDSA
 * signature).
 */
public record ImageSignature(ImageReference repository, Digest digest, PublicKey publicKey, byte[] payload,
                             String base64Signature) {
    public ImageSignature {
        repository = Objects.requireNonNull(repository, "repository").repositoryOnly();
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(publicKey, "publicKey");
        payload = payload.clone();
        Objects.requireNonNull(base64Signature, "base64Signature");
    }

    /** The short name of the key that made it. */
    public KeyId keyId() {
        return KeyId.of(publicKey);
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** The layer that stores this signature in the signature manifest. */
    public SignatureLayer layer() {
        return SignatureLayer.of(payload, base64Signature);
    }

    /** {@code registry/repo@sha256:…}: the image signed. */
    public ImageReference image() {
        return repository.withDigest(digest);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageSignature other && other.repository.equals(repository) && other.digest.equals(digest)
                && other.publicKey.equals(publicKey) && java.util.Arrays.equals(other.payload, payload)
                && other.base64Signature.equals(base64Signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(repository, digest, publicKey, base64Signature);
    }

    @Override
    public String toString() {
        return "ImageSignature[" + image() + " by " + keyId() + "]";
    }
}
