package org.siplims.core.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;

class SimpleSigningPayloadTest {
    private static final Digest DIGEST = Digest.parse("sha256:4c1c50d0ffc614f90b93b07d778028dc765548e823f676fb027f61d281ac380d");

    /**
     * A payload cosign v1.13.1 signed and pushed (from a published HTTP trace of
     * {@code cosign sign --key cosign.key chihjenhuang/cosign1@sha256:4c1c…}): 252 bytes with digest
     * sha256:b671489e…. Producing the same digest proves the bytes are cosign's, field order included.
     */
    @Test
    void writesTheBytesCosignWrites() {
        byte[] bytes = SimpleSigningPayload.forImage(ImageReference.parse("chihjenhuang/cosign1:latest"), DIGEST).toBytes();
        assertEquals(252, bytes.length);
        assertEquals("sha256:b671489ededd1a180bd87235bba00fd83354f9c7d13b71d9f8b66a8e52965ebc", Digest.of(bytes).toString());
        assertEquals("{\"critical\":{\"identity\":{\"docker-reference\":\"index.docker.io/chihjenhuang/cosign1\"},"
                + "\"image\":{\"docker-manifest-digest\":\"" + DIGEST + "\"},\"type\":\"cosign container image signature\"},"
                + "\"optional\":null}", new String(bytes, StandardCharsets.UTF_8));
    }

    @Test
    void namesOtherRegistriesAsTheyAreWritten() {
        ImageReference local = ImageReference.parse("127.0.0.1:5555/it/sig-1:1.0@" + DIGEST);
        assertEquals("127.0.0.1:5555/it/sig-1", SimpleSigningPayload.forImage(local, DIGEST).dockerReference());
        assertEquals("ghcr.io/rrmalmstrom/sip_lims_workflow_manager",
                SimpleSigningPayload.dockerReference(ImageReference.parse("ghcr.io/rrmalmstrom/sip_lims_workflow_manager:latest")));
    }

    @Test
    void parsesWhatItWritesAndKnowsWhichRepositoryItNames() {
        SimpleSigningPayload payload = SimpleSigningPayload.forImage(ImageReference.parse("busybox"), DIGEST);
        SimpleSigningPayload back = SimpleSigningPayload.parse(payload.toBytes());
        assertEquals(payload, back);
        assertEquals("index.docker.io/library/busybox", back.dockerReference());
        assertTrue(back.names(ImageReference.parse("docker.io/library/busybox:1.36")));
        assertTrue(back.names(ImageReference.parse("busybox")));
        assertFalse(back.names(ImageReference.parse("docker.io/other/busybox")));
        assertFalse(back.names(ImageReference.parse("ghcr.io/library/busybox")));
    }

    /**
     * Issue 17 item 8: the release's version travels in the signed payload's {@code optional} claims
     * (where {@code cosign sign -a KEY=VALUE} puts annotations), so a launcher compares versions the
     * maintainer signed, not labels alone.
     */
    @Test
    void theReleaseVersionIsASignedOptionalClaim() {
        ImageReference repo = ImageReference.parse("127.0.0.1:5001/lab/sip-lims");
        byte[] bytes = SimpleSigningPayload.forImage(repo, DIGEST, "2.0.0").toBytes();
        assertTrue(new String(bytes, StandardCharsets.UTF_8).endsWith(
                "\"optional\":{\"" + SimpleSigningPayload.VERSION_CLAIM + "\":\"2.0.0\"}}"), new String(bytes, StandardCharsets.UTF_8));
        SimpleSigningPayload back = SimpleSigningPayload.parse(bytes);
        assertEquals(java.util.Optional.of("2.0.0"), back.version());
        assertEquals(java.util.Optional.empty(), SimpleSigningPayload.forImage(repo, DIGEST).version());
        String critical = "{\"identity\":{\"docker-reference\":\"ghcr.io/a/b\"},\"image\":{\"docker-manifest-digest\":\""
                + DIGEST + "\"},\"type\":\"cosign container image signature\"}";
        // A version that is not a plain string is not a version: refused rather than guessed at.
        assertThrows(IllegalArgumentException.class, () -> parse("{\"critical\":" + critical + ",\"optional\":{\""
                + SimpleSigningPayload.VERSION_CLAIM + "\":2}}"));
        assertThrows(IllegalArgumentException.class, () -> parse("{\"critical\":" + critical + ",\"optional\":{\""
                + SimpleSigningPayload.VERSION_CLAIM + "\":\" \"}}"));
        assertEquals(java.util.Optional.empty(), parse("{\"critical\":" + critical + ",\"optional\":{\"sig\":\"x\"}}").version());
    }

