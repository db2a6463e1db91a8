package org.siplims.core.signing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.siplims.core.UserFacingException;

/**
 * The public keys whose signatures are accepted (ECDSA P-256), each known by its {@link KeyId}.
 * More than one is allowed so that a maintainer can roll over to a new key while releases signed
 * with the old one still verify. Immutable.
 */
public final class TrustedKeys {
    private final Map<KeyId, PublicKey> keys;

    private TrustedKeys(Map<KeyId, PublicKey> keys) {
        this.keys = keys;
    }

    public static TrustedKeys of(Collection<PublicKey> keys) {
        Map<KeyId, PublicKey> byId = new LinkedHashMap<>();
        for (PublicKey key : keys) {
            if (!P256.isP256(key)) {
                throw new IllegalArgumentException("trusted keys must be ECDSA P-256");
            }
            byId.put(KeyId.of(key), key);
        }
        return new TrustedKeys(byId);
    }

    public static TrustedKeys of(PublicKey... keys) {
        return of(List.of(keys));
    }

    /** Every {@code PUBLIC KEY} block of a PEM text (other text is ignored). */
    public static TrustedKeys parse(String pem, String source) {
        return of(SigningKeys.publicKeys(pem, source));
    }

    /**
     * The keys in these files, each holding one or more {@code PUBLIC KEY} blocks.
     *
     * @throws UserFacingException when a file cannot be read, or holds no key or a malformed one
     */
    public static TrustedKeys load(List<Path> files) {
        List<PublicKey> all = new ArrayList<>();
        for (Path file : files) {
            String text;
            try {
                text = Files.readString(file, StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw new UserFacingException("The trusted key file " + file + " cannot be read (" + e.getClass().getSimpleName() + ").",
                        "Check that it exists and that you may read it.", e);
            }
            List<PublicKey> found = SigningKeys.publicKeys(text, file.toString());
            if (found.isEmpty()) {
                throw new UserFacingException("The trusted key file " + file + " holds no public key.",
                        "It should contain the maintainer's public key: lines from -----BEGIN PUBLIC KEY----- "
                                + "to -----END PUBLIC KEY-----.");
            }
            all.addAll(found);
        }
        return of(all);
    }

    public static TrustedKeys load(Path... files) {
        return load(List.of(files));
    }

    public boolean isEmpty() {
        return keys.isEmpty();
    }

    public List<KeyId> ids() {
        return List.copyOf(keys.keySet());
    }

    /** The trusted key under which {@code signature} (DER) is valid for {@code data}, if any. */
    public Optional<KeyId> verifiedBy(byte[] data, byte[] signature) {
        return keys.entrySet().stream()
                .filter(e -> P256.verify(e.getValue(), data, signature))
                .map(Map.Entry::getKey)
                .findFirst();
    }

    @Override
    public String toString() {
        return "TrustedKeys" + keys.keySet();
    }
}
