package org.siplims.launcher.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.siplims.core.signing.ImageSigner;
import org.siplims.core.signing.SignatureStore;
import org.siplims.core.signing.SigningKey;
import org.siplims.core.signing.SigningKeys;
import org.siplims.launcher.status.LauncherState;
import org.siplims.launcher.status.Status;
import org.siplims.launcher.trust.Verification;
import org.siplims.core.testing.FixtureImages.Mode;
import org.siplims.core.testing.FixtureImages.PushedImage;
import org.siplims.core.testing.RegistryFixtures;
import org.siplims.launcher.testing.LauncherHarness;

/** Signatures when the launcher starts: no trusted key, an unsigned release, and offline. */
class SignedStartIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void withNoTrustedKeyAnUnsignedReleaseRunsAndIsShownUnverified() throws Exception {
        try (LauncherHarness h = new LauncherHarness("signnokey")) {
            PushedImage v1 = h.fixtures.pushApp(h.repository.withTag("latest"), "1.0.0", Mode.HEALTHY);
            h.start();
            Status s = h.await(LauncherState.RUNNING, Duration.ofSeconds(90));
            assertEquals(Optional.of(v1.digest()), s.image().orElseThrow().digest());
            assertEquals(Verification.Kind.UNVERIFIED, s.image().orElseThrow().verification().kind());
            // Said once, in the Version box (image.signatureNote), not in every Ready message (issue 16, finding 5).
            assertFalse(s.message().contains("Unverified") || s.message().contains("  "), s.message());
            JsonNode image = JSON.readTree(h.get("/api/status").body()).get("image");
            assertTrue(image.get("signatureNote").asText().contains("No trusted key"), image.toString());
            assertFalse(image.get("verified").asBoolean());
            assertTrue(image.get("verifiedBy").isNull());
            assertEquals("unverified", image.get("signature").asText());
        }
    }

    @Test
    void anUnsignedReleaseAtFirstStartIsRefusedAndNothingIsDownloadedOrRun() throws Exception {
        try (LauncherHarness h = new LauncherHarness("signfirst")) {
            PushedImage v1 = h.fixtures.pushApp(h.repository.withTag("latest"), "1.0.0-first", Mode.HEALTHY);
            h.fixtures.removeLocal(v1.imageId());
            Path keys = h.home.resolve("maintainer.pub");
            SigningKeys.writePublicKey(SigningKeys.generate().publicKey(), keys);
            h.start(o -> o.withTrustedKeys(Optional.of(keys)));

            Status s = h.await(LauncherState.ERROR, Duration.ofSeconds(60));
            assertTrue(s.message().contains("not signed") && s.message().contains(SignatureStore.signatureTag(v1.digest())), s.message());
            assertEquals(Optional.of(v1.digest()), s.image().orElseThrow().digest(), "the page names the refused release");
            assertEquals(v1.pinned().toString(), s.image().orElseThrow().reference());
            assertFalse(h.containerExists(), "nothing runs");
            assertNotEquals(0, h.fixtures.cli().exec(null, "image", "inspect", v1.pinned().toString()).exitCode(), "nothing was downloaded");
            JsonNode json = JSON.readTree(h.get("/api/status").body());
            assertEquals("refused", json.get("image").get("signature").asText());
            assertFalse(json.get("image").get("verified").asBoolean());
            assertTrue(json.get("update").get("error").asText().contains("not signed"), json.toString());
        }
    }

    @Test
    void offlineOnlyAReleaseVerifiedBeforeRuns() throws Exception {
        try (LauncherHarness h = new LauncherHarness("signoff")) {
            SigningKey maintainer = SigningKeys.generate();
            PushedImage v1 = h.fixtures.pushApp(h.repository.withTag("latest"), "1.0.0-offline", Mode.HEALTHY);
            new SignatureStore(new RegistryFixtures(h.env).client()).attach(new ImageSigner(maintainer).sign(h.repository, v1.digest()));
            Path keys = h.home.resolve("maintainer.pub");
            SigningKeys.writePublicKey(maintainer.publicKey(), keys);

            // On this computer, but never verified: offline, its signature cannot be checked.
            h.start(o -> o.withTrustedKeys(Optional.of(keys)).withOffline(true));
            Status refused = h.await(LauncherState.ERROR, Duration.ofSeconds(60));
            assertTrue(refused.message().contains("never verified") && refused.message().contains("without --offline"), refused.message());
            assertFalse(h.containerExists());
            h.quit();

            // Online once: verified and remembered.
            h.start(o -> o.withTrustedKeys(Optional.of(keys)));
            Status online = h.await(LauncherState.RUNNING, Duration.ofSeconds(90));
            assertTrue(online.image().orElseThrow().verification().verified(), online.image().toString());
            h.quit();

            // Offline again: the remembered verification lets it run.
            h.start(o -> o.withTrustedKeys(Optional.of(keys)).withOffline(true));
            Status offline = h.await(LauncherState.RUNNING, Duration.ofSeconds(90));
            Verification v = offline.image().orElseThrow().verification();
            assertEquals(Optional.of(maintainer.keyId().toString()), v.keyId(), v.message());
            assertTrue(v.message().contains("first run"), v.message());
        }
    }
}
