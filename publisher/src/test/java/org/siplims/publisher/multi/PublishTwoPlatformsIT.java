package org.siplims.publisher.multi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.image.Platform;
import org.siplims.core.registry.Descriptor;
import org.siplims.core.registry.Manifest;
import org.siplims.core.registry.ManifestList;
import org.siplims.core.registry.ManifestMediaTypes;
import org.siplims.core.registry.RegistryClient;
import org.siplims.core.signing.SignatureStore;
import org.siplims.core.signing.SignatureVerifier;
import org.siplims.core.signing.SigningKeys;
import org.siplims.core.signing.TrustedKeys;
import org.siplims.core.testing.SharedFixture;
import org.siplims.core.testing.TestEnvironment;
import org.siplims.publisher.testing.FixtureRepository;
import org.siplims.publisher.testing.PublisherRun;
import org.siplims.publisher.testing.Registries;

/**
 * A two-platform release on the real engine (Docker 20.10's legacy builder with --platform) and
 * the plain registry: linux/amd64 built and tested natively, linux/arm64 under QEMU, each from its
 * own lock pair; one OCI index pushed, signed with each child, verified, the channel last. A
 * platform whose test fails stops the release before anything is pushed, and the message names it.
 */
class PublishTwoPlatformsIT {
    /** Passes only in an image built from its own platform's lock pair and running as that processor (uname under QEMU says aarch64). */
    static final String OWN_LOCK_TEST = "{\"name\": \"own lock\", \"run\": [\"sh\", \"-c\", "
            + "\"case $(uname -m) in x86_64) grep -qx linux-64 /etc/locked-platform;; aarch64) grep -qx linux-aarch64 /etc/locked-platform;; *) exit 1;; esac\"]}";

    private static TestEnvironment env;
    private static RegistryClient registry;
    private static Path keys;

    record Published(ImageReference image, FixtureRepository repo, PublisherRun.Result result, Duration took) {
    }

    static final SharedFixture<Published> FIRST = SharedFixture.of(() -> publish("1.0.0"));

    /** 1.1.0 published over FIRST from a second working tree, then the channel rolled back to 1.0.0. */
    record Second(PublisherRun.Result published, PublisherRun.Result rollback) {
    }

    static final SharedFixture<Second> SECOND = SharedFixture.of(() -> {
        Published first = FIRST.get();
        FixtureRepository next = first.repo().worktree("next");
        next.write("CHANGES.md", "1.1.0: a change\n");
        next.commit("Second release");
        next.tag("1.1.0");
        PublisherRun run = new PublisherRun(Files.createTempDirectory("siplims-publisher-state"));
        PublisherRun.Result published = run.run("publish", "--context", next.dir().toString(), "--image", first.image().toString(),
                "--signing-key", keys().resolve("signing.key").toString(), "--json");
        if (published.exitCode() != 0) {
            throw new IllegalStateException("The second two-platform publish failed: " + published);
        }
        // With the key: the signed rollback record (1.1.0 withdrawn, back to 1.0.0) is stored before the channel moves.
        PublisherRun.Result rollback = run.run("rollback", "1.0.0", "--context", next.dir().toString(), "--image", first.image().toString(),
                "--signing-key", keys().resolve("signing.key").toString(), "--json");
        return new Second(published, rollback);
    });

    @BeforeAll
    static void setUp() throws Exception {
        env = TestEnvironment.get();
        registry = Registries.anonymous();
        keys = keys();
    }

    static synchronized Path keys() throws Exception {
        if (keys == null) {
            keys = Files.createTempDirectory("siplims-multi-keys");
            PublisherRun.Result made = new PublisherRun(Files.createTempDirectory("siplims-publisher-state"))
                    .run("keygen", "--out", keys.toString(), "--no-passphrase");
            if (made.exitCode() != 0) {
                throw new IllegalStateException("keygen failed: " + made);
            }
        }
        return keys;
    }

    static Published publish(String version) throws Exception {
        ImageReference image = ImageReference.parse(TestEnvironment.get().plainRegistry() + "/" + TestEnvironment.uniqueRepository("two-platforms"));
        FixtureRepository repo = TwoPlatformFixture.repository("{\"testCommands\": [" + OWN_LOCK_TEST + "], \"healthTimeoutSeconds\": 120}\n");
        repo.tag(version);
        Instant start = Instant.now();
        PublisherRun.Result r = new PublisherRun(Files.createTempDirectory("siplims-publisher-state"))
                .run("publish", "--context", repo.dir().toString(), "--image", image.toString(),
                        "--signing-key", keys().resolve("signing.key").toString(), "--json");
        if (r.exitCode() != 0) {
            throw new IllegalStateException("The two-platform publish failed: " + r);
        }
        return new Published(image, repo, r, Duration.between(start, Instant.now()));
    }

