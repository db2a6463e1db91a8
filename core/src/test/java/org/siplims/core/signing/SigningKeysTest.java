package org.siplims.core.signing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siplims.core.UserFacingException;

class SigningKeysTest {
    private static final Supplier<char[]> NEVER_ASKED = () -> {
        throw new AssertionError("the passphrase must not be asked for an unencrypted key");
    };

    @TempDir
    Path dir;

    @Test
    void generatesP256KeysNamedByTheirSpkiDigest() throws Exception {
        SigningKey key = SigningKeys.generate();
        assertTrue(P256.isP256(key.publicKey()));
        assertTrue(P256.isP256(key.privateKey()));
        String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.publicKey().getEncoded()));
        assertEquals("sha256:" + hex.substring(0, 16), key.keyId().value());
        assertFalse(key.toString().contains(HexFormat.of().formatHex(key.privateKey().getEncoded())));
    }

    @Test
    void plainKeyRoundTripsAndIsOwnerOnly() throws Exception {
        SigningKey key = SigningKeys.generate();
        Path file = dir.resolve("keys/signing.key"); // the folder is made too
        SigningKeys.writePrivateKey(key, file, null);

        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(file));
        String text = Files.readString(file);
        assertTrue(text.startsWith("-----BEGIN PRIVATE KEY-----\n"), text);
        assertTrue(text.contains("-----BEGIN PUBLIC KEY-----\n"), text);
        assertFalse(SigningKeys.isEncrypted(file));

        SigningKey back = SigningKeys.readPrivateKey(file, NEVER_ASKED);
        assertArrayEquals(key.privateKey().getEncoded(), back.privateKey().getEncoded());
        assertEquals(key.publicKey(), back.publicKey());
        assertEquals(key.keyId(), back.keyId());
    }

    @Test
    void encryptedKeyRoundTripsAndClearsThePassphrase() throws Exception {
        SigningKey key = SigningKeys.generate();
        Path file = dir.resolve("signing.key");
        SigningKeys.writePrivateKey(key, file, "correct horse".toCharArray());

        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(file));
        String text = Files.readString(file);
        assertTrue(text.startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----\n"), text);
        assertFalse(text.contains("BEGIN PRIVATE KEY"), text);
        assertTrue(SigningKeys.isEncrypted(file));

        char[] given = "correct horse".toCharArray();
        AtomicInteger asked = new AtomicInteger();
        SigningKey back = SigningKeys.readPrivateKey(file, () -> {
            asked.incrementAndGet();
            return given;
        });
        assertEquals(1, asked.get());
        assertArrayEquals(key.privateKey().getEncoded(), back.privateKey().getEncoded());
        assertEquals(key.keyId(), back.keyId());
        assertArrayEquals(new char[given.length], given, "the passphrase array is cleared after use");
    }

    @Test
    void wrongPassphraseIsAClearError() {
        Path file = dir.resolve("signing.key");
        SigningKeys.writePrivateKey(SigningKeys.generate(), file, "right".toCharArray());
        UserFacingException e = assertThrows(UserFacingException.class,
                () -> SigningKeys.readPrivateKey(file, "wrong"::toCharArray));
        assertTrue(e.getMessage().contains("passphrase") && e.getMessage().contains("wrong"), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertFalse(e.hint().isEmpty());
    }

    @Test
    void encryptedKeyWithoutPassphraseIsAClearError() {
        Path file = dir.resolve("signing.key");
        SigningKeys.writePrivateKey(SigningKeys.generate(), file, "right".toCharArray());
        UserFacingException e = assertThrows(UserFacingException.class, () -> SigningKeys.readPrivateKey(file, () -> null));
        assertTrue(e.getMessage().contains("no passphrase"), e.getMessage());
    }

    @Test
    void emptyPassphraseIsRefusedWhenWriting() {
        Path file = dir.resolve("signing.key");
        assertThrows(UserFacingException.class, () -> SigningKeys.writePrivateKey(SigningKeys.generate(), file, new char[0]));
        assertFalse(Files.exists(file));
    }

    @Test
    void neverOverwritesAKeyAndLeavesNoTemporaryFiles() throws Exception {
        Path file = dir.resolve("signing.key");
        SigningKeys.writePrivateKey(SigningKeys.generate(), file, null);
        String before = Files.readString(file);
        UserFacingException e = assertThrows(UserFacingException.class,
                () -> SigningKeys.writePrivateKey(SigningKeys.generate(), file, null));
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
        assertEquals(before, Files.readString(file));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void publicKeyFileRoundTripsAndIsReadableByOthers() throws Exception {
        SigningKey key = SigningKeys.generate();
        Path file = dir.resolve("signing.pub");
        SigningKeys.writePublicKey(key.publicKey(), file);
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        assertTrue(permissions.contains(PosixFilePermission.OWNER_READ));
        assertFalse(permissions.contains(PosixFilePermission.GROUP_WRITE) || permissions.contains(PosixFilePermission.OTHERS_WRITE));
        assertEquals(SigningKeys.publicKeyPem(key.publicKey()), Files.readString(file));
        assertTrue(Files.readString(file).startsWith("-----BEGIN PUBLIC KEY-----\n"));
        assertEquals(key.publicKey(), SigningKeys.readPublicKey(file));
    }

    @Test
    void aPublicKeyThatDoesNotBelongToThePrivateKeyIsRefused() throws Exception {
        SigningKey key = SigningKeys.generate();
        SigningKey other = SigningKeys.generate();
        Path file = dir.resolve("mixed.key");
        Files.writeString(file, Pem.encode(SigningKeys.PRIVATE_KEY, key.privateKey().getEncoded())
                + SigningKeys.publicKeyPem(other.publicKey()));
        UserFacingException e = assertThrows(UserFacingException.class, () -> SigningKeys.readPrivateKey(file, NEVER_ASKED));
        assertTrue(e.getMessage().contains("does not belong"), e.getMessage());
    }

    @Test
    void aKeyFileWithoutItsPublicKeySaysHowToAddIt() throws Exception {
        Path file = dir.resolve("bare.key");
        Files.writeString(file, Pem.encode(SigningKeys.PRIVATE_KEY, SigningKeys.generate().privateKey().getEncoded()));
        UserFacingException e = assertThrows(UserFacingException.class, () -> SigningKeys.readPrivateKey(file, NEVER_ASKED));
        assertTrue(e.getMessage().contains("no PUBLIC KEY"), e.getMessage());
        assertTrue(e.hint().contains("openssl pkey"), e.hint());
    }

    @Test
    void otherKeyFormatsAreNamedInTheError() throws Exception {
        Path sec1 = dir.resolve("sec1.key");
        Files.writeString(sec1, "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n");
        assertTrue(assertThrows(UserFacingException.class, () -> SigningKeys.readPrivateKey(sec1, NEVER_ASKED))
                .getMessage().contains("older EC format"));

        Path cosign = dir.resolve("cosign.key");
        Files.writeString(cosign, "-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n");
        assertTrue(assertThrows(UserFacingException.class, () -> SigningKeys.readPrivateKey(cosign, NEVER_ASKED))
                .getMessage().contains("cosign private key"));

        Path garbage = dir.resolve("garbage.key");
        Files.writeString(garbage, "-----BEGIN PRIVATE KEY-----\n!!!\n-----END PRIVATE KEY-----\n");
        assertTrue(assertThrows(UserFacingException.class, () -> SigningKeys.readPrivateKey(garbage, NEVER_ASKED))
                .getMessage().contains("not a key file in PEM format"));

        Path missing = dir.resolve("missing.key");
        assertTrue(assertThrows(UserFacingException.class, () -> SigningKeys.readPrivateKey(missing, NEVER_ASKED))
                .getMessage().contains("does not exist"));
    }

    @Test
    void publicKeysOnOtherCurvesAreRefused() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp384r1"));
        PublicKey p384 = generator.generateKeyPair().getPublic();
        Path file = dir.resolve("p384.pub");
        Files.writeString(file, SigningKeys.publicKeyPem(p384));
        UserFacingException e = assertThrows(UserFacingException.class, () -> SigningKeys.readPublicKey(file));
        assertTrue(e.getMessage().contains("P-256"), e.getMessage());
    }

    @Test
    void pemBlocksMustEndAsTheyBegin() {
        assertThrows(IllegalArgumentException.class,
                () -> Pem.decode("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"));
        assertEquals(1, Pem.decode("a comment\n" + Pem.encode("PUBLIC KEY", new byte[] {1, 2, 3})).size());
    }
}
