package org.siplims.publisher.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.registry.Manifest;
import org.siplims.core.registry.ManifestMediaTypes;
import org.siplims.core.registry.RegistryClient;
import org.siplims.core.signing.KeyId;
import org.siplims.core.signing.SignatureStore;
import org.siplims.core.signing.SignatureVerifier;
import org.siplims.core.signing.SigningKeys;
import org.siplims.core.signing.TrustedKeys;
import org.siplims.core.signing.VerificationResult;
import org.siplims.core.testing.FixtureImages;
import org.siplims.core.testing.SharedFixture;
import org.siplims.core.testing.TestEnvironment;
import org.siplims.publisher.testing.FixtureRepository;
import org.siplims.publisher.testing.PublisherRun;
import org.siplims.publisher.testing.Registries;

/**
 * Signed releases on the real engine and plain registry: keys made with {@code keygen};
 * a publish that cannot sign stops before anything is built; a signed publish stores a cosign
 * signature that core's verifier and {@code verify --trusted-key} accept and another key refuses;
 * {@code releases} shows it signed; a signing failure after the push leaves the channel tag alone,
 * and running the push again once the cause is gone completes the release.
 *
 * <p>The methods run in any order: the signed release is a shared fixture, published once by
 * whichever method needs it first. Each method has a publisher of its own (so no environment
 * variable one sets reaches another), all on one state folder (the test records the push needs).
 */
class SigningIT {
    private static final String PASSPHRASE = "maintainer passphrase " + System.nanoTime();
    private static TestEnvironment env;
    private static FixtureRepository repo;
    private static ImageReference image;
    private static Path stateDir;
    private static RegistryClient registry;
    private static Path signingKey;
    private static Path signingPub;
    private static Path otherPub;
    private static KeyId keyId;

    /** The signed publish of 5.0.0 to {@link #image}, with the key from the environment. */
    private static final SharedFixture<PublisherRun.Result> SIGNED = SharedFixture.of(() -> {
        PublisherRun.Result r = publisher().env("PUBLISHER_KEY_PASSWORD", PASSPHRASE).env("PUBLISHER_SIGNING_KEY", signingKey.toString())
                .run("publish", "--context", repo.dir().toString(), "--image", image.toString(), "--health-timeout", "30", "--json");
        if (r.exitCode() != 0) {
            throw new IllegalStateException("The signed publish failed: " + r);
        }
        return r;
    });

    private static Digest signedDigest() {
        return Digest.parse(SIGNED.get().json().path("digest").asText());
    }

    /** A publisher with an environment of its own, on the class's state folder. */
    private static PublisherRun publisher() {
        return new PublisherRun(stateDir);
    }

    @BeforeAll
    static void setUp() throws Exception {
        env = TestEnvironment.get();
        FixtureImages fixtures = new FixtureImages(env);
        // The variant with a Debian package database: its OS packages go into the SBOM.
        repo = FixtureRepository.create(fixtures, FixtureImages.Mode.HEALTHY, Registries.enginePlatform(env)).withDpkgStatus();
        repo.tag("5.0.0");
        image = ImageReference.parse(env.plainRegistry() + "/" + TestEnvironment.uniqueRepository("signed"));
        stateDir = Files.createTempDirectory("siplims-publisher-state");
        registry = Registries.anonymous();

        // The maintainer's key (encrypted) and someone else's (not), made by the command itself.
        Path keys = Files.createTempDirectory("siplims-keys");
        signingKey = keys.resolve("maintainer.key");
        signingPub = keys.resolve("maintainer.pub");
        PublisherRun.Result made = publisher().env("PUBLISHER_KEY_PASSWORD", PASSPHRASE).run("keygen", "--key", signingKey.toString(), "--json");
        assertEquals(0, made.exitCode(), made.toString());
        keyId = KeyId.of(SigningKeys.readPublicKey(signingPub));
        assertEquals(keyId.toString(), made.json().path("keyId").asText());
        PublisherRun.Result other = publisher().run("keygen", "--out", keys.resolve("other").toString(),
                "--no-passphrase");
        assertEquals(0, other.exitCode(), other.toString());
        otherPub = keys.resolve("other/signing.pub");
    }