    @Test
    void bothPlatformsAreBuiltTestedAndPublishedAsOneSignedIndex() throws Exception {
        Published first = FIRST.get();
        JsonNode json = first.result().json();
        Digest index = Digest.parse(json.path("digest").asText());
        ImageReference repo = first.image().repositoryOnly();

        for (String tag : List.of("1.0.0", "sha-" + first.repo().head().substring(0, 7), "latest")) {
            assertEquals(index, registry.digest(repo.withTag(tag)), tag);
        }
        Manifest top = registry.manifest(repo.withDigest(index));
        assertEquals(ManifestMediaTypes.OCI_INDEX, top.mediaType());
        JsonNode annotations = new ObjectMapper().readTree(top.bytes()).path("annotations");
        assertEquals("1.0.0", annotations.path("org.opencontainers.image.version").asText());
        assertEquals(first.repo().head(), annotations.path("org.opencontainers.image.revision").asText());
        assertTrue(annotations.path("org.opencontainers.image.created").asText().startsWith("2026-"), annotations.toString());

        ManifestList list = top.asManifestList();
        assertEquals(List.of(Platform.LINUX_AMD64, Platform.LINUX_ARM64), list.platforms().stream()
                .sorted(java.util.Comparator.comparing(Platform::toString)).toList());
        Map<String, JsonNode> byPlatform = new HashMap<>();
        json.path("platforms").forEach(p -> byPlatform.put(p.path("platform").asText(), p));
        TrustedKeys trusted = TrustedKeys.of(SigningKeys.readPublicKey(keys.resolve("signing.pub")));
        SignatureVerifier verifier = new SignatureVerifier(trusted, new SignatureStore(registry));
        assertTrue(verifier.verify(repo, index).verified(), "the index is signed");
        for (Platform platform : List.of(Platform.LINUX_AMD64, Platform.LINUX_ARM64)) {
            Descriptor child = list.select(platform).orElseThrow();
            JsonNode reported = byPlatform.get(platform.toString());
            assertEquals(child.digest().toString(), reported.path("digest").asText(), platform.toString());
            // The child's config is the image that was tested (its ID; on the containerd store, its manifest digest).
            Manifest childManifest = registry.manifest(repo.withDigest(child.digest()));
            String imageId = reported.path("imageId").asText();
            assertTrue(childManifest.asImageManifest().config().digest().toString().equals(imageId)
                    || child.digest().toString().equals(imageId), platform + ": " + imageId);
            assertTrue(reported.path("tests").toString().contains("own lock"), reported.toString());
            assertTrue(verifier.verify(repo, child.digest()).verified(), platform + " is signed");
            assertEquals(platform, registry.config(repo, childManifest.asImageManifest()).platform());
            assertTrue(reported.path("attested").asBoolean(), reported.toString());
            // Each platform's manifest carries its own signed SBOM (from its own lock pair) and provenance.
            org.siplims.core.signing.Attestations attestations = new org.siplims.core.signing.Attestations(registry, java.time.Clock.systemUTC());
            String sbom = attestations.verified(trusted, repo, child.digest(), "https://cyclonedx.org/bom").orElseThrow().statement().predicate().toString();
            String subdir = platform.equals(Platform.LINUX_AMD64) ? "linux-64" : "linux-aarch64";
            String other = platform.equals(Platform.LINUX_AMD64) ? "linux-aarch64" : "linux-64";
            assertTrue(sbom.contains("conda-forge/" + subdir + "/python-3.9.23") && !sbom.contains("conda-forge/" + other + "/"), platform + ": " + sbom);
            JsonNode provenance = attestations.verified(trusted, repo, child.digest(), "https://slsa.dev/provenance/v1").orElseThrow().statement().predicate();
            assertEquals(first.repo().head(), provenance.path("buildDefinition").path("externalParameters").path("commit").asText(), provenance.toString());
        }
        assertTrue(first.result().err().contains("(emulated)") && first.result().err().contains("(native)"), first.result().err());
        System.out.println("Two-platform publish took " + first.took().toSeconds() + " s");
    }

    @Test
    void aPlatformWhoseTestsFailStopsTheReleaseNamingItAndNothingMoves() throws Exception {
        ImageReference image = ImageReference.parse(env.plainRegistry() + "/" + TestEnvironment.uniqueRepository("two-platforms-failing"));
        FixtureRepository repo = TwoPlatformFixture.repository("{\"testCommands\": [{\"name\": \"not on arm\", \"run\": "
                + "[\"sh\", \"-c\", \"test $(uname -m) != aarch64\"]}]}\n");
        repo.tag("1.0.0");
        PublisherRun.Result r = new PublisherRun(Files.createTempDirectory("siplims-publisher-state"))
                .run("publish", "--context", repo.dir().toString(), "--image", image.toString(), "--json");
        assertEquals(5, r.exitCode(), r.toString());
        String error = r.json().path("error").asText();
        assertTrue(error.startsWith("linux/arm64: "), error);
        Registries.assertNothingPushed(registry, image);
        assertTrue(Optional.ofNullable(r.err()).orElse("").contains("linux/amd64 passed"), r.err());
    }

