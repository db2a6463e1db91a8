package org.siplims.publisher.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.release.ReleaseLabels;
import org.siplims.core.signing.Attestations;
import org.siplims.core.signing.SigningKey;
import org.siplims.core.signing.SigningKeys;
import org.siplims.core.testing.FixtureImages;
import org.siplims.core.testing.TestEnvironment;
import org.siplims.publisher.testing.FixtureRepository;
import org.siplims.publisher.testing.PublisherRun;
import org.siplims.publisher.testing.Registries;

/**
 * {@code releases --diff A B} against the real registry: two labelled releases, the second with
 * release notes (the label the publisher writes from the annotated tag's message), each with a
 * signed SBOM listing pip and Debian packages. The comparison shows B's notes as the launcher's page
 * does, and the package changes in every ecosystem, in the text and in {@code --json}.
 */
class ReleasesDiffIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NOTES = "Faster plate import.\n\nThe export button \"Save all\" is back.";

    @Test
    void theDiffShowsTheSecondReleasesNotesAndThePackageChanges() throws Exception {
        TestEnvironment env = TestEnvironment.get();
        FixtureImages fixtures = new FixtureImages(env);
        FixtureRepository repo = FixtureRepository.create(fixtures, FixtureImages.Mode.HEALTHY, Registries.enginePlatform(env));
        ImageReference image = ImageReference.parse(env.plainRegistry() + "/" + TestEnvironment.uniqueRepository("diff"));
        SigningKey maintainer = SigningKeys.generate();
        Path pub = Files.createTempDirectory("siplims-diff-key").resolve("maintainer.pub");
        SigningKeys.writePublicKey(maintainer.publicKey(), pub);

        release(fixtures, image, "1.4.0", "", maintainer, Map.of("pypi:streamlit", "1.38.0", "pypi:xlrd", "2.0.1", "deb:libc6", "2.36-9+deb12u9"));
        release(fixtures, image, "1.5.0", NOTES, maintainer, Map.of("pypi:streamlit", "1.40.1", "pypi:openpyxl", "3.1.5",
                "deb:libc6", "2.36-9+deb12u10"));

        PublisherRun.Result r = new PublisherRun(Files.createTempDirectory("siplims-publisher-state"))
                .run("releases", "--context", repo.dir().toString(), "--image", image.toString(), "--diff", "1.4.0", "1.5.0",
                        "--trusted-key", pub.toString(), "--json");
        assertEquals(0, r.exitCode(), r.toString());
        JsonNode diff = r.json().path("diff");
        assertEquals(NOTES, diff.path("notes").asText(), diff.toString());
        assertTrue(diff.path("packagesChecked").asBoolean(), diff.toString());
        assertEquals(List.of("libc6 2.36-9+deb12u9 → 2.36-9+deb12u10 (deb)", "streamlit 1.38.0 → 1.40.1 (pypi)"),
                JSON.convertValue(diff.path("upgraded"), List.class));
        assertEquals(List.of("openpyxl 3.1.5 (pypi)"), JSON.convertValue(diff.path("added"), List.class));
        assertEquals(List.of("xlrd 2.0.1 (pypi)"), JSON.convertValue(diff.path("removed"), List.class));

        PublisherRun.Result text = new PublisherRun(Files.createTempDirectory("siplims-publisher-state"))
                .run("releases", "--context", repo.dir().toString(), "--image", image.toString(), "--diff", "1.4.0", "1.5.0",
                        "--trusted-key", pub.toString());
        assertEquals(0, text.exitCode(), text.toString());
        List<String> lines = text.out().lines().toList();
        int at = lines.indexOf("  notes of 1.5.0:");
        assertTrue(at > 0, text.out());
        assertEquals(List.of("    Faster plate import.", "", "    The export button \"Save all\" is back."), lines.subList(at + 1, at + 4),
                text.out());

        // Backwards: 1.4.0 carries no notes, and that is said, not left blank.
        PublisherRun.Result back = new PublisherRun(Files.createTempDirectory("siplims-publisher-state"))
                .run("releases", "--context", repo.dir().toString(), "--image", image.toString(), "--diff", "1.5.0", "1.4.0", "--json");
        assertEquals(0, back.exitCode(), back.toString());
        assertTrue(back.json().path("diff").path("notes").isNull(), back.out());
    }

    /** Builds and pushes a labelled release under its version tag, with a signed SBOM of these "ecosystem:name" packages. */
    private static void release(FixtureImages fixtures, ImageReference image, String version, String notes, SigningKey key,
                                Map<String, String> packages) throws Exception {
        Path context = Files.createTempDirectory("siplims-diff-release-");
        fixtures.writeAppContext(context, FixtureImages.Mode.HEALTHY);
        String label = "LABEL " + ReleaseLabels.VERSION + "=\"" + version + "\" " + ReleaseLabels.COMMIT + "=\"c0ffee" + version
                + "\" " + ReleaseLabels.BUILD_DATE + "=\"2026-03-1" + version.charAt(2) + "T09:30:00Z\""
                + (notes.isEmpty() ? "" : " " + ReleaseLabels.NOTES + "=\""
                + ReleaseLabels.encodeNotes(notes).replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        Files.writeString(context.resolve("Dockerfile"), label + "\n", StandardOpenOption.APPEND);
        ImageReference tagged = image.withTag(version);
        String id = fixtures.build(context, tagged, version);
        Digest digest = fixtures.push(tagged);
        fixtures.removeLocal(id);
        ObjectNode bom = JSON.createObjectNode().put("bomFormat", "CycloneDX").put("specVersion", "1.5");
        com.fasterxml.jackson.databind.node.ArrayNode components = bom.putArray("components");
        packages.forEach((key2, v) -> {
            String[] parts = key2.split(":", 2);
            String purl = parts[0].equals("deb") ? "pkg:deb/debian/" + parts[1] + "@" + v + "?arch=amd64" : "pkg:pypi/" + parts[1] + "@" + v;
            components.addObject().put("type", "library").put("name", parts[1]).put("version", v).put("purl", purl);
        });
        new Attestations(Registries.anonymous(), Clock.systemUTC()).attach(key, image, digest, "https://cyclonedx.org/bom", bom);
    }
}
