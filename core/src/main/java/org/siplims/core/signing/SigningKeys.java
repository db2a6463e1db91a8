package org.siplims.core.signing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.siplims.core.UserFacingException;

/**
 * Makes, writes and reads signing keys, with the JDK's own crypto.
 *
 * <p>A private key file holds the PKCS#8 private key ({@code PRIVATE KEY}, or
 * {@code ENCRYPTED PRIVATE KEY} under a passphrase, PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC)
 * followed by the public key ({@code PUBLIC KEY}, X.509 SubjectPublicKeyInfo): one file is enough to
 * sign and to say which key signed. It is created owner-only ({@code rw-------}) and atomically,
 * and never overwrites an existing file. OpenSSL reads both blocks.
 *
 * <p>A public key file holds the {@code PUBLIC KEY} block only: the same format as cosign's
 * {@code cosign.pub}. This is what the launcher is given.
 */
public final class SigningKeys {
    static final String PRIVATE_KEY = "PRIVATE KEY";
    static final String ENCRYPTED_PRIVATE_KEY = "ENCRYPTED PRIVATE KEY";
    static final String PUBLIC_KEY = "PUBLIC KEY";

    private SigningKeys() {
    }

    /** A new ECDSA P-256 key pair from the JDK's default SecureRandom. */
    public static SigningKey generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(P256.CURVE));
            KeyPair pair = generator.generateKeyPair();
            return new SigningKey(pair.getPrivate(), pair.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 key generation is part of every JDK 17", e);
        }
    }

    /**
     * Writes the private key (and its public key) to a new owner-only file.
     *
     * @param passphrase encrypts the key when not null; the array is not kept, and may be cleared by the caller afterwards
     * @throws UserFacingException when the file exists, cannot be written, or the passphrase is empty
     */
    public static void writePrivateKey(SigningKey key, Path file, char[] passphrase) {
        String privateBlock;
        if (passphrase == null) {
            privateBlock = Pem.encode(PRIVATE_KEY, key.privateKey().getEncoded());
        } else {
            if (passphrase.length == 0) {
                throw new UserFacingException("An empty passphrase does not protect the signing key.",
                        "Give a passphrase, or none at all to write the key unencrypted.");
            }
            try {
                privateBlock = Pem.encode(ENCRYPTED_PRIVATE_KEY, PrivateKeyEncryption.encrypt(key.privateKey().getEncoded(), passphrase));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(PrivateKeyEncryption.ALGORITHM + " is part of every JDK 17", e);
            }
        }
        write(file, privateBlock + Pem.encode(PUBLIC_KEY, key.publicKey().getEncoded()), true, "signing key");
    }

    /** Writes a public key file ({@code PUBLIC KEY} PEM, readable by everyone), never overwriting one. */
    public static void writePublicKey(PublicKey key, Path file) {
        write(file, publicKeyPem(key), false, "public key");
    }

    /** The public key as PEM text, to print or to hand to the launcher. */
    public static String publicKeyPem(PublicKey key) {
        return Pem.encode(PUBLIC_KEY, key.getEncoded());
    }

    /** Whether the private key file is encrypted, so that a passphrase is asked for only when needed. */
    public static boolean isEncrypted(Path file) {
        return privateBlock(file, read(file, "signing key")).label().equals(ENCRYPTED_PRIVATE_KEY);
    }

    /**
     * Reads a private key file written by {@link #writePrivateKey} (or by OpenSSL, with the public
     * key appended).
     *
     * @param passphrase asked only when the file is encrypted; the array it returns is cleared after use
     * @throws UserFacingException for a missing or unreadable file, a wrong or missing passphrase, a key
     *                             that is not P-256, or a public key that does not belong to it
     */
    public static SigningKey readPrivateKey(Path file, Supplier<char[]> passphrase) {
        String text = read(file, "signing key");
        Pem.Block block = privateBlock(file, text);
        PublicKey publicKey = publicKeys(text, file.toString()).stream().findFirst().orElseThrow(() -> new UserFacingException(
                "The signing key file " + file + " has no PUBLIC KEY block after the private key.",
                "Append it with: openssl pkey -in " + file + " -pubout >> " + file));
        byte[] pkcs8 = block.der();
        boolean encrypted = block.label().equals(ENCRYPTED_PRIVATE_KEY);
        if (encrypted) {
            pkcs8 = decrypt(file, block.der(), passphrase);
        }
        PrivateKey privateKey;
        try {
            privateKey = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (InvalidKeySpecException e) {
            // After decryption, garbage that happened to have valid padding: the passphrase was wrong.
            throw encrypted ? wrongPassphrase(file)
                    : new UserFacingException("The signing key file " + file + " does not hold an EC private key.",
                    "Make a new key pair with the publisher's keygen command.");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC keys are part of every JDK 17", e);
        }
        try {
            return new SigningKey(privateKey, publicKey);
        } catch (IllegalArgumentException e) {
            throw new UserFacingException("The signing key file " + file + " cannot be used: " + e.getMessage() + ".",
                    "Make a new key pair with the publisher's keygen command.");
        }
    }

    /** Reads a file holding exactly one public key (ECDSA P-256). */
    public static PublicKey readPublicKey(Path file) {
        List<PublicKey> keys = publicKeys(read(file, "public key"), file.toString());
        if (keys.size() != 1) {
            throw new UserFacingException("The file " + file + " holds " + keys.size() + " public keys; one was expected.",
                    "A public key file starts with -----BEGIN PUBLIC KEY-----.");
        }
        return keys.get(0);
    }

    /**
     * Every {@code PUBLIC KEY} block in a text, in order; other blocks are ignored.
     *
     * @param source where the text came from, named in errors
     * @throws UserFacingException when a block is malformed or not an ECDSA P-256 key
     */
    public static List<PublicKey> publicKeys(String text, String source) {
        List<Pem.Block> blocks;
        try {
            blocks = Pem.decode(text);
        } catch (IllegalArgumentException e) {
            throw notPem(source, e.getMessage());
        }
        return blocks.stream().filter(b -> b.label().equals(PUBLIC_KEY)).map(b -> publicKey(b.der(), source)).toList();
    }

    private static PublicKey publicKey(byte[] der, String source) {
        PublicKey key;
        try {
            key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
        } catch (InvalidKeySpecException e) {
            throw new UserFacingException("A public key in " + source + " is not an ECDSA key.",
                    "Signatures here use ECDSA P-256 keys, as made by the publisher's keygen command.");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC keys are part of every JDK 17", e);
        }
        if (!P256.isP256(key)) {
            throw new UserFacingException("A public key in " + source + " is not on the P-256 curve.",
                    "Signatures here use ECDSA P-256 keys, as made by the publisher's keygen command.");
        }
        return key;
    }

    private static Pem.Block privateBlock(Path file, String text) {
        List<Pem.Block> blocks;
        try {
            blocks = Pem.decode(text);
        } catch (IllegalArgumentException e) {
            throw notPem(file.toString(), e.getMessage());
        }
        Optional<Pem.Block> found = blocks.stream()
                .filter(b -> b.label().equals(PRIVATE_KEY) || b.label().equals(ENCRYPTED_PRIVATE_KEY))
                .findFirst();
        if (found.isPresent()) {
            return found.get();
        }
        if (blocks.stream().anyMatch(b -> b.label().equals("EC PRIVATE KEY"))) {
            throw new UserFacingException("The signing key file " + file + " is in OpenSSL's older EC format.",
                    "Convert it to PKCS#8: openssl pkcs8 -topk8 -v2 aes256 -in OLD -out NEW, then append the public key "
                            + "with: openssl pkey -in NEW -pubout >> NEW");
        }
        if (blocks.stream().anyMatch(b -> b.label().contains("SIGSTORE") || b.label().contains("COSIGN"))) {
            throw new UserFacingException("The signing key file " + file + " is a cosign private key, whose encryption "
                    + "is not supported here.", "Make a key pair with the publisher's keygen command.");
        }
        throw notPem(file.toString(), "no PRIVATE KEY or ENCRYPTED PRIVATE KEY block");
    }

    private static byte[] decrypt(Path file, byte[] der, Supplier<char[]> passphrase) {
        char[] secret = passphrase == null ? null : passphrase.get();
        if (secret == null || secret.length == 0) {
            throw new UserFacingException("The signing key " + file + " is encrypted and no passphrase was given.",
                    "Give the passphrase chosen when the key was made.");
        }
        try {
            return PrivateKeyEncryption.decrypt(der, secret);
        } catch (PrivateKeyEncryption.WrongPassphraseException e) {
            throw wrongPassphrase(file);
        } catch (GeneralSecurityException e) {
            throw new UserFacingException("The signing key " + file + " is encrypted in a way that is not supported ("
                    + e.getMessage() + ").", "Use PKCS#8 with PBES2, as the publisher's keygen command and OpenSSL 3 write it.");
        } finally {
            Arrays.fill(secret, '\0');
        }
    }

    private static UserFacingException wrongPassphrase(Path file) {
        return new UserFacingException("The passphrase for the signing key " + file + " is wrong.",
                "Give the passphrase chosen when the key was made (check the keyboard layout and Caps Lock).");
    }

    private static UserFacingException notPem(String source, String why) {
        return new UserFacingException(source + " is not a key file in PEM format (" + why + ").",
                "Key files start with a line like -----BEGIN PUBLIC KEY-----.");
    }

    private static String read(Path file, String what) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new UserFacingException("The " + what + " file " + file + " does not exist.",
                    "Check the path" + (what.equals("signing key") ? ", or make a key pair with the publisher's keygen command." : "."));
        } catch (IOException e) {
            throw new UserFacingException("The " + what + " file " + file + " cannot be read (" + e.getClass().getSimpleName()
                    + ").", "Check that the file exists and that you may read it.", e);
        }
    }

    private static void write(Path file, String content, boolean ownerOnly, String what) {
        try {
            KeyFileWriter.writeNew(file, content, ownerOnly);
        } catch (FileAlreadyExistsException e) {
            throw new UserFacingException("The file " + file + " already exists; a " + what + " is never overwritten.",
                    "Choose another file name, or move the old file away first (keep an old key as long as releases "
                            + "signed with it must still verify).");
        } catch (IOException e) {
            throw new UserFacingException("The " + what + " cannot be written to " + file + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ").",
                    "Check that the folder exists and that you may write to it.", e);
        }
    }
}
