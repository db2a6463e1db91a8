package org.siplims.core.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.registry.CredentialResolver;
import org.siplims.core.registry.Manifest;
import org.siplims.core.registry.ManifestMediaTypes;
import org.siplims.core.registry.RegistryClient;
import org.siplims.core.signing.VerificationResult.Outcome;
import org.siplims.core.testing.Cosign;
import org.siplims.core.testing.TestEnvironment;

/**
 * Signatures against stock cosign 2.x and 3.x (the test environment's binaries), both ways, on the
 * plain loopback registry: what the publisher signs passes {@code cosign verify --key}; what
 * {@code cosign sign --key} stores (2.x: the {@code .sig} tag; 3.x: a Sigstore bundle under the
 * referrers tag) is accepted with the matching key only; tampering is refused. Every cosign run is
 * watched by strace and must connect to loopback only.
 */
class CosignInteropIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestEnvironment env;
    private static RegistryClient registry;
    private static SigningKey maintainer;
    private static SigningKey stranger;
    private static Cosign cosign2;
    private static Cosign cosign3;
    private static Path cosign2Key;
    private static Path cosign3Key;

    @TempDir
    static Path work;

    @BeforeAll
    static void setUp() {
        env = TestEnvironment.get();
        registry = new RegistryClient(new CredentialResolver(Map.of(), work, List.of()));
        maintainer = SigningKeys.generate();
        stranger = SigningKeys.generate();
        cosign2 = Cosign.v2(env, work);
        cosign3 = Cosign.v3(env, work);
        cosign2Key = cosign2.generateKeyPair("maintainer2");
        cosign3Key = cosign3.generateKeyPair("maintainer3");
    }

    private static Cosign cosign(int major) {
        return major == 2 ? cosign2 : cosign3;
    }

    private static Path cosignKey(int major) {
        return major == 2 ? cosign2Key : cosign3Key;
    }

    private static Path publicKeyOf(Path privateKey) {
        return privateKey.resolveSibling(privateKey.getFileName().toString().replace(".key", ".pub"));
    }

    /** A tiny image (config only) pushed straight through the registry API under a fresh repository. */
    private static ImageReference pushImage(String prefix) {
        ImageReference repo = ImageReference.parse(env.plainRegistry() + "/" + TestEnvironment.uniqueRepository(prefix));
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]},"
                + "\"config\":{\"Labels\":{\"test\":\"" + repo.repository() + "\"}}}").getBytes(StandardCharsets.UTF_8);
        Digest configDigest = registry.uploadBlob(repo, config);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + ManifestMediaTypes.OCI_MANIFEST + "\",\"config\":{\"mediaType\":\""
                + ManifestMediaTypes.OCI_CONFIG + "\",\"digest\":\"" + configDigest + "\",\"size\":" + config.length + "},\"layers\":[]}")
                .getBytes(StandardCharsets.UTF_8);
        ImageReference tagged = repo.withTag("1.0");
        Digest digest = registry.putManifest(tagged, new Manifest(tagged, ManifestMediaTypes.OCI_MANIFEST, manifest));
        return repo.withDigest(digest);
    }

    /** The run succeeded and reached nothing but loopback. */
    private static Cosign.Run offline(Cosign.Run run) {
        assertEquals(List.of(), Cosign.nonLoopbackConnects(run.connects()), "cosign reached beyond loopback");
        assertFalse(run.connects().isEmpty(), "strace saw no connect at all: the registry was not reached, or tracing failed");
        return run;
    }

    private static VerificationResult verify(ImageReference image, java.security.PublicKey... keys) {
        return new SignatureVerifier(TrustedKeys.of(keys), new SignatureStore(registry))
                .verify(image.repositoryOnly(), image.digest().orElseThrow());
    }

    @ParameterizedTest(name = "cosign {0}")
    @ValueSource(ints = {2, 3})
    void aReleaseThePublisherSignedPassesStockCosignVerify(int major) throws Exception {
        ImageReference image = pushImage("cosign-pub");
        // As the publisher signs: with the release's version in the payload's optional claims.
        new SignatureStore(registry).attach(new ImageSigner(maintainer).sign(image, image.digest().orElseThrow(), "1.4.0"));
        Path maintainerPub = work.resolve("maintainer-" + major + ".pub");
        Files.writeString(maintainerPub, SigningKeys.publicKeyPem(maintainer.publicKey()));
        Path strangerPub = work.resolve("stranger-" + major + ".pub");
        Files.writeString(strangerPub, SigningKeys.publicKeyPem(stranger.publicKey()));

        Cosign.Run accepted = offline(cosign(major).verify(maintainerPub, image.toString()));
        assertEquals(0, accepted.exitCode(), accepted.toString());
        assertTrue(accepted.stdout().contains(image.digest().orElseThrow().toString()), accepted.stdout());
        assertTrue(accepted.stdout().contains("\"" + SimpleSigningPayload.VERSION_CLAIM + "\":\"1.4.0\""), accepted.stdout());
        Cosign.Run refused = cosign(major).verify(strangerPub, image.toString());
        assertEquals(List.of(), Cosign.nonLoopbackConnects(refused.connects()));
        assertTrue(refused.exitCode() != 0, "cosign accepted another key's check: " + refused);
    }

    @ParameterizedTest(name = "cosign {0}")
    @ValueSource(ints = {2, 3})
    void aReleaseSignedByStockCosignIsAcceptedWithItsKeyAndRefusedWithAnother(int major) {
        ImageReference image = pushImage("cosign-sign");
        Digest digest = image.digest().orElseThrow();
        Cosign.Run signed = offline(cosign(major).sign(cosignKey(major), image.toString()));
        assertEquals(0, signed.exitCode(), signed.toString());

        // The layout each version writes by default: 2.x the .sig tag, 3.x a bundle under the referrers tag.
        List<String> tags = registry.tags(image.repositoryOnly());
        assertEquals(major == 2, tags.contains(SignatureStore.signatureTag(digest)), tags.toString());
        assertEquals(major == 3, tags.contains(BundleStore.referrersTag(digest)), tags.toString());

        java.security.PublicKey cosignPublic = SigningKeys.readPublicKey(publicKeyOf(cosignKey(major)));
        VerificationResult accepted = verify(image, cosignPublic);
        assertEquals(Outcome.VERIFIED, accepted.outcome(), accepted.message());
        assertEquals(KeyId.of(cosignPublic), accepted.keyId().orElseThrow());

        VerificationResult refused = verify(image, stranger.publicKey());
        assertEquals(Outcome.UNTRUSTED_SIGNATURE, refused.outcome(), refused.message());
        // Several trusted keys (a rotation): the one that signed is enough.
        assertTrue(verify(image, stranger.publicKey(), cosignPublic).verified());
    }

    @ParameterizedTest(name = "cosign {0}")
    @ValueSource(ints = {2, 3})
    void attestationsThePublisherAttachesPassStockVerifyAttestation(int major) throws Exception {
        ImageReference image = pushImage("cosign-att");
        Digest digest = image.digest().orElseThrow();
        Attestations attestations = new Attestations(registry, java.time.Clock.systemUTC());
        ObjectNode sbom = JSON.createObjectNode().put("bomFormat", "CycloneDX").put("specVersion", "1.5").put("version", 1);
        // Shaped as the publisher writes it: a pip package, an OS package read from dpkg's status
        // file, and the metadata properties saying where the OS packages came from.
        sbom.putObject("metadata").putArray("properties").addObject().put("name", "siplims:os-packages:database")
                .put("value", "/var/lib/dpkg/status");
        sbom.putArray("components").addObject().put("type", "library").put("name", "streamlit").put("version", "1.40.1")
                .put("purl", "pkg:pypi/streamlit@1.40.1");
        sbom.withArray("components").addObject().put("type", "library").put("name", "libc6").put("version", "2.36-9+deb12u10")
                .put("purl", "pkg:deb/debian/libc6@2.36-9%2Bdeb12u10?arch=amd64");
        ObjectNode provenance = JSON.createObjectNode();
        provenance.putObject("buildDefinition").put("buildType", "https://example.com/build/v1");
        provenance.putObject("runDetails").putObject("builder").put("id", "https://example.com/builder");
        attestations.attach(maintainer, image, digest, "https://cyclonedx.org/bom", sbom);
        attestations.attach(maintainer, image, digest, "https://slsa.dev/provenance/v1", provenance);
        // Attaching again replaces the attestation of that type, keeps the other.
        attestations.attach(maintainer, image, digest, "https://cyclonedx.org/bom", sbom);
        assertEquals(2, new SignatureStore(registry).descriptorsUnder(image, Attestations.attestationTag(digest)).orElseThrow().size());

        Path pub = work.resolve("maintainer-att-" + major + ".pub");
        Files.writeString(pub, SigningKeys.publicKeyPem(maintainer.publicKey()));
        for (String type : List.of("cyclonedx", "slsaprovenance1")) {
            Cosign.Run run = offline(cosign(major).verifyAttestation(pub, type, image.toString()));
            assertEquals(0, run.exitCode(), type + ": " + run);
        }
        Path strangerPub = work.resolve("stranger-att-" + major + ".pub");
        Files.writeString(strangerPub, SigningKeys.publicKeyPem(stranger.publicKey()));
        assertTrue(cosign(major).verifyAttestation(strangerPub, "cyclonedx", image.toString()).exitCode() != 0);

        // Our own reading: verified with the key, bound to this repository and digest.
        var verified = attestations.verified(TrustedKeys.of(maintainer.publicKey()), image, digest, "https://cyclonedx.org/bom");
        assertEquals("1.40.1", verified.orElseThrow().statement().predicate().path("components").get(0).path("version").asText());
        assertTrue(attestations.verified(TrustedKeys.of(stranger.publicKey()), image, digest, "https://cyclonedx.org/bom").isEmpty());
    }

    @Test
    void aTamperedCosign3BundleIsRefused() throws Exception {
        ImageReference image = pushImage("cosign-tamper3");
        Digest digest = image.digest().orElseThrow();
        ImageReference other = pushImage("cosign-other3");
        offline(cosign3.sign(cosign3Key, image.toString()));
        java.security.PublicKey key = SigningKeys.readPublicKey(publicKeyOf(cosign3Key));
        assertTrue(verify(image, key).verified());

        // The statement changed to name another digest, the signature kept.
        rewriteBundle(image, bundle -> {
            ObjectNode envelope = (ObjectNode) bundle.get("dsseEnvelope");
            String statement = new String(Base64.getDecoder().decode(envelope.get("payload").asText()), StandardCharsets.UTF_8);
            statement = statement.replace(digest.hex(), other.digest().orElseThrow().hex());
            envelope.put("payload", Base64.getEncoder().encodeToString(statement.getBytes(StandardCharsets.UTF_8)));
        });
        VerificationResult changedStatement = verify(image, key);
        assertEquals(Outcome.UNTRUSTED_SIGNATURE, changedStatement.outcome(), changedStatement.message());
    }

    @Test
    void aCosign3BundleWithAnotherPayloadTypeIsRefused() throws Exception {
        ImageReference image = pushImage("cosign-type3");
        offline(cosign3.sign(cosign3Key, image.toString()));
        java.security.PublicKey key = SigningKeys.readPublicKey(publicKeyOf(cosign3Key));
        // The payload type is signed too (DSSE's encoding): changing it breaks the signature.
        rewriteBundle(image, bundle -> ((ObjectNode) bundle.get("dsseEnvelope")).put("payloadType", "application/json"));
        VerificationResult result = verify(image, key);
        assertFalse(result.verified(), result.message());
        assertEquals(Outcome.MALFORMED_SIGNATURE, result.outcome(), result.message());
    }

    @Test
    void aTamperedCosign2PayloadIsRefused() {
        ImageReference image = pushImage("cosign-tamper2");
        Digest digest = image.digest().orElseThrow();
        offline(cosign2.sign(cosign2Key, image.toString()));
        java.security.PublicKey key = SigningKeys.readPublicKey(publicKeyOf(cosign2Key));
        SignatureStore store = new SignatureStore(registry);
        assertTrue(verify(image, key).verified());

        SignatureLayer layer = store.fetch(image, digest).orElseThrow().get(0);
        String payload = new String(layer.payload(), StandardCharsets.UTF_8).replace(image.repository(), "lab/elsewhere");
        store.put(image, digest, List.of(SignatureLayer.of(payload.getBytes(StandardCharsets.UTF_8), layer.signature().orElseThrow())));
        VerificationResult result = verify(image, key);
        assertEquals(Outcome.UNTRUSTED_SIGNATURE, result.outcome(), result.message());
    }

    @Test
    void aNonLoopbackConnectIsNoticed() {
        List<String> lines = List.of(
                "12 connect(3, {sa_family=AF_INET, sin_port=htons(5555), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = 0",
                "12 connect(7, {sa_family=AF_UNIX, sun_path=\"/run/x\"}, 110) = 0",
                "13 connect(5, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr(\"10.255.255.53\")}, 16) = 0",
                "14 connect(6, {sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, \"2606:4700::1\", &sin6_addr), sin6_scope_id=0}, 28) = -1");
        assertEquals(List.of(lines.get(2), lines.get(3)), Cosign.nonLoopbackConnects(lines));
    }

    private interface BundleEdit {
        void apply(ObjectNode bundle) throws Exception;
    }

    /** Replaces the one referrer under the referrers tag by one holding an edited copy of its bundle. */
    private static void rewriteBundle(ImageReference image, BundleEdit edit) throws Exception {
        ImageReference repo = image.repositoryOnly();
        Digest digest = image.digest().orElseThrow();
        ImageReference indexTag = repo.withTag(BundleStore.referrersTag(digest));
        ObjectNode index = (ObjectNode) JSON.readTree(registry.manifest(indexTag).bytes());
        ObjectNode entry = (ObjectNode) index.get("manifests").get(0);
        ObjectNode referrer = (ObjectNode) JSON.readTree(registry.manifest(repo.withDigest(Digest.parse(entry.get("digest").asText()))).bytes());
        ObjectNode layer = (ObjectNode) referrer.get("layers").get(0);
        ObjectNode bundle = (ObjectNode) JSON.readTree(registry.blob(repo, Digest.parse(layer.get("digest").asText())));
        edit.apply(bundle);
        byte[] edited = JSON.writeValueAsBytes(bundle);
        layer.put("digest", registry.uploadBlob(repo, edited).toString());
        layer.put("size", edited.length);
        byte[] referrerBytes = JSON.writeValueAsBytes(referrer);
        ImageReference scratch = repo.withTag("tampered");
        Digest newReferrer = registry.putManifest(scratch, new Manifest(scratch, ManifestMediaTypes.OCI_MANIFEST, referrerBytes));
        entry.put("digest", newReferrer.toString());
        entry.put("size", referrerBytes.length);
        index.set("manifests", JSON.createArrayNode().add(entry));
        registry.putManifest(indexTag, new Manifest(indexTag, ManifestMediaTypes.OCI_INDEX, JSON.writeValueAsBytes(index)));
    }
}
