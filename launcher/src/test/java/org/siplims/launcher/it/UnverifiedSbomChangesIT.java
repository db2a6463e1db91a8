package org.siplims.launcher.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.registry.RegistryClient;
import org.siplims.core.release.ReleaseLabels;
import org.siplims.core.signing.Attestations;
import org.siplims.core.signing.ImageSigner;
import org.siplims.core.signing.SignatureStore;
import org.siplims.core.signing.SigningKey;
import org.siplims.core.signing.SigningKeys;
import org.siplims.core.testing.FixtureImages.Mode;
import org.siplims.core.testing.RegistryFixtures;
import org.siplims.launcher.status.LauncherState;
import org.siplims.launcher.testing.LauncherHarness;

/**
 * What an update changes when the launcher has trusted keys but a release's SBOM is not signed by
 * one of them, against the real registry. The release itself is signed by the maintainer, so it is
 * offered, with its version and notes; its package list is not used: {@code /api/status} carries
 * {@code packages: null}, {@code packagesVerified: false} and why in {@code packagesMissing}. In
 * turn: the offered release's SBOM signed by another key; the offered release without any SBOM;
 * and the offered release's SBOM fine but the running release's signed by another key.
 */
class UnverifiedSbomChangesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SBOM = "https://cyclonedx.org/bom";
    private static final String NOTES = "Plate maps in colour.";

    @Test
    void anSbomNoTrustedKeySignedIsNotUsedAndTheStatusSaysSo() throws Exception {
        SigningKey maintainer = SigningKeys.generate();
        SigningKey stranger = SigningKeys.generate();
        try (LauncherHarness h = new LauncherHarness("unvsbom").checkForUpdatesEvery(Duration.ofSeconds(2))) {
            ImageReference latest = h.repository.withTag("latest");
            RegistryClient registry = new RegistryFixtures(h.env).client();
            // The running release: signed by the maintainer, its SBOM by someone else.
            Digest v1 = release(h, latest, "1.0.0", "", maintainer, Optional.of(stranger), registry);
            Files.createDirectories(h.settings);
            SigningKeys.writePublicKey(maintainer.publicKey(), h.settings.resolve("trusted-keys.pem"));
            h.start();
            h.await(LauncherState.RUNNING, Duration.ofSeconds(90));

            // 1. Offered: signed by the maintainer, its SBOM signed by another key.
            Digest v2 = release(h, latest, "2.0.0", NOTES, maintainer, Optional.of(stranger), registry);
            JsonNode strangerSbom = changesFor(h, v2);
            assertEquals("2.0.0", strangerSbom.path("toVersion").asText(), strangerSbom.toString());
            assertEquals(NOTES, strangerSbom.path("notes").asText(), "the labels are read: the release is signed");
            assertNoPackages(strangerSbom);

            // 2. Offered: signed, no SBOM at all.
            Digest v3 = release(h, latest, "3.0.0", "", maintainer, Optional.empty(), registry);
            JsonNode noSbom = changesFor(h, v3);
            assertEquals("3.0.0", noSbom.path("toVersion").asText());
            assertTrue(noSbom.path("notes").isNull(), noSbom.toString());
            assertNoPackages(noSbom);

            // 3. Offered: SBOM signed by the maintainer; but the running release's is not, so there is nothing to compare with.
            Digest v4 = release(h, latest, "4.0.0", "", maintainer, Optional.of(maintainer), registry);
            JsonNode runningUnverified = changesFor(h, v4);
            assertNoPackages(runningUnverified);
            assertNotEquals(strangerSbom.path("packagesMissing").asText(), runningUnverified.path("packagesMissing").asText(),
                    "the reason names the running release's list, not the offered one's");
            assertTrue(runningUnverified.path("packagesMissing").asText().contains("running"), runningUnverified.toString());

            JsonNode status = JSON.readTree(h.get("/api/status").body());
            assertEquals("RUNNING", status.path("state").asText());
            assertEquals(v1.toString(), status.path("image").path("digest").asText(), "offered, never installed");
            assertTrue(status.path("update").path("available").asBoolean(), status.path("update").toString());
        }
    }

    /** Waits until /api/status describes the changes of the update to {@code offered}; returns update.changes. */
    private static JsonNode changesFor(LauncherHarness h, Digest offered) throws Exception {
        h.await("the changes of " + offered.shortForm() + " read", s -> s.changes()
                .map(c -> c.offered().equals(offered)).orElse(false), Duration.ofSeconds(60));
        JsonNode changes = JSON.readTree(h.get("/api/status").body()).path("update").path("changes");
        assertEquals(offered.toString(), changes.path("digest").asText(), changes.toString());
        return changes;
    }

    private static void assertNoPackages(JsonNode changes) {
        assertTrue(changes.path("packages").isNull(), "an SBOM no trusted key signed is not used: " + changes);
        assertFalse(changes.path("packagesVerified").asBoolean(), changes.toString());
        assertFalse(changes.path("packagesMissing").asText("").isBlank(), "says why: " + changes);
    }

    /**
     * Builds and pushes a labelled release as the channel tag with an SBOM signed by {@code sbomKey}
     * (none when empty), then signs the release with {@code key} (last: signed means complete).
     */
    private static Digest release(LauncherHarness h, ImageReference latest, String version, String notes, SigningKey key,
                                  Optional<SigningKey> sbomKey, RegistryClient registry) throws Exception {
        Path context = Files.createTempDirectory("siplims-unverified-sbom-");
        h.fixtures.writeAppContext(context, Mode.HEALTHY);
        String label = "LABEL " + ReleaseLabels.VERSION + "=\"" + version + "\" " + ReleaseLabels.COMMIT + "=\"c0ffee" + version
                + "\" " + ReleaseLabels.BUILD_DATE + "=\"2026-03-14T09:30:00Z\""
                + (notes.isEmpty() ? "" : " " + ReleaseLabels.NOTES + "=\"" + ReleaseLabels.encodeNotes(notes) + "\"");
        Files.writeString(context.resolve("Dockerfile"), label + "\n", StandardOpenOption.APPEND);
        String id = h.fixtures.build(context, latest, version);
        Digest digest = h.fixtures.push(latest);
        h.fixtures.removeLocal(id);
        if (sbomKey.isPresent()) {
            ObjectNode bom = JSON.createObjectNode().put("bomFormat", "CycloneDX").put("specVersion", "1.5");
            bom.putArray("components").addObject().put("type", "library").put("name", "streamlit")
                    .put("version", version).put("purl", "pkg:pypi/streamlit@" + version);
            new Attestations(registry, Clock.systemUTC()).attach(sbomKey.get(), h.repository, digest, SBOM, bom);
        }
        new SignatureStore(registry).attach(new ImageSigner(key).sign(h.repository, digest));
        return digest;
    }

}
