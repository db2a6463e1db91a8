package org.siplims.core.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siplims.core.UserFacingException;

class TrustedKeysTest {
    @TempDir
    Path dir;

    @Test
    void loadsEveryPublicKeyOfAFileAndTellsWhichOneSigned() throws Exception {
        SigningKey old = SigningKeys.generate();
        SigningKey current = SigningKeys.generate();
        Path file = dir.resolve("trusted.pub");
        Files.writeString(file, "# maintainer keys\n" + SigningKeys.publicKeyPem(old.publicKey())
                + SigningKeys.publicKeyPem(current.publicKey()));
        TrustedKeys trusted = TrustedKeys.load(file);
        assertEquals(List.of(old.keyId(), current.keyId()), trusted.ids());

        byte[] data = "payload".getBytes(StandardCharsets.US_ASCII);
        assertEquals(Optional.of(current.keyId()), trusted.verifiedBy(data, P256.sign(current.privateKey(), data)));
        assertEquals(Optional.of(old.keyId()), trusted.verifiedBy(data, P256.sign(old.privateKey(), data)));
        assertEquals(Optional.empty(), trusted.verifiedBy(data, P256.sign(SigningKeys.generate().privateKey(), data)));
        assertEquals(Optional.empty(), trusted.verifiedBy(data, new byte[] {0x30, 0x00}));
    }

    @Test
    void theSameKeyTwiceCountsOnce() {
        SigningKey key = SigningKeys.generate();
        assertEquals(1, TrustedKeys.of(key.publicKey(), key.publicKey()).ids().size());
        assertTrue(TrustedKeys.of().isEmpty());
    }

    @Test
    void aFileWithoutKeysIsAClearError() throws Exception {
        Path file = dir.resolve("empty.pub");
        Files.writeString(file, "nothing here\n");
        UserFacingException e = assertThrows(UserFacingException.class, () -> TrustedKeys.load(file));
        assertTrue(e.getMessage().contains("holds no public key"), e.getMessage());
        assertThrows(UserFacingException.class, () -> TrustedKeys.load(dir.resolve("missing.pub")));
    }
}
