package org.siplims.publisher.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siplims.core.UserFacingException;
import org.siplims.core.signing.KeyId;
import org.siplims.core.signing.SigningKey;
import org.siplims.core.signing.SigningKeys;
import org.siplims.publisher.Main;
import org.siplims.publisher.signing.SecretPrompt;

/** {@code keygen} in-process, with its environment and terminal given by the test: files, permissions, passphrases. */
class KeygenCommandTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
        JsonNode json() throws Exception {
            return new ObjectMapper().readTree(out);
        }
    }

    private static Run run(Map<String, String> env, SecretPrompt prompt, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new Io(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env), prompt);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static SecretPrompt typing(String... lines) {
        Deque<String> answers = new ArrayDeque<>(List.of(lines));
        return prompt -> Optional.ofNullable(answers.poll()).map(String::toCharArray);
    }

    @Test
    void anEncryptedKeyFromThePassphraseInTheEnvironment() throws Exception {
        Path key = dir.resolve("keys/release.key");
        Run r = run(Map.of("PUBLISHER_KEY_PASSWORD", "correct horse battery"), SecretPrompt.none(), "keygen", "--key", key.toString(), "--json");
        assertEquals(0, r.code, r.err);
        Path pub = dir.resolve("keys/release.pub");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        String privateText = Files.readString(key);
        assertTrue(privateText.startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"), privateText);
        assertTrue(privateText.contains("-----BEGIN PUBLIC KEY-----"), "the public key follows the private one");
        assertFalse(privateText.contains("correct horse"), "the passphrase is not in the file");

        // It opens with that passphrase only, and the public key file is its public key.
        SigningKey opened = SigningKeys.readPrivateKey(key, () -> "correct horse battery".toCharArray());
        PublicKey published = SigningKeys.readPublicKey(pub);
        assertArrayEquals(opened.publicKey().getEncoded(), published.getEncoded());
        UserFacingException wrong = assertThrows(UserFacingException.class, () -> SigningKeys.readPrivateKey(key, () -> "wrong".toCharArray()));
        assertTrue(wrong.getMessage().contains("passphrase"), wrong.getMessage());

        JsonNode json = r.json();
        assertEquals(KeyId.of(published).toString(), json.path("keyId").asText());
        assertEquals(Files.readString(pub), json.path("publicKeyPem").asText());
        assertTrue(json.path("encrypted").asBoolean());
        assertEquals(key.toString(), json.path("privateKey").asText());
        // The human report (stderr with --json): key id, the PEM, and where the launcher wants it.
        assertTrue(r.err.contains(KeyId.of(published).toString()), r.err);
        assertTrue(r.err.contains(Files.readString(pub).strip()), r.err);
        assertTrue(r.err.contains("sip-lims-launcher/trusted-keys.pem"), r.err);
        assertTrue(r.err.contains("--signing-key " + key), r.err);
        assertTrue(r.err.contains("PUBLISHER_KEY_PASSWORD"), "names where the passphrase came from: " + r.err);
    }

    @Test
    void aPassphraseTypedTwiceAtTheTerminalAndTheDefaultFileNames() throws Exception {
        Run r = run(Map.of(), typing("typed secret", "typed secret"), "keygen", "--out", dir.toString());
        assertEquals(0, r.code, r.err);
        SigningKey opened = SigningKeys.readPrivateKey(dir.resolve("signing.key"), () -> "typed secret".toCharArray());
        assertArrayEquals(opened.publicKey().getEncoded(), SigningKeys.readPublicKey(dir.resolve("signing.pub")).getEncoded());
        assertTrue(r.out.contains("-----BEGIN PUBLIC KEY-----"), "without --json the report, PEM included, is on stdout: " + r.out);
        assertFalse(r.out.contains("typed secret") || r.err.contains("typed secret"), "the passphrase is never shown");

        Run differ = run(Map.of(), typing("one", "two"), "keygen", "--out", dir.resolve("other").toString());
        assertEquals(2, differ.code, differ.err);
        assertTrue(differ.err.contains("The two passphrases differ"), differ.err);
        assertFalse(Files.exists(dir.resolve("other/signing.key")), "nothing written");
    }

    @Test
    void noPassphraseWritesAnUnencryptedKeyAndNoTerminalIsAnError() throws Exception {
        Run plain = run(Map.of(), SecretPrompt.none(), "keygen", "--out", dir.toString(), "--no-passphrase");
        assertEquals(0, plain.code, plain.err);
        assertTrue(Files.readString(dir.resolve("signing.key")).startsWith("-----BEGIN PRIVATE KEY-----"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("signing.key"))));
        assertTrue(plain.out.contains("NOT encrypted"), plain.out);

        Run noTerminal = run(Map.of(), SecretPrompt.none(), "keygen", "--out", dir.resolve("b").toString());
        assertEquals(2, noTerminal.code, noTerminal.err);
        assertTrue(noTerminal.err.contains("PUBLISHER_KEY_PASSWORD"), noTerminal.err);
        assertFalse(Files.exists(dir.resolve("b/signing.key")));
    }

    @Test
    void anExistingKeyIsNeverOverwritten() throws Exception {
        Map<String, String> env = Map.of("PUBLISHER_KEY_PASSWORD", "pass phrase");
        assertEquals(0, run(env, SecretPrompt.none(), "keygen", "--out", dir.toString()).code);
        String before = Files.readString(dir.resolve("signing.key"));
        Run again = run(env, SecretPrompt.none(), "keygen", "--out", dir.toString());
        assertEquals(2, again.code, again.err);
        assertTrue(again.err.contains(dir.resolve("signing.key").toString()), "names the file in the way: " + again.err);
        assertEquals(before, Files.readString(dir.resolve("signing.key")));

        // Only the public key file in the way: still nothing written, not half a pair.
        Files.writeString(dir.resolve("lone.pub"), "someone's key\n");
        Run half = run(env, SecretPrompt.none(), "keygen", "--key", dir.resolve("lone.key").toString());
        assertEquals(2, half.code, half.err);
        assertFalse(Files.exists(dir.resolve("lone.key")));
        assertEquals("someone's key\n", Files.readString(dir.resolve("lone.pub")));
    }

    @Test
    void theDefaultFolderIsTheUsersConfigurationFolderAndAKeyInARepositoryIsWarnedAbout() throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("XDG_CONFIG_HOME", dir.resolve("config").toString()));
        Run r = run(env, SecretPrompt.none(), "keygen", "--no-passphrase");
        assertEquals(0, r.code, r.err);
        assertTrue(Files.isRegularFile(dir.resolve("config/sip-lims-publisher/signing.key")), r.out);
        assertTrue(Files.isRegularFile(dir.resolve("config/sip-lims-publisher/signing.pub")), r.out);

        Files.createDirectories(dir.resolve("repo/.git"));
        Run inRepo = run(env, SecretPrompt.none(), "keygen", "--no-passphrase", "--out", dir.resolve("repo/keys").toString());
        assertEquals(0, inRepo.code, inRepo.err);
        assertTrue(inRepo.err.contains("WARNING") && inRepo.err.contains("inside the Git working tree " + dir.resolve("repo")), inRepo.err);

        Run both = run(env, SecretPrompt.none(), "keygen", "--out", dir.toString(), "--key", dir.resolve("x.key").toString());
        assertEquals(2, both.code, both.err);
    }

    @Test
    void addToLauncherAppendsThePublicKeyToTheShippedKeysKeepingTheOldOnes() throws Exception {
        Path repo = dir.resolve("repo");
        Files.createDirectories(repo.resolve("launcher"));
        Run first = run(Map.of(), SecretPrompt.none(), "keygen", "--no-passphrase", "--out", dir.resolve("k1").toString(),
                "--add-to-launcher", "--context", repo.toString(), "--json");
        assertEquals(0, first.code, first.err);
        Path shipped = repo.resolve("launcher/trusted-keys.pem");
        assertEquals(shipped.toString(), first.json().path("addedToLauncher").asText());
        Run second = run(Map.of(), SecretPrompt.none(), "keygen", "--no-passphrase", "--out", dir.resolve("k2").toString(),
                "--add-to-launcher", "--context", repo.toString());
        assertEquals(0, second.code, second.err);
        List<PublicKey> keys = SigningKeys.publicKeys(Files.readString(shipped), shipped.toString());
        assertEquals(List.of(SigningKeys.readPublicKey(dir.resolve("k1/signing.pub")), SigningKeys.readPublicKey(dir.resolve("k2/signing.pub"))), keys);

        // Without a launcher folder nothing is written at all.
        Run nowhere = run(Map.of(), SecretPrompt.none(), "keygen", "--no-passphrase", "--out", dir.resolve("k3").toString(),
                "--add-to-launcher", "--context", dir.resolve("empty").toString());
        assertEquals(2, nowhere.code, nowhere.err);
        assertFalse(Files.exists(dir.resolve("k3/signing.key")));

        // Without the option, the report offers it.
        Run offered = run(Map.of(), SecretPrompt.none(), "keygen", "--no-passphrase", "--out", dir.resolve("k4").toString());
        String said = offered.out + offered.err;
        assertTrue(said.contains("launcher/trusted-keys.pem") && said.contains("--add-to-launcher"), said);
    }
}
