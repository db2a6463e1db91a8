package org.siplims.core.registry;

import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;

/**
 * A reference resolved for one platform: the digest the reference points to (an index's digest
 * for multi-platform images, which is what to pin and pull), the digest of the platform's own
 * image manifest, that manifest and the image's config.
 */
public record ResolvedImage(ImageReference reference, Digest digest, Digest platformDigest,
                            ImageManifest manifest, ImageConfig config) {

    /** The reference pinned to {@link #digest()}: what to pull or run. */
    public ImageReference pinned() {
        return reference.withDigest(digest);
    }
}
