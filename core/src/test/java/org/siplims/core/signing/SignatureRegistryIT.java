package org.siplims.core.signing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siplims.core.UserFacingException;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.registry.CredentialResolver;
import org.siplims.core.registry.Manifest;
import org.siplims.core.registry.ManifestMediaTypes;
import org.siplims.core.registry.RegistryBadResponseException;
import org.siplims.core.registry.RegistryClient;
import org.siplims.core.signing.VerificationResult.Outcome;
import org.siplims.core.testing.FixtureImages;
import org.siplims.core.testing.TestEnvironment;

/**
 * Signing and verification against the real plain registry of the test environment, with real
 * images built by the fixtures. Each test gets a fresh repository holding release 1.0 and 2.0.
 */
class SignatureRegistryIT {
    private static TestEnvironment env;
    private static FixtureImages fixtures;
    private static RegistryClient registry;
    private static FixtureImages.PushedImage release1;
    private static FixtureImages.PushedImage release2;
    private static SigningKey maintainer;
    private static SigningKey stranger;

    @TempDir
    static Path home;

    private ImageReference repo;
    private SignatureStore store;

    @BeforeAll
    static void images() {
        env = TestEnvironment.get();
        fixtures = new FixtureImages(env);
        String base = env.plainRegistry() + "/" + TestEnvironment.uniqueRepository("sig-src");
        release1 = fixtures.pushApp(ImageReference.parse(base + ":1.0"), "1.0", FixtureImages.Mode.HEALTHY);
        release2 = fixtures.pushApp(ImageReference.parse(base + ":2.0"), "2.0", FixtureImages.Mode.HEALTHY);
        assertFalse(release1.digest().equals(release2.digest()));
        registry = new RegistryClient(new CredentialResolver(Map.of(), home, List.of()));
        maintainer = SigningKeys.generate();
        stranger = SigningKeys.generate();
    }

    @BeforeEach
    void freshRepository() {
        repo = ImageReference.parse(env.plainRegistry() + "/" + TestEnvironment.uniqueRepository("sig"));
        copy(release1, "1.0");
        copy(release2, "2.0");
        store = new SignatureStore(registry);
    }

    /** docker tag + push into this test's repository: the digest stays the same. */
    private void copy(FixtureImages.PushedImage image, String tag) {
        ImageReference target = repo.withTag(tag);
        fixtures.cli().run("tag", image.reference().toString(), target.toString());
        assertEquals(image.digest(), fixtures.push(target));
    }

    private SignatureVerifier trusting(SigningKey... keys) {
        return new SignatureVerifier(TrustedKeys.of(java.util.Arrays.stream(keys).map(SigningKey::publicKey).toList()), store);
    }

    @Test
    void aSignedDigestVerifiesAndIsStoredAsCosignStoresIt() throws Exception {
        ImageSignature signature = new ImageSigner(maintainer).sign(repo, release1.digest());
        Digest stored = store.attach(signature);

        VerificationResult result = trusting(maintainer).verify(repo, release1.digest());
        assertEquals(Outcome.VERIFIED, result.outcome(), result.message());
        assertEquals(Optional.of(maintainer.keyId()), result.keyId());

        // What another tool finds: the tag, an OCI manifest with an OCI config and one simple-signing layer.
        String tag = "sha256-" + release1.digest().hex() + ".sig";
        assertTrue(registry.tags(repo).contains(tag), registry.tags(repo).toString());
        Manifest manifest = registry.manifest(repo.withTag(tag));
        assertEquals(stored, manifest.digest());
        assertEquals(ManifestMediaTypes.OCI_MANIFEST, manifest.mediaType());
        JsonNode json = new ObjectMapper().readTree(manifest.bytes());
        assertEquals(ManifestMediaTypes.OCI_CONFIG, json.path("config").path("mediaType").asText());
        assertEquals(1, json.path("layers").size());
        JsonNode layer = json.path("layers").get(0);
        assertEquals("application/vnd.dev.cosign.simplesigning.v1+json", layer.path("mediaType").asText());
        assertEquals(signature.base64Signature(), layer.path("annotations").path("dev.cosignproject.cosign/signature").asText());
        byte[] payload = registry.blob(repo, Digest.parse(layer.path("digest").asText()));
        assertArrayEquals(signature.payload(), payload);
        JsonNode critical = new ObjectMapper().readTree(payload).path("critical");
        assertEquals(repo.name(), critical.path("identity").path("docker-reference").asText());
        assertEquals(release1.digest().toString(), critical.path("image").path("docker-manifest-digest").asText());
        // The config lists the payload as the image's only layer.
        JsonNode config = new ObjectMapper().readTree(registry.blob(repo, Digest.parse(json.path("config").path("digest").asText())));
        assertEquals(layer.path("digest").asText(), config.path("rootfs").path("diff_ids").get(0).asText());
    }

