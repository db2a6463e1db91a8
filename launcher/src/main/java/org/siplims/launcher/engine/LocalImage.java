package org.siplims.launcher.engine;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.siplims.core.image.Digest;
import org.siplims.core.image.Platform;
import org.siplims.core.release.ReleaseMetadata;

/**
 * An image in the engine's store.
 *
 * @param id         the engine's image ID ({@code sha256:…} of its config)
 * @param repoDigest the registry digest it was pulled by, for the repository asked about; empty
 *                   for an image built locally and never pushed or pulled
 * @param references the tags and digests by which the repository asked about names it
 */
public record LocalImage(String id, Optional<Digest> repoDigest, List<String> references, Optional<Instant> created,
                         Map<String, String> labels, Platform platform) {
    public ReleaseMetadata release() {
        return ReleaseMetadata.fromLabels(labels);
    }
}
