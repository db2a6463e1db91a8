package org.siplims.launcher.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.registry.RegistryClient;
import org.siplims.core.signing.ImageSigner;
import org.siplims.core.signing.RollbackRecord;
import org.siplims.core.signing.RollbackRecords;
import org.siplims.core.signing.SignatureStore;
import org.siplims.core.signing.SigningKey;
import org.siplims.core.signing.SigningKeys;
import org.siplims.core.testing.FixtureImages.Mode;
import org.siplims.core.testing.FixtureImages.PushedImage;
import org.siplims.core.testing.RegistryFixtures;
import org.siplims.launcher.status.LauncherState;
import org.siplims.launcher.status.Status;
import org.siplims.launcher.status.UpdateOffer;
import org.siplims.launcher.status.UpdateRefusal;
import org.siplims.launcher.testing.LauncherHarness;

/**
 * Issue 17 item 8 against the real registry and engine: two releases signed as the publisher signs
 * them (the version in the payload's optional claims), a launcher trusting the maintainer's key
 * running the newer one. The channel tag is then moved back to the older release:
 * <ol>
 * <li>by a plain tag copy, as someone who can move tags but cannot sign would: refused, not offered,
 * not installed even when asked, the running app keeps running, {@code update.refused} says so;</li>
 * <li>with a rollback record signed by another key: still refused;</li>
 * <li>with the record the publisher's {@code rollback} writes ({@link RollbackRecords}, signed by the
 * maintainer): offered as withdrawn, and going back is installed when the user accepts.</li>
 * </ol>
 */
class DowngradeIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anOlderReleaseIsRefusedUnlessTheMaintainersSignedRollbackRecordAllowsIt() throws Exception {
        try (LauncherHarness h = new LauncherHarness("downgrade")) {
            String run = "-" + h.containerName.substring(h.containerName.lastIndexOf('-') + 1);
            ImageReference latest = h.repository.withTag("latest");
            RegistryClient client = new RegistryFixtures(h.env).client();
            SignatureStore store = new SignatureStore(client);
            SigningKey maintainer = SigningKeys.generate();
            String oldVersion = "1.0.0" + run;
            String newVersion = "2.0.0" + run;

            PushedImage v1 = h.fixtures.pushApp(latest, oldVersion, Mode.HEALTHY);
            store.attach(new ImageSigner(maintainer).sign(h.repository, v1.digest(), oldVersion));
            PushedImage v2 = h.fixtures.pushApp(latest, newVersion, Mode.HEALTHY);
            store.attach(new ImageSigner(maintainer).sign(h.repository, v2.digest(), newVersion));
            Files.createDirectories(h.settings);
            SigningKeys.writePublicKey(maintainer.publicKey(), h.settings.resolve("trusted-keys.pem"));
            h.start();
            Status first = h.await(LauncherState.RUNNING, Duration.ofSeconds(90));
            assertEquals(Optional.of(v2.digest()), first.image().orElseThrow().digest());
            String container = first.container().orElseThrow().id();

            // 1. A plain tag copy back to 1.0.0: no record.
            client.putManifest(latest, client.manifest(h.repository.withDigest(v1.digest())));
            Status refused = check(h, v1.digest(), s -> s.update().refused().isPresent());
            UpdateRefusal refusal = refused.update().refused().orElseThrow();
            assertEquals(UpdateRefusal.Kind.DOWNGRADE_REFUSED, refusal.kind());
            assertEquals(oldVersion, refusal.version());
            assertEquals(newVersion, refusal.runningVersion());
            assertFalse(refused.update().available());
            assertTrue(refused.update().offer().isEmpty());
            JsonNode update = JSON.readTree(h.get("/api/status").body()).get("update");
            assertEquals("DOWNGRADE_REFUSED", update.path("refused").path("kind").asText(), update.toString());
            assertEquals(oldVersion, update.path("refused").path("version").asText());
            assertEquals(newVersion, update.path("refused").path("runningVersion").asText());
            assertTrue(update.path("offer").isNull(), update.toString());
            // The page the server renders says it, in the Updates box (shown, not hidden).
            String page = h.get("/").body();
            assertTrue(page.contains(refusal.message().substring(0, 40)), "the page says what happened");
            assertFalse(page.contains("id=\"update-error\" class=\"note note-warn\" hidden"), "the refusal is shown");

            // Asked to update anyway: nothing is installed, the same container keeps serving 2.0.0.
            assertEquals(202, h.post("/api/update", "").status());
            Status after = h.await("the update refused", s -> s.state() == LauncherState.RUNNING
                    && s.message().equals(refusal.message()), Duration.ofSeconds(30));
            assertEquals(Optional.of(v2.digest()), after.image().orElseThrow().digest());
            assertEquals(container, after.container().orElseThrow().id(), "the running app was not touched");
            assertTrue(h.appAnswers());

            // 2. A rollback record signed by a key the launcher does not trust: still refused.
            RollbackRecord back = RollbackRecord.of(h.repository, newVersion, v2.digest(), oldVersion, v1.digest());
            new RollbackRecords(client).attach(SigningKeys.generate(), back);
            check(h, v1.digest(), s -> s.update().refused().isPresent());
            LauncherHarness.sleep(1500); // the check decides within milliseconds; its last word stands
            Status stillRefused = h.launcher().status();
            assertTrue(stillRefused.update().refused().isPresent(), stillRefused.update().toString());
            assertTrue(stillRefused.update().offer().isEmpty());
            assertEquals(container, stillRefused.container().orElseThrow().id());

            // 3. The maintainer's record, as `publisher rollback` writes it: offered as withdrawn, installed on request.
            new RollbackRecords(client).attach(maintainer, back);
            Status offered = check(h, v1.digest(), s -> s.update().offer().isPresent());
            UpdateOffer offer = offered.update().offer().orElseThrow();
            assertEquals(UpdateOffer.Kind.WITHDRAWN, offer.kind());
            assertEquals(oldVersion, offer.version());
            assertEquals(newVersion, offer.fromVersion());
            assertTrue(offered.update().refused().isEmpty());
            assertEquals(202, h.post("/api/update", "").status());
            Status wentBack = h.await("RUNNING on 1.0.0 again", s -> s.state() == LauncherState.RUNNING
                    && s.image().flatMap(i -> i.digest()).equals(Optional.of(v1.digest())), Duration.ofSeconds(90));
            assertNotEquals(container, wentBack.container().orElseThrow().id());
            assertTrue(wentBack.message().contains("Went back"), wentBack.message());
            assertTrue(h.appAnswers());
        }
    }

    /** Asks the launcher to check (only check) and waits until the status about {@code channel} satisfies {@code done}. */
    private static Status check(LauncherHarness h, Digest channel, java.util.function.Predicate<Status> done) {
        java.time.Instant before = h.launcher().status().update().checkedAt().orElse(java.time.Instant.EPOCH);
        LauncherHarness.sleep(5); // the new check's time is later than the last one's
        assertEquals(202, h.post("/api/update/check", "").status());
        return h.await("the check of " + channel.shortForm(), s -> s.update().checkedAt().map(t -> t.isAfter(before)).orElse(false)
                && s.update().remoteDigest().equals(Optional.of(channel)) && done.test(s), Duration.ofSeconds(30));
    }
}