    @Test
    void anUnsignedDigestIsRefused() {
        store.attach(new ImageSigner(maintainer).sign(repo, release1.digest()));
        VerificationResult result = trusting(maintainer).verify(repo, release2.digest());
        assertEquals(Outcome.NO_SIGNATURE, result.outcome());
        assertTrue(result.message().contains("sha256-" + release2.digest().hex() + ".sig"), result.message());
    }

    @Test
    void aSignatureByAnotherKeyIsRefused() {
        store.attach(new ImageSigner(stranger).sign(repo, release1.digest()));
        VerificationResult result = trusting(maintainer).verify(repo, release1.digest());
        assertEquals(Outcome.UNTRUSTED_SIGNATURE, result.outcome(), result.message());
        assertTrue(trusting(stranger).verify(repo, release1.digest()).verified(), "the same signature verifies with its own key");
    }

    @Test
    void aSignatureCopiedOntoAnotherDigestIsRefused() {
        store.attach(new ImageSigner(maintainer).sign(repo, release1.digest()));
        List<SignatureLayer> layers = store.fetch(repo, release1.digest()).orElseThrow();
        store.put(repo, release2.digest(), layers);

        VerificationResult result = trusting(maintainer).verify(repo, release2.digest());
        assertEquals(Outcome.WRONG_DIGEST, result.outcome(), result.message());
        assertEquals(Optional.of(maintainer.keyId()), result.keyId());
        assertTrue(trusting(maintainer).verify(repo, release1.digest()).verified());
    }

    @Test
    void aSignatureFromAnotherRepositoryIsRefused() {
        // The same key signed release 1.0 in the source repository; its .sig is copied here.
        ImageReference source = release1.reference().repositoryOnly();
        SignatureStore sourceStore = new SignatureStore(registry);
        sourceStore.attach(new ImageSigner(maintainer).sign(source, release1.digest()));
        store.put(repo, release1.digest(), sourceStore.fetch(source, release1.digest()).orElseThrow());

        VerificationResult result = trusting(maintainer).verify(repo, release1.digest());
        assertEquals(Outcome.WRONG_REPOSITORY, result.outcome(), result.message());
    }

    @Test
    void aPayloadEditedToNameAnotherDigestIsRefused() {
        // Someone with push rights rewrites the payload to approve release 2.0, keeping 1.0's signature.
        store.attach(new ImageSigner(maintainer).sign(repo, release1.digest()));
        SignatureLayer original = store.fetch(repo, release1.digest()).orElseThrow().get(0);
        byte[] edited = new String(original.payload(), StandardCharsets.UTF_8)
                .replace(release1.digest().hex(), release2.digest().hex()).getBytes(StandardCharsets.UTF_8);
        store.put(repo, release2.digest(), List.of(SignatureLayer.of(edited, original.signature().orElseThrow())));

        VerificationResult result = trusting(maintainer).verify(repo, release2.digest());
        assertEquals(Outcome.UNTRUSTED_SIGNATURE, result.outcome(), result.message());
    }

    @Test
    void aPayloadChangedInTheRegistryStorageIsRefused() throws Exception {
        ImageSignature signature = new ImageSigner(maintainer).sign(repo, release1.digest());
        store.attach(signature);
        // Change one character of the stored payload (same length) behind the registry's back.
        String hex = Digest.of(signature.payload()).hex();
        Path data = env.stateDir().resolve("plain-data/docker/registry/v2/blobs/sha256/" + hex.substring(0, 2) + "/" + hex + "/data");
        assertTrue(Files.isRegularFile(data), "the plain registry stores blobs at " + data);
        String tampered = new String(Files.readAllBytes(data), StandardCharsets.UTF_8).replace("\"optional\":null", "\"optional\":nul ");
        assertEquals(signature.payload().length, tampered.length());
        Files.writeString(data, tampered);

        // Either the registry client refuses content that does not match its digest (it does today),
        // or the verifier does; never is it verified.
        try {
            VerificationResult result = trusting(maintainer).verify(repo, release1.digest());
            assertEquals(Outcome.TAMPERED_PAYLOAD, result.outcome(), result.message());
        } catch (RegistryBadResponseException e) {
            assertTrue(e.getMessage().contains(Digest.of(signature.payload()).toString()), e.getMessage());
            assertTrue(e.getMessage().contains("does not match"), e.getMessage());
        }
    }

