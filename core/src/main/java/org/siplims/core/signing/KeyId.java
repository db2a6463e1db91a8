package org.siplims.core.signing;

import java.security.PublicKey;
import org.siplims.core.image.Digest;

/**
 * A short name for a public key, shown to people as "verified by key sha256:0123456789abcdef":
 * {@code sha256:} and the first 16 hex digits of the SHA-256 of the key's DER SubjectPublicKeyInfo.
 * The same value comes out of {@code openssl pkey -pubin -in key.pub -outform DER | sha256sum}, so a
 * person can check it without this program. 64 bits tell a handful of keys apart; it is a label,
 * never used to decide trust (verification always uses the full key).
 */
public record KeyId(String value) {
    private static final int HEX_DIGITS = 16;

    public KeyId {
        if (value == null || !value.matches("sha256:[0-9a-f]{" + HEX_DIGITS + "}")) {
            throw new IllegalArgumentException("not a key id: " + value);
        }
    }

    public static KeyId of(PublicKey key) {
        return new KeyId("sha256:" + Digest.of(key.getEncoded()).hex().substring(0, HEX_DIGITS));
    }

    @Override
    public String toString() {
        return value;
    }
}
