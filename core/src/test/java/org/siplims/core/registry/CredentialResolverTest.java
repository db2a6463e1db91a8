package org.siplims.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siplims.core.UserFacingException;

class CredentialResolverTest {
    @TempDir
    Path home;
    @TempDir
    Path bin;

    private void writeConfig(String json) throws IOException {
        Files.createDirectories(home.resolve(".docker"));
        Files.writeString(home.resolve(".docker/config.json"), json);
    }

    private static String auth(String user, String password) {
        return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A real credential helper: a shell script that knows ghcr.io and 127.0.0.1:5557 (identity token),
     * records the server URL it was asked for, and fails like real helpers for anything else.
     */
    private void writeHelper() throws IOException {
        Path helper = bin.resolve("docker-credential-testhelper");
        Files.writeString(helper, """
                #!/bin/sh
                read -r server
                echo "$1 $server" >> "$(dirname "$0")/calls"
                case "$server" in
                  ghcr.io) echo '{"ServerURL":"ghcr.io","Username":"helper-user","Secret":"helper-secret"}' ;;
                  https://index.docker.io/v1/) echo '{"ServerURL":"x","Username":"hub-user","Secret":"hub-secret"}' ;;
                  127.0.0.1:5557) echo '{"ServerURL":"x","Username":"<token>","Secret":"refresh-me"}' ;;
                  *) echo "credentials not found in native keychain"; exit 1 ;;
                esac
                """);
        Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private CredentialResolver resolver(Map<String, String> env) {
        return new CredentialResolver(env, home, List.of(home.resolve("empty-dir"), bin));
    }

    @Test
    void explicitThenEnvironmentThenConfig() throws IOException {
        writeConfig("{\"auths\":{\"ghcr.io\":{\"auth\":\"" + auth("file-user", "file-pw") + "\"}}}");
        Map<String, String> env = Map.of("REGISTRY_USERNAME", "env-user", "REGISTRY_PASSWORD", "env-pw");

        assertEquals("file-user", resolver(Map.of()).resolve("ghcr.io").orElseThrow().username());
        Credentials fromEnv = resolver(env).resolve("ghcr.io").orElseThrow();
        assertEquals("env-user", fromEnv.username());
        assertEquals("env-pw", fromEnv.secret());
        assertTrue(fromEnv.source().contains("REGISTRY_USERNAME"));
        Credentials explicit = resolver(env).withExplicit("ghcr.io", "cli-user", "cli-pw").resolve("ghcr.io").orElseThrow();
        assertEquals("cli-user", explicit.username());
        assertEquals("the command line", explicit.source());
        // Explicit credentials belong to one registry only.
        assertEquals("env-user", resolver(env).withExplicit("ghcr.io", "cli-user", "cli-pw").resolve("other.io").orElseThrow().username());
        assertEquals(Optional.empty(), resolver(Map.of()).resolve("other.io"));
    }

    @Test
    void githubTokenOnlyForGhcr() {
        Map<String, String> env = Map.of("GITHUB_TOKEN", "gh-token", "GITHUB_ACTOR", "octocat");
        Credentials c = resolver(env).resolve("ghcr.io").orElseThrow();
        assertEquals("octocat", c.username());
        assertEquals("gh-token", c.secret());
        assertEquals(Optional.empty(), resolver(env).resolve("docker.io"));
        assertEquals("token", resolver(Map.of("GITHUB_TOKEN", "t")).resolve("ghcr.io").orElseThrow().username());
        // A full REGISTRY_USERNAME/REGISTRY_PASSWORD pair wins over GITHUB_TOKEN.
        assertEquals("p", resolver(Map.of("GITHUB_TOKEN", "t", "REGISTRY_USERNAME", "u", "REGISTRY_PASSWORD", "p"))
                .resolve("ghcr.io").orElseThrow().secret());
        // A user name alone is completed by the token.
        assertEquals("u", resolver(Map.of("GITHUB_TOKEN", "t", "REGISTRY_USERNAME", "u")).resolve("ghcr.io").orElseThrow().username());
    }

    @Test
    void configAuthsInTheirSeveralSpellings() throws IOException {
        writeConfig("{\"auths\":{"
                + "\"https://index.docker.io/v1/\":{\"auth\":\"" + auth("hub", "pw:with:colons") + "\"},"
                + "\"https://registry.example.com\":{\"auth\":\"" + auth("ex", "expw") + "\"},"
                + "\"127.0.0.1:5557\":{\"auth\":\"" + auth("tester", "") + "\",\"identitytoken\":\"id-token\"},"
                + "\"empty.io\":{}"
                + "}}");
        Credentials hub = resolver(Map.of()).resolve("docker.io").orElseThrow();
        assertEquals("hub", hub.username());
        assertEquals("pw:with:colons", hub.secret());
        assertEquals("ex", resolver(Map.of()).resolve("registry.example.com").orElseThrow().username());
        Credentials id = resolver(Map.of()).resolve("127.0.0.1:5557").orElseThrow();
        assertTrue(id.identityToken());
        assertEquals("id-token", id.secret());
        assertEquals(Optional.empty(), resolver(Map.of()).resolve("empty.io"));
    }

    @Test
    void dockerConfigEnvironmentVariable() throws IOException {
        Path other = Files.createDirectories(home.resolve("elsewhere"));
        Files.writeString(other.resolve("config.json"), "{\"auths\":{\"ghcr.io\":{\"auth\":\"" + auth("there", "pw") + "\"}}}");
        assertEquals("there", resolver(Map.of("DOCKER_CONFIG", other.toString())).resolve("ghcr.io").orElseThrow().username());
        assertEquals(Optional.empty(), resolver(Map.of()).resolve("ghcr.io"));
    }

    @Test
    void credentialHelpersThroughARealExecutable() throws IOException {
        writeHelper();
        writeConfig("{\"credsStore\":\"testhelper\",\"credHelpers\":{\"special.io\":\"missinghelper\"},"
                + "\"auths\":{\"unknown.io\":{\"auth\":\"" + auth("fallback", "pw") + "\"},"
                + "\"special.io\":{\"auth\":\"" + auth("special-file", "pw") + "\"}}}");
        CredentialResolver r = resolver(Map.of());

        Credentials ghcr = r.resolve("ghcr.io").orElseThrow();
        assertEquals("helper-user", ghcr.username());
        assertEquals("helper-secret", ghcr.secret());
        assertTrue(ghcr.source().contains("docker-credential-testhelper"));
        assertEquals("hub-user", r.resolve("docker.io").orElseThrow().username());
        Credentials token = r.resolve("127.0.0.1:5557").orElseThrow();
        assertTrue(token.identityToken());
        assertEquals("refresh-me", token.secret());
        // The helper does not know it: the file's own entry is used.
        assertEquals("fallback", r.resolve("unknown.io").orElseThrow().username());
        // credHelpers names a helper that is not installed: it does not fall back to credsStore, only to the file.
        assertEquals("special-file", r.resolve("special.io").orElseThrow().username());

        String calls = Files.readString(bin.resolve("calls"));
        assertEquals(List.of("get ghcr.io", "get https://index.docker.io/v1/", "get 127.0.0.1:5557", "get unknown.io"), calls.lines().toList());
    }

    @Test
    void credHelperPerRegistryBeatsCredsStore() throws IOException {
        writeHelper();
        writeConfig("{\"credsStore\":\"missinghelper\",\"credHelpers\":{\"ghcr.io\":\"testhelper\"}}");
        assertEquals("helper-user", resolver(Map.of()).resolve("ghcr.io").orElseThrow().username());
        assertEquals(Optional.empty(), resolver(Map.of()).resolve("docker.io"));
    }

    @Test
    void brokenConfigSaysSo() throws IOException {
        writeConfig("{not json");
        UserFacingException e = assertThrows(UserFacingException.class, () -> resolver(Map.of()).resolve("ghcr.io"));
        assertTrue(e.getMessage().contains("config.json"), e.getMessage());
    }

    @Test
    void secretsNeverInToString() {
        Credentials c = Credentials.of("user", "s3cr3t-value", "the command line");
        assertFalse(c.toString().contains("s3cr3t-value"), c.toString());
        assertFalse(c.describe().contains("s3cr3t-value"));
        assertFalse(new Credentials("<token>", "s3cr3t-value", true, "x").toString().contains("s3cr3t-value"));
    }
}
