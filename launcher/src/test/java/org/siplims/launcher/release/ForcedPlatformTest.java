package org.siplims.launcher.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.image.Platform;
import org.siplims.core.registry.PlatformNotAvailableException;
import org.siplims.core.release.ReleaseMetadata;

/** Which image of a release runs when the user forces a platform ({@code --platform}), and whether it is emulated. */
class ForcedPlatformTest {
    private static final ImageReference REPO = ImageReference.parse("127.0.0.1:5555/lab/app");
    private static final Digest INDEX = Digest.of("index");

    /** A release with images for these platforms, resolved the way the registry lookup does (no fallback here). */
    private static ReleaseSource releaseWith(Platform... platforms) {
        return new ReleaseSource() {
            @Override
            public Digest channelDigest(ImageReference channel) {
                return INDEX;
            }

            @Override
            public RemoteRelease resolve(ImageReference repository, Digest digest, Platform wanted) {
                for (Platform p : platforms) {
                    if (wanted.matches(p)) {
                        return new RemoteRelease(REPO, digest, p, false, Map.of(), ReleaseMetadata.fromLabels(Map.of()),
                                Digest.of(p.toString()));
                    }
                }
                throw new PlatformNotAvailableException(repository.withDigest(digest), wanted, List.of(platforms));
            }
        };
    }

    @Test
    void withoutPlatformTheEnginesOwnImageRunsNatively() {
        RemoteRelease r = releaseWith(Platform.LINUX_AMD64, Platform.LINUX_ARM64).resolve(REPO, INDEX, Platform.LINUX_AMD64, Optional.empty());
        assertEquals(Platform.LINUX_AMD64, r.platform());
        assertFalse(r.emulated());
        assertTrue(r.multiPlatform());
        assertEquals(REPO.withDigest(Digest.of("linux/amd64")), r.platformImage());
        assertEquals(REPO.withDigest(INDEX), r.pinned());
    }

    @Test
    void aForcedOtherPlatformRunsItsImageUnderEmulation() {
        RemoteRelease r = releaseWith(Platform.LINUX_AMD64, Platform.LINUX_ARM64)
                .resolve(REPO, INDEX, Platform.LINUX_AMD64, Optional.of(Platform.LINUX_ARM64));
        assertEquals(Platform.LINUX_ARM64, r.platform());
        assertTrue(r.emulated());
        assertEquals(Digest.of("linux/arm64"), r.platformDigest());
    }

    @Test
    void aForcedPlatformMissingFromTheReleaseFallsBackToTheEnginesOwn() {
        RemoteRelease r = releaseWith(Platform.LINUX_AMD64).resolve(REPO, INDEX, Platform.LINUX_AMD64, Optional.of(Platform.LINUX_ARM64));
        assertEquals(Platform.LINUX_AMD64, r.platform());
        assertFalse(r.emulated());
    }

    @Test
    void forcingTheEnginesOwnPlatformIsTheSameAsNotForcing() {
        RemoteRelease r = releaseWith(Platform.LINUX_AMD64, Platform.LINUX_ARM64)
                .resolve(REPO, INDEX, Platform.LINUX_AMD64, Optional.of(Platform.LINUX_AMD64));
        assertEquals(Platform.LINUX_AMD64, r.platform());
        assertFalse(r.emulated());
    }
}
