package org.siplims.publisher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siplims.publisher.signing.SigningSettings;

/** Where the signing key and trusted keys come from: option, else environment, else publisher.json. */
class SigningSettingsResolverTest {
    @TempDir
    Path dir;

    @Test
    void theOptionWinsOverTheEnvironmentWhichWinsOverTheConfig() throws Exception {
        Files.writeString(dir.resolve("publisher.json"), "{\"signingKey\": \"keys/from-config.key\", \"requireSigning\": true,"
                + " \"trustedKeys\": [\"trusted.pem\", \"~/old.pem\"]}");
        SigningOptions sign = new SigningOptions();
        Map<String, String> env = Map.of(SigningSettings.KEY_ENV, "/env/signing.key");

        SigningSettings fromConfig = SettingsResolver.signing(dir, sign, new TrustedKeyOptions(), Map.of());
        assertEquals(dir.resolve("keys/from-config.key"), fromConfig.key().orElseThrow());
        assertTrue(fromConfig.required());
        assertEquals(List.of(dir.resolve("trusted.pem"), Path.of(System.getProperty("user.home"), "old.pem")), fromConfig.trustedKeys());

        assertEquals(Path.of("/env/signing.key"), SettingsResolver.signing(dir, sign, null, env).key().orElseThrow());

        sign.signingKey = Path.of("/option/signing.key");
        SigningSettings fromOption = SettingsResolver.signing(dir, sign, null, env);
        assertEquals(Path.of("/option/signing.key"), fromOption.key().orElseThrow());
        assertEquals("--signing-key", fromOption.keySource());

        TrustedKeyOptions trust = new TrustedKeyOptions();
        trust.trustedKeys = List.of(Path.of("/a.pem"), Path.of("/b.pem"));
        assertEquals(List.of(Path.of("/a.pem"), Path.of("/b.pem")), SettingsResolver.signing(dir, null, trust, env).trustedKeys());
    }

    @Test
    void commandsWithoutSigningOptionsNeverSignAndNothingConfiguredMeansUnsigned() {
        SigningSettings none = SettingsResolver.signing(dir, new SigningOptions(), null, Map.of());
        assertTrue(none.key().isEmpty());
        assertFalse(none.required());
        assertTrue(none.trustedKeys().isEmpty());
        // A command that does not sign (verify, releases) ignores the signing key in the environment.
        assertTrue(SettingsResolver.signing(dir, null, null, Map.of(SigningSettings.KEY_ENV, "/k")).key().isEmpty());
    }

    @Test
    void aCommittedLauncherKeyRequiresSigningAndIsTheDefaultTrustedKey() throws Exception {
        Files.createDirectories(dir.resolve("launcher"));
        assertFalse(SettingsResolver.signing(dir, new SigningOptions(), null, Map.of()).required());
        Files.writeString(dir.resolve("launcher/trusted-keys.pem"), "-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----\n");

        assertTrue(SettingsResolver.signing(dir, new SigningOptions(), null, Map.of()).required(),
                "with a key the launcher ships, an unsigned push would be refused by every default install");
        assertEquals(List.of(dir.resolve("launcher/trusted-keys.pem")),
                SettingsResolver.signing(dir, null, new TrustedKeyOptions(), Map.of()).trustedKeys());
        TrustedKeyOptions trust = new TrustedKeyOptions();
        trust.trustedKeys = List.of(Path.of("/a.pem"));
        assertEquals(List.of(Path.of("/a.pem")), SettingsResolver.signing(dir, null, trust, Map.of()).trustedKeys());
    }
}
