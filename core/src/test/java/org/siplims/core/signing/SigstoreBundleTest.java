package org.siplims.core.signing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.siplims.core.image.Digest;

/** The strict reading of cosign 3's bundles and in-toto statements (no registry). */
class SigstoreBundleTest {
    private static final Digest DIGEST = Digest.of("release");
    private static final String STATEMENT = "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"digest\":{\"sha256\":\""
            + DIGEST.hex() + "\"},\"annotations\":{}}],\"predicateType\":\"https://sigstore.dev/cosign/sign/v1\",\"predicate\":{}}";

    private static String bundle(String material, String payloadType, String statement) {
        return "{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\",\"verificationMaterial\":" + material
                + ",\"dsseEnvelope\":{\"payload\":\"" + Base64.getEncoder().encodeToString(statement.getBytes(StandardCharsets.UTF_8))
                + "\",\"payloadType\":\"" + payloadType + "\",\"signatures\":[{\"sig\":\"MEQCIA==\"}]}}";
    }

    private static SigstoreBundle parse(String json) {
        return SigstoreBundle.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void preAuthenticationEncodingIsDssesV1() {
        // The test vector of the DSSE specification.
        assertArrayEquals("DSSEv1 29 http://example.com/HelloWorld 11 hello world".getBytes(StandardCharsets.UTF_8),
                Dsse.pae("http://example.com/HelloWorld", "hello world".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aKeyBasedBundleIsRead() {
        SigstoreBundle b = parse(bundle("{\"publicKey\":{\"hint\":\"x\"}}", SigstoreBundle.IN_TOTO, STATEMENT));
        assertEquals(SigstoreBundle.IN_TOTO, b.payloadType());
        assertEquals(1, b.signatures().size());
        InTotoStatement s = InTotoStatement.parse(b.payload());
        assertEquals(InTotoStatement.COSIGN_SIGN, s.predicateType());
        assertTrue(s.isOnlyAbout(DIGEST));
        assertFalse(s.isOnlyAbout(Digest.of("other")));
    }

    @Test
    void aCertificateBundleOrAnotherPayloadTypeOrDuplicateKeysAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> parse(bundle("{\"certificate\":{\"rawBytes\":\"AA==\"}}", SigstoreBundle.IN_TOTO, STATEMENT)));
        assertThrows(IllegalArgumentException.class,
                () -> parse(bundle("{\"publicKey\":{},\"x509CertificateChain\":{}}", SigstoreBundle.IN_TOTO, STATEMENT)));
        assertThrows(IllegalArgumentException.class, () -> parse(bundle("{\"publicKey\":{}}", "application/json", STATEMENT)));
        String dup = bundle("{\"publicKey\":{}}", SigstoreBundle.IN_TOTO, STATEMENT).replaceFirst("\\{", "{\"mediaType\":\"x\",");
        assertThrows(IllegalArgumentException.class, () -> parse(dup));
        assertThrows(IllegalArgumentException.class, () -> parse(bundle("{\"publicKey\":{}}", SigstoreBundle.IN_TOTO, STATEMENT) + "{}"));
    }

    @Test
    void aStatementIsParsedStrictly() {
        assertThrows(IllegalArgumentException.class, () -> InTotoStatement.parse(
                STATEMENT.replace("\"predicate\":{}", "\"predicate\":{},\"extra\":1").getBytes(StandardCharsets.UTF_8)));
        assertThrows(IllegalArgumentException.class, () -> InTotoStatement.parse(
                STATEMENT.replace("{\"sha256\":", "{\"sha512\":\"ab\",\"sha256\":").getBytes(StandardCharsets.UTF_8)));
        assertThrows(IllegalArgumentException.class, () -> InTotoStatement.parse(
                STATEMENT.replace("in-toto.io/Statement/v1", "example.com/v1").getBytes(StandardCharsets.UTF_8)));
        InTotoStatement two = InTotoStatement.parse(STATEMENT.replace("\"subject\":[", "\"subject\":[{\"digest\":{\"sha256\":\""
                + Digest.of("other").hex() + "\"}},").getBytes(StandardCharsets.UTF_8));
        assertFalse(two.isOnlyAbout(DIGEST), "a statement about two images does not bind to one");
    }
}
