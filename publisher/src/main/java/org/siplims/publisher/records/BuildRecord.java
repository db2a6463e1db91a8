package org.siplims.publisher.records;

import java.time.Instant;
import org.siplims.core.docker.ImageId;
import org.siplims.core.image.ImageReference;
import org.siplims.core.image.Platform;

/** The last image built from a context folder: what {@code test} and {@code push} use when no image is named. */
public record BuildRecord(ImageId imageId, ImageReference repository, String version, String commit, Platform platform, Instant builtAt) {
}