    @Test
    void requiredSigningWithoutAKeyAndAWrongPassphraseStopBeforeAnythingIsBuilt() {
        // A repository of its own: nothing may be pushed to it.
        ImageReference untouched = ImageReference.parse(env.plainRegistry() + "/" + TestEnvironment.uniqueRepository("unsigned"));
        PublisherRun.Result required = publisher().run("publish", "--context", repo.dir().toString(), "--image", untouched.toString(),
                "--health-timeout", "30", "--json", "--require-signing");
        assertEquals(2, required.exitCode(), required.toString());
        assertFalse(required.err().contains("build: "), "nothing built: " + required.err());

        PublisherRun.Result wrong = publisher().env("PUBLISHER_KEY_PASSWORD", "not the passphrase")
                .run("publish", "--context", repo.dir().toString(), "--image", untouched.toString(), "--signing-key", signingKey.toString());
        assertEquals(6, wrong.exitCode(), wrong.toString());
        assertTrue(wrong.err().contains(signingKey.toString()), "names the key: " + wrong.err());
        assertFalse(wrong.err().contains("build: "), "nothing built: " + wrong.err());
        assertFalse(wrong.err().contains("not the passphrase"), "the passphrase is never shown");
        Registries.assertNothingPushed(registry, untouched);
    }

