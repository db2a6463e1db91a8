package org.siplims.launcher.release;

import java.util.Map;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.image.Platform;
import org.siplims.core.release.ReleaseMetadata;

/**
 * The release the channel tag points to, resolved for this engine.
 *
 * @param digest     what the tag points to (an index's digest for multi-platform images): what to pull and pin
 * @param platform   the platform whose image will run
 * @param emulated   true when that is not the engine's platform (an ARM64-only release on an AMD64 machine)
 * @param layerSizes compressed layer sizes keyed by the short layer ID the engine reports progress with
 */
public record RemoteRelease(ImageReference repository, Digest digest, Platform platform, boolean emulated,
                            Map<String, Long> layerSizes, ReleaseMetadata release) {
    public ImageReference pinned() {
        return repository.repositoryOnly().withDigest(digest);
    }
}
