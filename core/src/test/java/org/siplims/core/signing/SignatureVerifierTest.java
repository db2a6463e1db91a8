package org.siplims.core.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.registry.CredentialResolver;
import org.siplims.core.registry.RegistryClient;
import org.siplims.core.signing.VerificationResult.Outcome;

/** Signing and the verifier's decisions over signatures already fetched (no registry involved). */
class SignatureVerifierTest {
    private static final ImageReference REPO = ImageReference.parse("ghcr.io/lab/app");
    private static final Digest DIGEST = Digest.of("release 1.0 manifest");
    private static final Digest OTHER_DIGEST = Digest.of("release 2.0 manifest");

    private static SigningKey maintainer;
    private static SigningKey stranger;

    @TempDir
    static Path home;

    @BeforeAll
    static void keys() {
        maintainer = SigningKeys.generate();
        stranger = SigningKeys.generate();
    }

    private static SignatureVerifier verifier(SigningKey... trusted) {
        // check() never touches the registry; the client is there because the verifier can also fetch.
        SignatureStore store = new SignatureStore(new RegistryClient(new CredentialResolver(Map.of(), home, List.of())));
        return new SignatureVerifier(TrustedKeys.of(java.util.Arrays.stream(trusted).map(SigningKey::publicKey).toList()), store);
    }

    @Test
    void signsTheSimpleSigningPayloadWithEcdsaP256() throws Exception {
        ImageSignature signature = new ImageSigner(maintainer).sign(REPO.withTag("1.0"), DIGEST);
        assertEquals(REPO, signature.repository());
        assertEquals(maintainer.keyId(), signature.keyId());
        assertEquals(new String(SimpleSigningPayload.forImage(REPO, DIGEST).toBytes(), StandardCharsets.UTF_8),
                new String(signature.payload(), StandardCharsets.UTF_8));
        // Standard base64 of a DER signature that the JDK verifies independently of this package.
        byte[] der = Base64.getDecoder().decode(signature.base64Signature());
        assertEquals(0x30, der[0] & 0xff, "an ASN.1 SEQUENCE");
        Signature jdk = Signature.getInstance("SHA256withECDSA");
        jdk.initVerify(maintainer.publicKey());
        jdk.update(signature.payload());
        assertTrue(jdk.verify(der));

        SignatureLayer layer = signature.layer();
        assertEquals(SimpleSigningPayload.MEDIA_TYPE, layer.mediaType());
        assertEquals(Digest.of(signature.payload()), layer.digest());
        assertEquals(Optional.of(signature.base64Signature()), layer.signature());
    }

    @Test
    void aSignatureByATrustedKeyForThisRepositoryAndDigestVerifies() {
        VerificationResult result = verifier(maintainer).check(REPO, DIGEST, List.of(signed(maintainer, REPO, DIGEST)));
        assertTrue(result.verified(), result.message());
        assertEquals(Outcome.VERIFIED, result.outcome());
        assertEquals(Optional.of(maintainer.keyId()), result.keyId());
        assertTrue(result.message().contains(maintainer.keyId().toString()), result.message());
    }

    @Test
    void anyOfSeveralTrustedKeysWillDoAndIsNamed() {
        VerificationResult result = verifier(stranger, maintainer).check(REPO, DIGEST, List.of(signed(maintainer, REPO, DIGEST)));
        assertEquals(Optional.of(maintainer.keyId()), result.keyId());
    }

    @Test
    void dockerHubSpellingsAreOneRepository() {
        ImageReference hub = ImageReference.parse("busybox");
        SignatureLayer layer = signed(maintainer, ImageReference.parse("index.docker.io/library/busybox"), DIGEST);
        assertTrue(verifier(maintainer).check(hub, DIGEST, List.of(layer)).verified());
    }

    @Test
    void aSignatureByAnotherKeyIsRefused() {
        VerificationResult result = verifier(maintainer).check(REPO, DIGEST, List.of(signed(stranger, REPO, DIGEST)));
        assertEquals(Outcome.UNTRUSTED_SIGNATURE, result.outcome());
        assertEquals(Optional.empty(), result.keyId());
        assertTrue(result.message().contains(maintainer.keyId().toString()), result.message());
    }

    @Test
    void aSignatureForAnotherDigestIsRefused() {
        VerificationResult result = verifier(maintainer).check(REPO, DIGEST, List.of(signed(maintainer, REPO, OTHER_DIGEST)));
        assertEquals(Outcome.WRONG_DIGEST, result.outcome());
        assertEquals(Optional.of(maintainer.keyId()), result.keyId());
        assertTrue(result.message().contains(OTHER_DIGEST.toString()), result.message());
    }