    @Test
    void signingAgainReplacesTheOwnSignatureAndKeepsOtherKeys() {
        SigningKey next = SigningKeys.generate();
        store.attach(new ImageSigner(maintainer).sign(repo, release1.digest()));
        store.attach(new ImageSigner(maintainer).sign(repo, release1.digest()));
        assertEquals(1, store.fetch(repo, release1.digest()).orElseThrow().size());

        store.attach(new ImageSigner(next).sign(repo, release1.digest()));
        assertEquals(2, store.fetch(repo, release1.digest()).orElseThrow().size());
        assertEquals(Optional.of(maintainer.keyId()), trusting(maintainer).verify(repo, release1.digest()).keyId());
        assertEquals(Optional.of(next.keyId()), trusting(next).verify(repo, release1.digest()).keyId());
    }

    @Test
    void somethingElseUnderTheSignatureTagIsMalformedAndLeftAlone() {
        // The image itself pushed under the .sig tag: an image manifest, but of tar layers.
        ImageReference sigTag = SignatureStore.signatureReference(repo, release1.digest());
        registry.retag(repo.withDigest(release2.digest()), sigTag.tag().orElseThrow());

        VerificationResult result = trusting(maintainer).verify(repo, release1.digest());
        assertEquals(Outcome.MALFORMED_SIGNATURE, result.outcome(), result.message());

        // (A manifest that is not even valid JSON cannot get there: the registry refuses it with 400.)
        Digest before = registry.digest(sigTag);
        UserFacingException e = assertThrows(UserFacingException.class,
                () -> store.attach(new ImageSigner(maintainer).sign(repo, release1.digest())));
        assertTrue(e.getMessage().contains("left alone"), e.getMessage());
        assertEquals(before, registry.digest(sigTag));
        assertEquals(release2.digest(), before, "still the image that was put there");
    }

    /** Issue 17 item 8: the version the maintainer signed comes back from the verified payload only. */
    @Test
    void theSignedVersionComesBackFromTheVerifiedPayload() {
        store.attach(new ImageSigner(maintainer).sign(repo, release1.digest(), "1.0"));
        VerificationResult result = trusting(maintainer).verify(repo, release1.digest());
        assertEquals(Outcome.VERIFIED, result.outcome(), result.message());
        assertEquals(Optional.of("1.0"), result.signedVersion());
        // Signed without a version (by hand with cosign, or before the publisher signed versions): none.
        store.attach(new ImageSigner(maintainer).sign(repo, release2.digest()));
        assertEquals(Optional.empty(), trusting(maintainer).verify(repo, release2.digest()).signedVersion());
        // Another key's signature stating a version states nothing.
        assertFalse(trusting(stranger).verify(repo, release1.digest()).signedVersion().isPresent());
    }

    /** Issue 17 item 8: rollback records are stored beside the target release and read back only when a trusted key signed them. */
    @Test
    void rollbackRecordsAreReadBackOnlyWhenATrustedKeySignedThem() {
        RollbackRecords records = new RollbackRecords(registry);
        RollbackRecord back = RollbackRecord.of(repo, "2.0", release2.digest(), "1.0", release1.digest());
        assertEquals(List.of(), records.trusted(TrustedKeys.of(maintainer.publicKey()), repo, release1.digest()), "none yet");

        records.attach(maintainer, back);
        assertTrue(registry.tags(repo).contains("sha256-" + release1.digest().hex() + ".rollback"), registry.tags(repo).toString());
        assertEquals(List.of(back), records.trusted(TrustedKeys.of(maintainer.publicKey()), repo, release1.digest()));
        assertEquals(List.of(), records.trusted(TrustedKeys.of(stranger.publicKey()), repo, release1.digest()), "another key's trust");
        records.attach(maintainer, back); // again: replaced, not piled up
        assertEquals(1, records.trusted(TrustedKeys.of(maintainer.publicKey()), repo, release1.digest()).size());

        // A stranger's record, and a release signature copied under the rollback tag, allow nothing.
        records.attach(stranger, RollbackRecord.of(repo, "3.0", release2.digest(), "1.0", release1.digest()));
        ImageSignature release = new ImageSigner(maintainer).sign(repo, release1.digest(), "1.0");
        List<SignatureLayer> layers = new java.util.ArrayList<>(store.descriptorsUnder(repo, back.tag()).orElseThrow());
        layers.add(release.layer());
        store.putUnder(repo, back.tag(), layers);
        assertEquals(List.of(back), records.trusted(TrustedKeys.of(maintainer.publicKey()), repo, release1.digest()));
        assertEquals(List.of(), records.trusted(TrustedKeys.of(maintainer.publicKey()), repo, release2.digest()), "another target");
    }
}