    @Test
    void acceptsAnOptionalObjectOrNoOptional() {
        String critical = "{\"identity\":{\"docker-reference\":\"ghcr.io/a/b\"},\"image\":{\"docker-manifest-digest\":\""
                + DIGEST + "\"},\"type\":\"cosign container image signature\"}";
        assertEquals(DIGEST, parse("{\"critical\":" + critical + ",\"optional\":{\"sig\":\"x\",\"n\":1}}").manifestDigest());
        assertEquals("ghcr.io/a/b", parse("{\"critical\":" + critical + "}").dockerReference());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "not json",
            "[]",
            "{\"optional\":null}",
            // another type
            "{\"critical\":{\"identity\":{\"docker-reference\":\"ghcr.io/a/b\"},\"image\":{\"docker-manifest-digest\":\"DIGEST\"},\"type\":\"atomic container signature\"},\"optional\":null}",
            // unknown field in critical, in identity, in image, at the top
            "{\"critical\":{\"identity\":{\"docker-reference\":\"ghcr.io/a/b\"},\"image\":{\"docker-manifest-digest\":\"DIGEST\"},\"type\":\"cosign container image signature\",\"extra\":1},\"optional\":null}",
            "{\"critical\":{\"identity\":{\"docker-reference\":\"ghcr.io/a/b\",\"x\":1},\"image\":{\"docker-manifest-digest\":\"DIGEST\"},\"type\":\"cosign container image signature\"},\"optional\":null}",
            "{\"critical\":{\"identity\":{\"docker-reference\":\"ghcr.io/a/b\"},\"image\":{\"docker-manifest-digest\":\"DIGEST\",\"x\":1},\"type\":\"cosign container image signature\"},\"optional\":null}",
            "{\"critical\":{\"identity\":{\"docker-reference\":\"ghcr.io/a/b\"},\"image\":{\"docker-manifest-digest\":\"DIGEST\"},\"type\":\"cosign container image signature\"},\"optional\":null,\"x\":1}",
            // missing pieces, wrong kinds
            "{\"critical\":{\"image\":{\"docker-manifest-digest\":\"DIGEST\"},\"type\":\"cosign container image signature\"},\"optional\":null}",
            "{\"critical\":{\"identity\":{\"docker-reference\":7},\"image\":{\"docker-manifest-digest\":\"DIGEST\"},\"type\":\"cosign container image signature\"},\"optional\":null}",
            "{\"critical\":{\"identity\":{\"docker-reference\":\"ghcr.io/a/b\"},\"image\":{\"docker-manifest-digest\":\"sha256:abc\"},\"type\":\"cosign container image signature\"},\"optional\":null}",
            "{\"critical\":{\"identity\":{\"docker-reference\":\"ghcr.io/a/b\"},\"image\":{\"docker-manifest-digest\":\"DIGEST\"},\"type\":\"cosign container image signature\"},\"optional\":[]}",
            // a reference with a tag, an invalid reference
            "{\"critical\":{\"identity\":{\"docker-reference\":\"ghcr.io/a/b:latest\"},\"image\":{\"docker-manifest-digest\":\"DIGEST\"},\"type\":\"cosign container image signature\"},\"optional\":null}",
            "{\"critical\":{\"identity\":{\"docker-reference\":\"ghcr.io/A/B\"},\"image\":{\"docker-manifest-digest\":\"DIGEST\"},\"type\":\"cosign container image signature\"},\"optional\":null}",
            // duplicate keys: two readers could disagree on which one was signed
            "{\"critical\":{\"identity\":{\"docker-reference\":\"ghcr.io/a/b\"},\"image\":{\"docker-manifest-digest\":\"DIGEST\",\"docker-manifest-digest\":\"DIGEST\"},\"type\":\"cosign container image signature\"},\"optional\":null}",
            // trailing data
            "{\"critical\":{\"identity\":{\"docker-reference\":\"ghcr.io/a/b\"},\"image\":{\"docker-manifest-digest\":\"DIGEST\"},\"type\":\"cosign container image signature\"},\"optional\":null} {}",
    })
    void refusesAnythingElse(String json) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(json));
        assertFalse(e.getMessage().isBlank());
    }

    private static SimpleSigningPayload parse(String json) {
        return SimpleSigningPayload.parse(json.replace("DIGEST", DIGEST.toString()).getBytes(StandardCharsets.UTF_8));
    }
}
