package org.siplims.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferenceTest {
    private static final String HEX = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    @Test
    void dockerHubDefaults() {
        ImageReference r = ImageReference.parse("busybox");
        assertEquals("docker.io", r.registry());
        assertEquals("library/busybox", r.repository());
        assertEquals(Optional.empty(), r.tag());
        assertEquals("latest", r.tagOrLatest());
        assertEquals("registry-1.docker.io", r.registryApiHost());
        assertEquals("docker.io/library/busybox", r.toString());
        assertEquals("busybox", r.familiar());

        ImageReference user = ImageReference.parse("someone/tool:2");
        assertEquals("docker.io", user.registry());
        assertEquals("someone/tool", user.repository());
        assertEquals("someone/tool:2", user.familiar());
        assertEquals(ImageReference.parse("docker.io/library/busybox:1"), ImageReference.parse("busybox:1"));
        assertEquals(ImageReference.parse("index.docker.io/library/busybox"), ImageReference.parse("busybox"));
    }

    @Test
    void localhostWithPortAndLoopbackAddress() {
        ImageReference r = ImageReference.parse("localhost:5000/team/app:1.2.3");
        assertEquals("localhost:5000", r.registry());
        assertEquals("team/app", r.repository());
        assertEquals(Optional.of("1.2.3"), r.tag());
        assertEquals("localhost:5000", r.registryApiHost());

        ImageReference bare = ImageReference.parse("localhost/app");
        assertEquals("localhost", bare.registry());
        assertEquals("app", bare.repository());

        ImageReference loop = ImageReference.parse("127.0.0.1:5555/it/app-1:tag");
        assertEquals("127.0.0.1:5555", loop.registry());
    }

    @Test
    void ghcr() {
        ImageReference r = ImageReference.parse("ghcr.io/rrmalmstrom/sip_lims_workflow_manager:latest");
        assertEquals("ghcr.io", r.registry());
        assertEquals("rrmalmstrom/sip_lims_workflow_manager", r.repository());
        assertEquals("ghcr.io", r.registryApiHost());
        assertEquals("ghcr.io/rrmalmstrom/sip_lims_workflow_manager:latest", r.familiar());
    }

    @Test
    void tagAndDigestTogether() {
        ImageReference r = ImageReference.parse("ghcr.io/a/b:1.0@sha256:" + HEX);
        assertEquals(Optional.of("1.0"), r.tag());
        assertEquals("sha256:" + HEX, r.digest().orElseThrow().toString());
        assertEquals("ghcr.io/a/b:1.0@sha256:" + HEX, r.toString());
        assertEquals("ghcr.io/a/b@sha256:" + HEX, r.withDigest(r.digest().get()).toString());
        assertEquals("ghcr.io/a/b:2", r.withTag("2").toString());
        assertEquals("ghcr.io/a/b", r.repositoryOnly().toString());

        ImageReference digestOnly = ImageReference.parse("localhost:5000/app@sha256:" + HEX);
        assertEquals(Optional.empty(), digestOnly.tag());
    }

    @Test
    void upperCaseIsRejectedWithAMessage() {
        InvalidReferenceException e = assertThrows(InvalidReferenceException.class, () -> ImageReference.parse("ghcr.io/RRMalmstrom/app"));
        assertTrue(e.getMessage().contains("lower case") && e.getMessage().contains("RRMalmstrom"), e.getMessage());
        assertTrue(e.hint().contains("[registry[:port]/]path"), e.hint());
    }

    @Test
    void badDigestIsRejected() {
        InvalidReferenceException e = assertThrows(InvalidReferenceException.class, () -> ImageReference.parse("app@sha256:1234"));
        assertTrue(e.getMessage().contains("not a valid digest"), e.getMessage());
        assertThrows(InvalidReferenceException.class, () -> ImageReference.parse("app@sha256:" + HEX.toUpperCase()));
        assertThrows(InvalidReferenceException.class, () -> ImageReference.parse("app@md5:" + HEX));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "app:", ":tag", "a//b", "/app", "app/", "app:bad/tag", "app name", "-app",
            "host:99999/app", "app:" + "t123456789t123456789t123456789t123456789t123456789t123456789t123456789t123456789"
            + "t123456789t123456789t123456789t123456789t123456789"})
    void otherInvalidInputIsRejected(String input) {
        InvalidReferenceException e = assertThrows(InvalidReferenceException.class, () -> ImageReference.parse(input));
        assertTrue(!e.getMessage().isBlank());
    }

    @Test
    void tagsFollowTheRegistryRule() {
        for (String tag : new String[] {"latest", "1.2.0", "v1.2.0-rc.1", "sha-5665bcf", "_x", "A_b", "t".repeat(128)}) {
            assertTrue(ImageReference.isValidTag(tag), tag);
        }
        for (String tag : new String[] {"", ".x", "-x", "../../x", "a/b", "a:b", "bad tag!", "x\u0000", "t".repeat(129), "sha256:" + HEX}) {
            assertFalse(ImageReference.isValidTag(tag), tag);
        }
        assertFalse(ImageReference.isValidTag(null));
    }
}