    @Test
    void aSignatureForAnotherRepositoryIsRefused() {
        ImageReference other = ImageReference.parse("ghcr.io/lab/other-app");
        VerificationResult result = verifier(maintainer).check(REPO, DIGEST, List.of(signed(maintainer, other, DIGEST)));
        assertEquals(Outcome.WRONG_REPOSITORY, result.outcome());
        assertTrue(result.message().contains("ghcr.io/lab/other-app"), result.message());
    }

    @Test
    void aPayloadThatIsNotWhatTheManifestNamesIsTampered() {
        SignatureLayer layer = signed(maintainer, REPO, DIGEST);
        byte[] changed = layer.payload();
        changed[changed.length - 3] = 'X'; // "null" -> "nuXl"
        VerificationResult result = verifier(maintainer).check(REPO, DIGEST, List.of(layer.withPayload(changed)));
        assertEquals(Outcome.TAMPERED_PAYLOAD, result.outcome());
    }

    @Test
    void aPayloadEditedAfterSigningNoLongerVerifies() {
        // The attacker rewrites the payload to name their digest and fixes the layer digest to match,
        // but cannot re-sign.
        SignatureLayer original = signed(maintainer, REPO, DIGEST);
        byte[] edited = SimpleSigningPayload.forImage(REPO, OTHER_DIGEST).toBytes();
        SignatureLayer forged = SignatureLayer.of(edited, original.signature().orElseThrow());
        VerificationResult result = verifier(maintainer).check(REPO, OTHER_DIGEST, List.of(forged));
        assertEquals(Outcome.UNTRUSTED_SIGNATURE, result.outcome());
        assertTrue(result.message().contains("changed after signing"), result.message());
    }

    @Test
    void malformedSignaturesAreRefused() {
        SignatureLayer good = signed(maintainer, REPO, DIGEST);
        SignatureVerifier verifier = verifier(maintainer);
        List<SignatureLayer> bad = List.of(
                new SignatureLayer(good.mediaType(), good.digest(), good.size(), Map.of(), good.payload()),
                new SignatureLayer(good.mediaType(), good.digest(), good.size(),
                        Map.of(SignatureLayer.SIGNATURE_ANNOTATION, "not base64!"), good.payload()),
                new SignatureLayer("application/vnd.oci.image.layer.v1.tar+gzip", good.digest(), good.size(),
                        good.annotations(), good.payload()),
                good.withPayload(null));
        for (SignatureLayer layer : bad) {
            assertEquals(Outcome.MALFORMED_SIGNATURE, verifier.check(REPO, DIGEST, List.of(layer)).outcome(), layer.toString());
        }
        assertEquals(Outcome.MALFORMED_SIGNATURE, verifier.check(REPO, DIGEST, List.of()).outcome());
    }

    @Test
    void aTrustedSignatureOverSomethingElseIsMalformedAndNamesTheKey() {
        byte[] notAPayload = "{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8);
        SignatureLayer layer = SignatureLayer.of(notAPayload, Base64.getEncoder().encodeToString(P256.sign(maintainer.privateKey(), notAPayload)));
        VerificationResult result = verifier(maintainer).check(REPO, DIGEST, List.of(layer));
        assertEquals(Outcome.MALFORMED_SIGNATURE, result.outcome());
        assertEquals(Optional.of(maintainer.keyId()), result.keyId());
    }

    @Test
    void oneGoodSignatureAmongBadOnesIsEnough() {
        List<SignatureLayer> layers = List.of(signed(stranger, REPO, DIGEST), signed(maintainer, REPO, OTHER_DIGEST),
                signed(maintainer, REPO, DIGEST));
        assertTrue(verifier(maintainer).check(REPO, DIGEST, layers).verified());
    }

    @Test
    void withoutAGoodSignatureTheMostTellingRefusalIsReported() {
        List<SignatureLayer> layers = List.of(signed(stranger, REPO, DIGEST), signed(maintainer, REPO, OTHER_DIGEST));
        assertEquals(Outcome.WRONG_DIGEST, verifier(maintainer).check(REPO, DIGEST, layers).outcome());
    }

    @Test
    void aVerifierNeedsATrustedKey() {
        assertThrows(IllegalArgumentException.class, () -> verifier());
    }

    private static SignatureLayer signed(SigningKey key, ImageReference repository, Digest digest) {
        return new ImageSigner(key).sign(repository, digest).layer();
    }
}