    @Test
    void aSignedPublishStoresAVerifiedSignatureBeforeTheChannelMoves() throws Exception {
        PublisherRun.Result r = SIGNED.get();
        assertEquals(0, r.exitCode(), r.toString());
        JsonNode json = r.json();
        Digest digest = signedDigest();
        JsonNode signature = json.path("signature");
        assertEquals("signed", signature.path("status").asText(), json.toString());
        assertEquals(keyId.toString(), signature.path("keyId").asText());
        assertEquals(SignatureStore.signatureTag(digest), signature.path("tag").asText());
        assertEquals(digest, registry.digest(image.withTag("latest")));

        // The signature manifest under the cosign tag is the one reported, and core's verifier (as the
        // launcher will use it) accepts it with the maintainer's public key and refuses it with another.
        assertEquals(signature.path("signatureManifest").asText(), registry.digest(image.withTag(SignatureStore.signatureTag(digest))).toString());
        SignatureStore store = new SignatureStore(registry);
        VerificationResult ok = new SignatureVerifier(TrustedKeys.load(signingPub), store).verify(image, digest);
        assertTrue(ok.verified(), ok.message());
        assertEquals(Optional.of(keyId), ok.keyId());
        VerificationResult refused = new SignatureVerifier(TrustedKeys.load(otherPub), store).verify(image, digest);
        assertEquals(VerificationResult.Outcome.UNTRUSTED_SIGNATURE, refused.outcome());

        String err = r.err();
        // The signed SBOM and provenance, attached before the channel moved, read back verified.
        org.siplims.core.signing.Attestations attestations = new org.siplims.core.signing.Attestations(registry, java.time.Clock.systemUTC());
        JsonNode sbom = attestations.verified(TrustedKeys.load(signingPub), image, digest, "https://cyclonedx.org/bom")
                .orElseThrow().statement().predicate();
        java.util.Set<String> listed = new java.util.TreeSet<>();
        sbom.path("components").forEach(c -> listed.add(c.path("name").asText() + " " + c.path("version").asText()));
        assertTrue(listed.containsAll(List.of("python 3.9.23", "pip 25.2", "streamlit 1.50.0", "numpy 2.0.2")), listed.toString());
        assertTrue(sbom.toString().contains("0123456789abcdef0123456789abcdef"), "the lock's checksum: " + sbom);
        assertTrue(sbom.toString().contains("\"siplims:role\",\"value\":\"base-image\""), "the base image: " + sbom);
        // The OS packages, read from the tested image's /var/lib/dpkg/status (installed ones only).
        java.util.Set<String> purls = new java.util.TreeSet<>();
        sbom.path("components").forEach(c -> purls.add(c.path("purl").asText()));
        assertTrue(purls.containsAll(List.of("pkg:deb/debian/libc6@2.36-9%2Bdeb12u10?arch=amd64",
                "pkg:deb/debian/zlib1g@1%3A1.2.13.dfsg-1?arch=amd64", "pkg:deb/debian/tzdata@2025b-0%2Bdeb12u1?arch=all")), purls.toString());
        assertFalse(listed.contains("ca-certificates 20230311"), "removed, not installed: " + listed);
        assertTrue(sbom.path("metadata").path("properties").toString().contains("/var/lib/dpkg/status"), sbom.path("metadata").toString());
        assertTrue(err.contains("OS packages: 4 packages from /var/lib/dpkg/status"), err);
        JsonNode provenance = attestations.verified(TrustedKeys.load(signingPub), image, digest, "https://slsa.dev/provenance/v1")
                .orElseThrow().statement().predicate();
        assertEquals(repo.head(), provenance.path("buildDefinition").path("externalParameters").path("commit").asText());
        assertTrue(provenance.path("runDetails").path("byproducts").size() > 0, provenance.toString());
        assertTrue(attestations.verified(TrustedKeys.load(otherPub), image, digest, "https://slsa.dev/provenance/v1").isEmpty());
        // Stock cosign 3 (offline) accepts both.
        org.siplims.core.testing.Cosign cosign = org.siplims.core.testing.Cosign.v3(env, stateDir);
        for (String type : List.of("cyclonedx", "slsaprovenance1")) {
            org.siplims.core.testing.Cosign.Run run = cosign.verifyAttestation(signingPub, type, image.withDigest(digest).toString());
            assertEquals(0, run.exitCode(), type + ": " + run);
            assertEquals(List.of(), org.siplims.core.testing.Cosign.nonLoopbackConnects(run.connects()));
        }
        assertTrue(err.indexOf("attached the signed SBOM") < err.indexOf("moving the channel tag 'latest'"), err);

        // The order on the way: the key is read before the build, the channel moves after the signature.
        assertTrue(err.indexOf("sign: key " + keyId) < err.indexOf("build: "), err);
        int stored = err.indexOf("stored the signature under " + SignatureStore.signatureTag(digest));
        assertTrue(stored > 0 && stored < err.indexOf("moving the channel tag 'latest'"), err);
    }

    @Test
    void verifyChecksTheSignatureWithTheTrustedKeys() {
        SIGNED.get();
        PublisherRun.Result r = publisher().run("verify", "5.0.0", "--context", repo.dir().toString(), "--image", image.toString(),
                "--trusted-key", otherPub.toString(), "--trusted-key", signingPub.toString(), "--health-timeout", "30", "--json");
        assertEquals(0, r.exitCode(), r.toString());
        JsonNode signature = r.json().path("signature");
        assertEquals("verified", signature.path("status").asText(), r.out());
        assertEquals(keyId.toString(), signature.path("keyId").asText());

        PublisherRun.Result unchecked = publisher().run("verify", "5.0.0", "--context", repo.dir().toString(), "--image", image.toString(),
                "--health-timeout", "30", "--json");
        assertEquals(0, unchecked.exitCode(), unchecked.toString());
        assertEquals("present_not_checked", unchecked.json().path("signature").path("status").asText());
        assertTrue(unchecked.err().contains("NOT checked"), "said loudly: " + unchecked.err());
    }

