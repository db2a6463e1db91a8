package org.siplims.publisher.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyLocationsTest {
    @TempDir
    Path dir;

    @Test
    void thePublicKeyGoesBesideThePrivateKey() {
        assertEquals(Path.of("/k/release.pub"), KeyLocations.publicKeyFor(Path.of("/k/release.key")));
        assertEquals(Path.of("/k/release.pem.pub"), KeyLocations.publicKeyFor(Path.of("/k/release.pem")));
    }

    @Test
    void theConfigurationRootFollowsEachSystemsConvention() {
        Path home = Path.of("/home/m");
        assertEquals(Path.of("/xdg"), KeyLocations.configRoot("Linux", Map.of("XDG_CONFIG_HOME", "/xdg"), home));
        assertEquals(home.resolve(".config"), KeyLocations.configRoot("Linux", Map.of("XDG_CONFIG_HOME", "relative"), home));
        assertEquals(home.resolve("Library/Application Support"), KeyLocations.configRoot("Mac OS X", Map.of(), home));
        assertEquals(Path.of("/appdata"), KeyLocations.configRoot("Windows 11", Map.of("APPDATA", "/appdata"), home));
    }

    @Test
    void configPathsExpandTheHomeAndResolveAgainstTheContext() {
        Path home = Path.of(System.getProperty("user.home"));
        assertEquals(home.resolve("keys/signing.key"), KeyLocations.expand("~/keys/signing.key", dir));
        assertEquals(dir.resolve("keys/trusted.pem"), KeyLocations.expand("keys/trusted.pem", dir));
        assertEquals(Path.of("/abs/k"), KeyLocations.expand("/abs/k", dir));
    }

    @Test
    void aFolderInsideAGitWorkingTreeIsRecognised() throws Exception {
        Files.createDirectories(dir.resolve("repo/.git"));
        Files.createDirectories(dir.resolve("repo/keys"));
        assertEquals(dir.resolve("repo"), KeyLocations.enclosingGitTree(dir.resolve("repo/keys")).orElseThrow());
        assertTrue(KeyLocations.enclosingGitTree(dir).isEmpty() || !KeyLocations.enclosingGitTree(dir).get().startsWith(dir));
    }
}
