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
 * {@code pullBases}: pull the bases for this platform even when an image by that reference is
 * local. A multi-platform release needs it: the legacy builder takes a local base of another
 * platform as it is, and its cache does not tell platforms apart.
 */
public record BuildRequest(Path context, Path dockerfile, Optional<Platform> platform, ImageReference localTag,
                           ReleaseMetadata metadata, Map<String, String> extraLabels, boolean pullBases) {
    public BuildRequest {
        extraLabels = Map.copyOf(extraLabels);
    }

    public BuildRequest(Path context, Path dockerfile, Optional<Platform> platform, ImageReference localTag,
                        ReleaseMetadata metadata, Map<String, String> extraLabels) {
        this(context, dockerfile, platform, localTag, metadata, extraLabels, false);
    }
}