    @Test
    void verifyPullsEachPlatformByItsDigestChecksItsSignatureAndTestsIt() throws Exception {
        Published first = FIRST.get();
        PublisherRun.Result r = new PublisherRun(Files.createTempDirectory("siplims-publisher-state"))
                .run("verify", "1.0.0", "--context", first.repo().dir().toString(), "--image", first.image().toString(),
                        "--trusted-key", keys.resolve("signing.pub").toString(), "--json");
        assertEquals(0, r.exitCode(), r.toString());
        JsonNode json = r.json();
        assertEquals(first.result().json().path("digest").asText(), json.path("digest").asText());
        assertTrue(json.path("signature").path("signed").asBoolean(), r.out());
        assertEquals(2, json.path("platforms").size(), r.out());
        Map<String, String> children = new HashMap<>();
        first.result().json().path("platforms").forEach(p -> children.put(p.path("platform").asText(), p.path("digest").asText()));
        for (JsonNode platform : json.path("platforms")) {
            assertEquals(children.get(platform.path("platform").asText()), platform.path("digest").asText(), r.out());
            assertTrue(platform.path("signature").path("signed").asBoolean(), r.out());
            assertTrue(platform.path("tests").toString().contains("own lock"), r.out());
        }
    }

    @Test
    void aSecondTwoPlatformReleaseIsListedAndTheChannelRollsBackToTheFirstIndex() throws Exception {
        Published first = FIRST.get();
        Second second = SECOND.get();
        Digest firstIndex = Digest.parse(first.result().json().path("digest").asText());
        Digest secondIndex = Digest.parse(second.published().json().path("digest").asText());
        ImageReference repo = first.image().repositoryOnly();
        assertEquals(0, second.rollback().exitCode(), second.rollback().toString());
        assertEquals(firstIndex, registry.digest(repo.withTag("latest")), "the channel is back on the first index");
        assertEquals(secondIndex, registry.digest(repo.withTag("1.1.0")));
        assertTrue(registry.manifest(repo.withTag("latest")).isIndex());
        // The rollback record names the two indexes (what launchers resolve the channel to) and is signed by the maintainer.
        assertEquals(org.siplims.core.signing.RollbackRecords.tagFor(firstIndex), second.rollback().json().path("rollbackRecord").asText());
        assertEquals(java.util.List.of(org.siplims.core.signing.RollbackRecord.of(repo, "1.1.0", secondIndex, "1.0.0", firstIndex)),
                new org.siplims.core.signing.RollbackRecords(registry).trusted(
                        org.siplims.core.signing.TrustedKeys.load(keys.resolve("signing.pub")), repo, firstIndex));

        PublisherRun.Result listed = new PublisherRun(Files.createTempDirectory("siplims-publisher-state"))
                .run("releases", "--context", first.repo().dir().toString(), "--image", first.image().toString(), "--json");
        assertEquals(0, listed.exitCode(), listed.toString());
        JsonNode releases = listed.json().path("releases");
        assertEquals(2, releases.size(), "one release per index, none per platform: " + listed.out());
        assertEquals("1.1.0", releases.get(0).path("version").asText());
        for (JsonNode release : releases) {
            // Each platform's image carries its SBOM and provenance: the release is listed as attested.
            assertTrue(release.path("sbom").asBoolean() && release.path("provenance").asBoolean(), release.toString());
        }
        assertEquals(firstIndex.toString(), listed.json().path("channelDigest").asText());
    }

    @Test
    void lockFromImageRegeneratesTheForeignPlatformsPairFromItsImageUnderEmulation() throws Exception {
        Published first = FIRST.get();
        // The fixture has no conda: the lock commands read back the pair each image was built from.
        FixtureRepository repo = TwoPlatformFixture.repository("{\"lock\": {\"conda\": [\"cat\", \"/opt/sip-lims/conda-lock.txt\"], "
                + "\"pip\": [\"cat\", \"/opt/sip-lims/requirements-lock.txt\"]}}\n");
        String arm64Conda = repo.read("locks/linux-arm64/conda-lock.txt");
        String amd64Conda = repo.read("locks/linux-amd64/conda-lock.txt");
        repo.write("locks/linux-arm64/conda-lock.txt", "broken\n").write("locks/linux-arm64/requirements-lock.txt", "streamlit>=1\n");
        ImageReference index = first.image().repositoryOnly().withDigest(Digest.parse(first.result().json().path("digest").asText()));
        PublisherRun.Result r = new PublisherRun(Files.createTempDirectory("siplims-publisher-state"))
                .run("lock", "--from-image", index.toString(), "--platform", "linux/arm64", "--context", repo.dir().toString(), "--json");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("linux-aarch64", r.json().path("platform").asText());
        assertEquals(arm64Conda, repo.read("locks/linux-arm64/conda-lock.txt"));
        assertEquals("streamlit==1.50.0\nnumpy==2.0.2\n", repo.read("locks/linux-arm64/requirements-lock.txt"));
        assertEquals(amd64Conda, repo.read("locks/linux-amd64/conda-lock.txt"), "the other platform's pair is untouched");
        assertTrue(r.err().contains("emulation"), r.err());
    }
}
