package org.siplims.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.image.Platform;

class ManifestListTest {
    private static final ImageReference REF = ImageReference.parse("ghcr.io/a/b:1");

    private static String entry(String digestSeed, String platform) {
        return "{\"mediaType\":\"" + ManifestMediaTypes.OCI_MANIFEST + "\",\"size\":10,\"digest\":\"" + Digest.of(digestSeed)
                + "\",\"platform\":" + platform + "}";
    }

    private static final String INDEX = "{\"schemaVersion\":2,\"manifests\":["
            + entry("amd", "{\"architecture\":\"amd64\",\"os\":\"linux\"}") + ","
            + entry("armv7", "{\"architecture\":\"arm\",\"os\":\"linux\",\"variant\":\"v7\"}") + ","
            + entry("arm64", "{\"architecture\":\"arm64\",\"os\":\"linux\",\"variant\":\"v8\"}") + ","
            + entry("att", "{\"architecture\":\"unknown\",\"os\":\"unknown\"}") + "]}";

    @Test
    void anOciIndexWithoutMediaTypeFieldIsRecognised() {
        byte[] bytes = INDEX.getBytes(StandardCharsets.UTF_8);
        assertEquals(ManifestMediaTypes.OCI_INDEX, Manifest.declaredMediaType(bytes));
        Manifest m = new Manifest(REF, ManifestMediaTypes.OCI_INDEX, bytes);
        assertTrue(m.isIndex());
        assertEquals(Digest.of(bytes), m.digest());
        ManifestList list = m.asManifestList();
        assertEquals(4, list.manifests().size());
        // Attestation entries are not platforms anyone can run.
        assertEquals(List.of(Platform.LINUX_AMD64, Platform.parse("linux/arm/v7"), Platform.LINUX_ARM64), list.platforms());
    }

    @Test
    void selectsByPlatform() {
        ManifestList list = new Manifest(REF, ManifestMediaTypes.OCI_INDEX, INDEX.getBytes(StandardCharsets.UTF_8)).asManifestList();
        assertEquals(Digest.of("arm64"), list.select(Platform.parse("linux/aarch64")).orElseThrow().digest());
        assertEquals(Digest.of("amd"), list.select(Platform.LINUX_AMD64).orElseThrow().digest());
        assertEquals(Digest.of("armv7"), list.select(Platform.parse("linux/arm")).orElseThrow().digest());
        assertEquals(Optional.empty(), list.select(Platform.parse("linux/arm/v6")));
        assertEquals(Optional.empty(), list.select(Platform.parse("windows/amd64")));
    }

    @Test
    void malformedManifestsAreBadResponses() {
        Manifest notJson = new Manifest(REF, ManifestMediaTypes.OCI_INDEX, "<html>".getBytes(StandardCharsets.UTF_8));
        RegistryBadResponseException e = assertThrows(RegistryBadResponseException.class, notJson::asManifestList);
        assertTrue(e.getMessage().contains("ghcr.io/a/b:1") && e.getMessage().contains("not valid JSON"), e.getMessage());

        Manifest noDigest = new Manifest(REF, ManifestMediaTypes.DOCKER_MANIFEST,
                "{\"config\":{\"digest\":\"nope\"},\"layers\":[]}".getBytes(StandardCharsets.UTF_8));
        assertThrows(RegistryBadResponseException.class, noDigest::asImageManifest);
        assertThrows(RegistryBadResponseException.class,
                new Manifest(REF, ManifestMediaTypes.DOCKER_MANIFEST, INDEX.getBytes(StandardCharsets.UTF_8))::asManifestList);
    }

    @Test
    void imageConfig() {
        ImageConfig c = ImageConfig.parse(("{\"architecture\":\"arm64\",\"variant\":\"v8\",\"os\":\"linux\","
                + "\"created\":\"2026-01-02T03:04:05.123+02:00\",\"config\":{\"Labels\":{\"a\":\"1\"}}}").getBytes(StandardCharsets.UTF_8));
        assertEquals(Platform.LINUX_ARM64, c.platform());
        assertEquals("1", c.labels().get("a"));
        assertEquals(java.time.Instant.parse("2026-01-02T01:04:05.123Z"), c.created().orElseThrow());
        assertEquals(java.util.Map.of(), ImageConfig.parse("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Labels\":null}}"
                .getBytes(StandardCharsets.UTF_8)).labels());
        assertThrows(IllegalArgumentException.class, () -> ImageConfig.parse("{}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void loopbackHostsUsePlainHttp() {
        assertEquals("http://127.0.0.1:5555", HttpTransport.baseUri("127.0.0.1:5555").toString());
        assertEquals("http://localhost:5000", HttpTransport.baseUri("localhost:5000").toString());
        assertEquals("http://[::1]:5000", HttpTransport.baseUri("[::1]:5000").toString());
        assertEquals("http://127.1.2.3", HttpTransport.baseUri("127.1.2.3").toString());
        assertEquals("https://ghcr.io", HttpTransport.baseUri("ghcr.io").toString());
        assertEquals("https://127.example.com", HttpTransport.baseUri("127.example.com").toString());
        assertEquals("https://localhost.example.com:5000", HttpTransport.baseUri("localhost.example.com:5000").toString());
    }
}
