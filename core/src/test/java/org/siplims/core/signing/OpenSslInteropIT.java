package org.siplims.core.signing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siplims.core.UserFacingException;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;

/**
 * The key files and signatures checked by an independent implementation, OpenSSL (installed by
 * scripts/test-env), since cosign is not available here: OpenSSL reads our encrypted keys and
 * verifies our signatures, and we read the keys OpenSSL makes.
 */
class OpenSslInteropIT {
    @TempDir
    Path dir;

    private record Run(int exit, byte[] out, String err) {
        String text() {
            return new String(out, StandardCharsets.US_ASCII);
        }
    }

    private Run openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(dir.resolve("openssl.err").toFile()).start();
        byte[] out = p.getInputStream().readAllBytes();
        int exit = p.waitFor();
        return new Run(exit, out, Files.readString(dir.resolve("openssl.err")));
    }

    @Test
    void openSslReadsOurEncryptedKeyOnlyWithThePassphrase() throws Exception {
        SigningKey key = SigningKeys.generate();
        Path file = dir.resolve("signing.key");
        SigningKeys.writePrivateKey(key, file, "s3cret phrase".toCharArray());

        Run right = openssl("pkey", "-in", file.toString(), "-passin", "pass:s3cret phrase", "-pubout");
        assertEquals(0, right.exit(), right.err());
        assertEquals(SigningKeys.publicKeyPem(key.publicKey()), right.text());

        Run wrong = openssl("pkey", "-in", file.toString(), "-passin", "pass:wrong", "-pubout");
        assertNotEquals(0, wrong.exit());

        Run params = openssl("asn1parse", "-in", file.toString());
        assertEquals(0, params.exit(), params.err());
        assertTrue(params.text().contains(":PBES2") && params.text().contains(":PBKDF2")
                && params.text().contains(":hmacWithSHA256") && params.text().contains(":aes-256-cbc"), params.text());
    }

    @Test
    void openSslVerifiesOurSignaturesAndRefusesAChangedPayload() throws Exception {
        SigningKey key = SigningKeys.generate();
        ImageSignature signature = new ImageSigner(key).sign(ImageReference.parse("ghcr.io/lab/app"), Digest.of("manifest"));
        Path pub = dir.resolve("signing.pub");
        SigningKeys.writePublicKey(key.publicKey(), pub);
        Path sig = Files.write(dir.resolve("payload.sig"), Base64.getDecoder().decode(signature.base64Signature()));
        Path payload = Files.write(dir.resolve("payload.json"), signature.payload());

        Run ok = openssl("dgst", "-sha256", "-verify", pub.toString(), "-signature", sig.toString(), payload.toString());
        assertEquals(0, ok.exit(), ok.err());
        assertTrue(ok.text().contains("Verified OK"), ok.text());

        Files.write(payload, " ".getBytes(StandardCharsets.US_ASCII), StandardOpenOption.APPEND);
        Run changed = openssl("dgst", "-sha256", "-verify", pub.toString(), "-signature", sig.toString(), payload.toString());
        assertNotEquals(0, changed.exit());
    }

    @Test
    void weReadAnEncryptedKeyMadeByOpenSsl() throws Exception {
        Path file = dir.resolve("openssl.key");
        Run made = openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-aes-256-cbc",
                "-pass", "pass:from openssl", "-out", file.toString());
        assertEquals(0, made.exit(), made.err());
        Run pub = openssl("pkey", "-in", file.toString(), "-passin", "pass:from openssl", "-pubout");
        assertEquals(0, pub.exit(), pub.err());
        Files.write(file, pub.out(), StandardOpenOption.APPEND);

        assertTrue(SigningKeys.isEncrypted(file));
        SigningKey key = SigningKeys.readPrivateKey(file, "from openssl"::toCharArray);
        assertEquals(SigningKeys.publicKeyPem(key.publicKey()), pub.text());
        assertThrows(UserFacingException.class, () -> SigningKeys.readPrivateKey(file, "not it"::toCharArray));
    }

    @Test
    void theKeyIdIsTheSha256OfTheDerOpenSslPrints() throws Exception {
        SigningKey key = SigningKeys.generate();
        Path pub = dir.resolve("signing.pub");
        SigningKeys.writePublicKey(key.publicKey(), pub);
        Run der = openssl("pkey", "-pubin", "-in", pub.toString(), "-outform", "DER");
        assertEquals(0, der.exit(), der.err());
        assertArrayEquals(key.publicKey().getEncoded(), der.out());
        assertEquals("sha256:" + Digest.of(der.out()).hex().substring(0, 16), key.keyId().value());
    }
}
