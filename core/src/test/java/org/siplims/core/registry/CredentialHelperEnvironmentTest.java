package org.siplims.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a credential helper sees of our environment: a real helper (a shell script) writes down
 * its environment, started by a resolver whose environment holds every secret we know of.
 */
class CredentialHelperEnvironmentTest {
    @TempDir
    Path home;
    @TempDir
    Path bin;

    @Test
    void aHelperSeesNoSecretOfOurs() throws IOException {
        Path seen = home.resolve("seen-by-helper.env");
        Path helper = bin.resolve("docker-credential-dumper");
        Files.writeString(helper, "#!/bin/sh\nenv > '" + seen + "'\n"
                + "echo '{\"ServerURL\":\"ghcr.io\",\"Username\":\"u\",\"Secret\":\"s\"}'\n");
        Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(home.resolve(".docker"));
        Files.writeString(home.resolve(".docker/config.json"), "{\"credsStore\":\"dumper\"}");

        Map<String, String> env = Map.of(
                "PATH", "/usr/bin:/bin",
                "HOME", home.toString(),
                "DBUS_SESSION_BUS_ADDRESS", "unix:path=/run/user/1000/bus",
                // Secrets of the registry client and the publisher; for ghcr.io the resolver would
                // use REGISTRY_* itself, so the helper is asked for another registry.
                "REGISTRY_PASSWORD", "the-registry-password",
                "GITHUB_TOKEN", "the-github-token",
                "PUBLISHER_KEY_PASSWORD", "the-signing-passphrase",
                "SOMETHING_ELSE", "x");
        Credentials got = new CredentialResolver(env, home, List.of(bin)).resolve("registry.example.org").orElseThrow();
        assertEquals("u", got.username());

        Map<String, String> helperEnv = Files.readAllLines(seen).stream().filter(l -> l.contains("="))
                .collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1), (a, b) -> b));
        for (String secret : List.of("REGISTRY_PASSWORD", "GITHUB_TOKEN", "PUBLISHER_KEY_PASSWORD", "SOMETHING_ELSE")) {
            assertFalse(helperEnv.containsKey(secret), secret + " reached the helper");
        }
        assertEquals("/usr/bin:/bin", helperEnv.get("PATH"));
        assertEquals(home.toString(), helperEnv.get("HOME"));
        assertEquals("unix:path=/run/user/1000/bus", helperEnv.get("DBUS_SESSION_BUS_ADDRESS"));
    }
}
