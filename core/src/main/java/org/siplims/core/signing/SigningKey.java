package org.siplims.core.signing;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Objects;

/**
 * A private signing key with its public key (P-256). The public key is kept beside the private one
 * so that the signer can name the key ({@link #keyId()}) and check its own signatures.
 * {@link #toString()} never shows the private key.
 */
public final class SigningKey {
    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final KeyId keyId;

    /**
     * @throws IllegalArgumentException when either key is not P-256 or the two do not belong together
     */
    public SigningKey(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
        this.publicKey = Objects.requireNonNull(publicKey, "publicKey");
        if (!P256.isP256(privateKey) || !P256.isP256(publicKey)) {
            throw new IllegalArgumentException("signing keys must be ECDSA P-256");
        }
        // EC private keys do not carry their public key in Java; a test signature proves the pair.
        byte[] challenge = "siplims key pair check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        if (!P256.verify(publicKey, challenge, P256.sign(privateKey, challenge))) {
            throw new IllegalArgumentException("the public key does not belong to the private key");
        }
        this.keyId = KeyId.of(publicKey);
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    public KeyId keyId() {
        return keyId;
    }

    @Override
    public String toString() {
        return "SigningKey[" + keyId + "]";
    }
}
