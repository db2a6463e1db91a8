package org.siplims.launcher.release;

import java.util.Map;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.image.Platform;
import org.siplims.core.release.ReleaseMetadata;

/**
 * The release the channel tag points to, resolved for this engine.
 *
 * @param digest         what the tag points to (an index's digest for multi-platform images): the release's identity, what to pin
 * @param platform       the platform whose image will run
 * @param emulated       true when that is not the engine's platform (an ARM64-only release on an AMD64 machine)
 * @param layerSizes     compressed layer sizes keyed by the short layer ID the engine reports progress with
 * @param platformDigest the digest of that platform's own image manifest: what to pull (equals {@code digest}
 *                       for a single-platform release)
 */
public record RemoteRelease(ImageReference repository, Digest digest, Platform platform, boolean emulated,
                            Map<String, Long> layerSizes, ReleaseMetadata release, Digest platformDigest) {

    /** A single-platform release: its digest is its image's. */
    public RemoteRelease(ImageReference repository, Digest digest, Platform platform, boolean emulated,
                         Map<String, Long> layerSizes, ReleaseMetadata release) {
        this(repository, digest, platform, emulated, layerSizes, release, digest);
    }

    public ImageReference pinned() {
        return repository.repositoryOnly().withDigest(digest);
    }

    /** The chosen platform's image by its own digest: what the engine pulls, so it cannot pick another child. */
    public ImageReference platformImage() {
        return repository.repositoryOnly().withDigest(platformDigest);
    }

    /** Whether the release is an index whose chosen image has a digest of its own (which is signed too). */
    public boolean multiPlatform() {
        return !platformDigest.equals(digest);
    }

    public RemoteRelease withEmulated(boolean newEmulated) {
        return new RemoteRelease(repository, digest, platform, newEmulated, layerSizes, release, platformDigest);
    }
}