    @Test
    void verifyRefusesAReleaseSignedByAnotherKey() {
        Digest digest = signedDigest();
        PublisherRun.Result r = publisher().run("verify", "--context", repo.dir().toString(), "--image", image.toString(),
                "--trusted-key", otherPub.toString(), "--json");
        assertEquals(6, r.exitCode(), r.toString());
        JsonNode json = r.json();
        assertTrue(json.path("error").asText().contains(KeyId.of(SigningKeys.readPublicKey(otherPub)).toString()), "names the trusted key: " + r.out());
        assertEquals("untrusted_signature", json.path("signature").path("reason").asText(), r.out());
        assertFalse(r.err().contains("test: image"), "a refused release is not tested: " + r.err());
        assertEquals(digest, registry.digest(image.withTag("latest")), "verify changes nothing");
    }

    @Test
    void releasesShowsTheReleaseSignedAndNotItsSignatureTag() {
        SIGNED.get();
        PublisherRun.Result r = publisher().run("releases", "--context", repo.dir().toString(), "--image", image.toString(), "--json");
        assertEquals(0, r.exitCode(), r.toString());
        JsonNode releases = r.json().path("releases");
        assertEquals(1, releases.size(), "the .sig tag is not a release: " + r.out());
        assertEquals("present_not_checked", releases.get(0).path("signature").path("status").asText());
        assertTrue(releases.get(0).path("sbom").asBoolean() && releases.get(0).path("provenance").asBoolean(), r.out());

        PublisherRun.Result checked = publisher().run("releases", "--context", repo.dir().toString(), "--image", image.toString(),
                "--trusted-key", signingPub.toString());
        assertEquals(0, checked.exitCode(), checked.toString());
        assertTrue(checked.out().lines().anyMatch(l -> l.startsWith("* 5.0.0") && l.contains(" verified ") && l.contains(keyId.toString())
                && l.contains("sbom+prov")), checked.out());
    }

    @Test
    void aSigningFailureAfterThePushMovesNoChannelTagAndRunningAgainCompletesTheRelease() throws Exception {
        Digest digest = signedDigest();
        // Another repository whose signature tag for this digest is taken by something that is not a
        // signature manifest: the signature store refuses to add to it, after the version is pushed.
        ImageReference other = ImageReference.parse(image.registry() + "/" + TestEnvironment.uniqueRepository("sign-fails"));
        ImageReference squatted = other.withTag(SignatureStore.signatureTag(digest));
        byte[] emptyIndex = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[]}"
                .getBytes(StandardCharsets.UTF_8);
        Digest squatter = registry.putManifest(squatted, new Manifest(squatted, ManifestMediaTypes.OCI_INDEX, emptyIndex));
        // This time the key comes from publisher.json (push reads it too; push runs no preflight).
        repo.write("publisher.json", "{\"signingKey\": \"" + signingKey + "\"}");
        try {
            PublisherRun.Result failed = publisher().env("PUBLISHER_KEY_PASSWORD", PASSPHRASE)
                    .run("push", "--context", repo.dir().toString(), "--image", other.toString(), "--json");
            assertEquals(6, failed.exitCode(), failed.toString());
            String error = failed.json().path("error").asText();
            assertTrue(error.contains(other.withDigest(digest).familiar()), "names what it could not sign: " + error);
            assertEquals(digest, registry.digest(other.withTag("5.0.0")), "the same image, so the same digest, was pushed");
            assertFalse(registry.tags(other).contains("latest"), "no channel tag: " + registry.tags(other));

            // The cause removed, the same command signs the pushed image and only then moves the channel.
            registry.deleteManifest(other.withDigest(squatter));
            PublisherRun.Result again = publisher().env("PUBLISHER_KEY_PASSWORD", PASSPHRASE).run("push", "--context", repo.dir().toString(), "--image", other.toString(), "--json");
            assertEquals(0, again.exitCode(), again.toString());
            assertEquals("signed", again.json().path("signature").path("status").asText());
            assertEquals(digest, registry.digest(other.withTag("latest")));
            assertTrue(new SignatureVerifier(TrustedKeys.load(signingPub), new SignatureStore(registry)).verify(other, digest).verified());
        } finally {
            Files.delete(repo.dir().resolve("publisher.json"));
        }
    }
}
