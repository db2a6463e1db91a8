package org.siplims.launcher.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnerSecretTest {
    private static final int PREFIX = (LoginLinks.PATH + "?code=").length();
    @TempDir
    Path settings;

    @Test
    void theSecretIsMadeOwnerOnlyAndKeptFromRunToRun() throws Exception {
        OwnerSecret first = OwnerSecret.loadOrCreate(settings);
        Path file = settings.resolve(OwnerSecret.FILE);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        OwnerSecret again = OwnerSecret.loadOrCreate(settings);
        assertEquals(first.bearerHeader(), again.bearerHeader(), "a browser signed in once stays signed in after a restart");
        assertTrue(first.matches(first.value()));
        assertFalse(first.matches(first.value() + "x"));
        assertFalse(first.matches(null));
        assertFalse(first.toString().contains(first.value()));
    }

    @Test
    void aSecretFileOthersCouldReadIsReplaced() throws Exception {
        OwnerSecret first = OwnerSecret.loadOrCreate(settings);
        Path file = settings.resolve(OwnerSecret.FILE);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        OwnerSecret replaced = OwnerSecret.loadOrCreate(settings);
        assertNotEquals(first.bearerHeader(), replaced.bearerHeader(), "a secret others could read may be known");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        Files.writeString(file, "short");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertNotEquals("Bearer short", OwnerSecret.loadOrCreate(settings).bearerHeader());
    }

    @Test
    void aSignInLinkWorksOnceBeforeItExpiresAndOnlyForItsSecret() {
        OwnerSecret secret = OwnerSecret.loadOrCreate(settings);
        Instant now = Instant.parse("2026-12-06T10:00:00Z");
        LoginLinks links = new LoginLinks(secret, Clock.fixed(now, ZoneOffset.UTC));
        String code = links.mint().substring(PREFIX);
        assertTrue(links.redeem(code));
        assertFalse(links.redeem(code), "once only");
        String other = new LoginLinks(OwnerSecret.ephemeral(), Clock.fixed(now, ZoneOffset.UTC)).mint().substring(PREFIX);
        assertFalse(links.redeem(other), "made with another secret");
        String old = links.mint().substring(PREFIX);
        LoginLinks later = new LoginLinks(secret, Clock.fixed(now.plus(LoginLinks.VALID_FOR).plus(Duration.ofSeconds(1)), ZoneOffset.UTC));
        assertFalse(later.redeem(old), "expired");
        String fresh = links.mint().substring(PREFIX);
        String[] parts = fresh.split("\\.");
        assertFalse(links.redeem(parts[0] + "." + (Long.parseLong(parts[1]) + 3600) + "." + parts[2]), "a longer life cannot be forged");
        for (String junk : new String[] {null, "", "a.b.c", "x".repeat(500), "..", "a.1.", fresh + "."}) {
            assertFalse(links.redeem(junk), String.valueOf(junk));
        }
    }
}
