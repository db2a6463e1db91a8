package org.siplims.publisher.build;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.siplims.core.image.ImageReference;
import org.siplims.core.image.Platform;
import org.siplims.core.release.ReleaseMetadata;

/**
 * What to build: the context and Dockerfile, the platform (empty: the engine's own), the local
 * tag to give the result, and the release metadata that becomes build args and labels.
 */
public record BuildRequest(Path context, Path dockerfile, Optional<Platform> platform, ImageReference localTag,
                           ReleaseMetadata metadata, Map<String, String> extraLabels) {
    public BuildRequest {
        extraLabels = Map.copyOf(extraLabels);
    }
}
