package org.siplims.core.signing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;

class SignatureManifestTest {
    /**
     * The signature image cosign v1.13.1 pushed in a published HTTP trace: payload sha256:b671489e…,
     * signature MEYCIQCP…, created 2023-02-17T09:25:33.91047962-08:00; config sha256:85ad8e17… (247
     * bytes), manifest sha256:7ebe8964… (558 bytes). Equal digests prove byte-for-byte equal output.
     */
    @Test
    void writesTheConfigAndManifestCosignWrites() {
        byte[] payload = SimpleSigningPayload.forImage(ImageReference.parse("chihjenhuang/cosign1"),
                Digest.parse("sha256:4c1c50d0ffc614f90b93b07d778028dc765548e823f676fb027f61d281ac380d")).toBytes();
        SignatureLayer layer = SignatureLayer.of(payload,
                "MEYCIQCPH7NJAIfrB6BZN91dV0o7l/i11muXrvrAh100jDMMhAIhAPsLH0oXb2OPITXRpWBMUd3vHtz5Ks5pql2Hr6t/IJXw");
        SignatureManifest.Built built = SignatureManifest.build(List.of(layer),
                OffsetDateTime.of(2023, 2, 17, 9, 25, 33, 910_479_620, ZoneOffset.ofHours(-8)));

        assertEquals(247, built.config().length);
        assertEquals("sha256:85ad8e17d3d7c00664855c638832bd99f32d42542c2d587851410a45a7f60b95", built.configDigest().toString());
        assertEquals(558, built.manifest().length);
        assertEquals("sha256:7ebe8964225fa4619b53aa35416ef0246c037e36ddf81776b21b15e1dda2262b", built.manifestDigest().toString());
    }

    @Test
    void writesCreatedInUtcAsGoDoes() {
        SignatureManifest.Built built = SignatureManifest.build(List.of(),
                OffsetDateTime.of(2026, 1, 2, 3, 4, 0, 0, ZoneOffset.UTC));
        String config = new String(built.config(), StandardCharsets.UTF_8);
        assertTrue(config.contains("\"created\":\"2026-01-02T03:04:00Z\""), config);
        assertTrue(config.contains("\"diff_ids\":[]"), config);
    }

    @Test
    void readsBackTheLayersItWrote() {
        SignatureLayer first = SignatureLayer.of("{\"a\":1}".getBytes(StandardCharsets.UTF_8), "c2ln");
        SignatureLayer second = new SignatureLayer(SimpleSigningPayload.MEDIA_TYPE, Digest.of("x"), 1,
                Map.of(SignatureLayer.SIGNATURE_ANNOTATION, "b3Ro", "dev.sigstore.cosign/bundle", "{}"), null);
        SignatureManifest.Built built = SignatureManifest.build(List.of(first, second), OffsetDateTime.now(ZoneOffset.UTC));
        String config = new String(built.config(), StandardCharsets.UTF_8);
        assertTrue(config.contains("\"history\":[{\"created\":\"0001-01-01T00:00:00Z\"},{\"created\":\"0001-01-01T00:00:00Z\"}]"), config);

        List<SignatureLayer> layers = SignatureManifest.layers(built.manifest());
        assertEquals(2, layers.size());
        assertEquals(first.digest(), layers.get(0).digest());
        assertEquals(first.size(), layers.get(0).size());
        assertEquals(first.annotations(), layers.get(0).annotations());
        assertNull(layers.get(0).payload());
        assertEquals(second.withPayload(null), layers.get(1));
        // Annotation keys come out sorted, as Go writes maps.
        String manifest = new String(built.manifest(), StandardCharsets.UTF_8);
        assertTrue(manifest.indexOf("dev.cosignproject.cosign/signature") < manifest.indexOf("dev.sigstore.cosign/bundle"), manifest);
    }

    @Test
    void readsDockerMediaTypeManifestsToo() {
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"size\":2,\"digest\":\"" + Digest.of("{}") + "\"},"
                + "\"layers\":[{\"mediaType\":\"" + SimpleSigningPayload.MEDIA_TYPE + "\",\"size\":3,\"digest\":\"" + Digest.of("abc")
                + "\",\"annotations\":{\"" + SignatureLayer.SIGNATURE_ANNOTATION + "\":\"c2ln\"}}]}";
        List<SignatureLayer> layers = SignatureManifest.layers(manifest.getBytes(StandardCharsets.UTF_8));
        assertEquals(1, layers.size());
        assertEquals("c2ln", layers.get(0).signature().orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "garbage",
            "{\"schemaVersion\":1,\"layers\":[]}",
            "{\"schemaVersion\":2}",
            "{\"schemaVersion\":2,\"layers\":[{\"mediaType\":\"x\",\"size\":1}]}",
            "{\"schemaVersion\":2,\"layers\":[{\"mediaType\":\"x\",\"size\":-1,\"digest\":\"DIGEST\"}]}",
            "{\"schemaVersion\":2,\"layers\":[{\"mediaType\":\"x\",\"size\":1,\"digest\":\"DIGEST\",\"annotations\":{\"a\":1}}]}",
            "{\"schemaVersion\":2,\"layers\":[{\"mediaType\":\"x\",\"size\":1,\"digest\":\"DIGEST\",\"annotations\":[]}]}",
    })
    void refusesWhatIsNotASignatureManifest(String json) {
        byte[] bytes = json.replace("DIGEST", Digest.of("x").toString()).getBytes(StandardCharsets.UTF_8);
        assertThrows(IllegalArgumentException.class, () -> SignatureManifest.layers(bytes));
    }

    @Test
    void aLayerKnowsWhetherItsPayloadIsWhatItsDigestNames() {
        byte[] payload = "payload".getBytes(StandardCharsets.UTF_8);
        SignatureLayer layer = SignatureLayer.of(payload, "c2ln");
        assertTrue(layer.payloadMatchesDigest());
        byte[] changed = payload.clone();
        changed[0] = 'P';
        assertEquals(false, layer.withPayload(changed).payloadMatchesDigest());
        assertEquals(false, layer.withPayload(null).payloadMatchesDigest());
        assertArrayEquals(payload, layer.payload());
    }
}
