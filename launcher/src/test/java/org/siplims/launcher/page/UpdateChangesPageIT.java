package org.siplims.launcher.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
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
 * The page lists what an offered update changes, against the real registry: a launcher that
 * trusts the maintainer's key runs signed release 1.0.0, whose signed SBOM attestation lists three
 * packages; then 2.0.0 is pushed, signed, with release notes (an annotated tag's message, as the
 * publisher labels it) and an SBOM with one package upgraded, one added and one removed. Before
 * anyone chooses Update, the page shows the version change, the notes and the package changes,
 * and {@code /api/status} carries the same as data, marked as checked against the signature.
 */
class UpdateChangesPageIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SBOM = "https://cyclonedx.org/bom";
    private static final String NOTES = "Faster plate import.\nThe export button \"Save all\" is back.";

    @Test
    void theOfferedUpdateListsItsNotesAndPackageChanges() throws Exception {
        SigningKey maintainer = SigningKeys.generate();
        try (LauncherHarness h = new LauncherHarness("changes").checkForUpdatesEvery(Duration.ofSeconds(2));
             Browser browser = new Browser()) {
            ImageReference latest = h.repository.withTag("latest");
            RegistryClient registry = new RegistryFixtures(h.env).client();
            Digest v1 = release(h, latest, "1.0.0", "", maintainer, registry,
                    Map.of("streamlit", "1.38.0", "pandas", "2.2.2", "xlrd", "2.0.1"));
            Files.createDirectories(h.settings);
            SigningKeys.writePublicKey(maintainer.publicKey(), h.settings.resolve("trusted-keys.pem"));
            h.start();
            h.await(LauncherState.RUNNING, Duration.ofSeconds(90));
            browser.open(h.pageUrl());

            Digest v2 = release(h, latest, "2.0.0", NOTES, maintainer, registry,
                    Map.of("streamlit", "1.40.1", "pandas", "2.2.2", "openpyxl", "3.1.5"));

            browser.await("the update's changes listed", Duration.ofSeconds(60), d -> browser.visible("update-changes"));
            assertTrue(browser.visible("offer"), "listed in the offer, beside Update now and Skip this version");
            assertEquals(1, browser.element("offer").findElements(By.id("update-changes")).size());
            String summary = browser.text("changes-summary");
            assertTrue(summary.contains("1.0.0") && summary.contains("2.0.0"), summary);
            assertEquals(NOTES, browser.element("changes-notes").getText());
            List<String> items = browser.element("changes-packages").findElements(By.tagName("li")).stream()
                    .map(WebElement::getText).toList();
            assertEquals(List.of("streamlit 1.38.0 → 1.40.1", "added: openpyxl 3.1.5", "removed: xlrd 2.0.1"), items);
            assertFalse(browser.visible("changes-note"), "signed SBOMs need no warning: " + browser.text("changes-note"));
            browser.screenshot("update-changes");

            JsonNode changes = JSON.readTree(h.get("/api/status").body()).get("update").get("changes");
            assertEquals(v2.toString(), changes.get("digest").asText());
            assertEquals("1.0.0", changes.get("fromVersion").asText());
            assertEquals("2.0.0", changes.get("toVersion").asText());
            assertEquals(NOTES, changes.get("notes").asText());
            assertTrue(changes.get("packagesVerified").asBoolean(), changes.toString());
            assertEquals("1.40.1", changes.get("packages").get("upgraded").get(0).get("to").asText());
            assertEquals(LauncherState.RUNNING, h.launcher().status().state());
            assertEquals(v1, h.launcher().status().image().orElseThrow().digest().orElseThrow(), "offered, not installed");
        }
    }

    /** Builds and pushes a labelled release as the channel tag, signs it and attaches a signed SBOM of these pypi packages. */
    private static Digest release(LauncherHarness h, ImageReference latest, String version, String notes, SigningKey key,
                                  RegistryClient registry, Map<String, String> packages) throws Exception {
        Path context = Files.createTempDirectory("siplims-changes-release-");
        h.fixtures.writeAppContext(context, Mode.HEALTHY);
        String label = "LABEL " + ReleaseLabels.VERSION + "=\"" + version + "\" " + ReleaseLabels.COMMIT + "=\"" + "c0ffee" + version
                + "\" " + ReleaseLabels.BUILD_DATE + "=\"2026-03-14T09:30:00Z\""
                + (notes.isEmpty() ? "" : " " + ReleaseLabels.NOTES + "=\""
                + ReleaseLabels.encodeNotes(notes).replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        Files.writeString(context.resolve("Dockerfile"), label + "\n", StandardOpenOption.APPEND);
        String id = h.fixtures.build(context, latest, version);
        Digest digest = h.fixtures.push(latest);
        h.fixtures.removeLocal(id);
        ObjectNode bom = JSON.createObjectNode().put("bomFormat", "CycloneDX").put("specVersion", "1.5");
        com.fasterxml.jackson.databind.node.ArrayNode components = bom.putArray("components");
        packages.forEach((name, v) -> components.addObject().put("type", "library").put("name", name)
                .put("version", v).put("purl", "pkg:pypi/" + name + "@" + v));
        new Attestations(registry, Clock.systemUTC()).attach(key, h.repository, digest, SBOM, bom);
        // Signed last: the launcher offers a release only once it is signed, so its SBOM is there by then.
        new SignatureStore(registry).attach(new ImageSigner(key).sign(h.repository, digest));
        return digest;
    }
}
