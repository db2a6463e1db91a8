package org.siplims.publisher.registry;

import java.util.List;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.image.Platform;
import org.siplims.core.release.ReleaseMetadata;

/**
 * A release as the registry holds it: the manifest digest users pull by, the image's config digest
 * (its ID), what its labels say, its platform, and the tags pointing at it.
 */
public record Release(ImageReference repository, Digest digest, Digest configDigest, Platform platform, ReleaseMetadata metadata,
                      List<String> tags) {
    public Release {
        repository = repository.repositoryOnly();
        tags = List.copyOf(tags);
    }

    /** {@code registry/repo@sha256:…}: what users pull. */
    public ImageReference pinned() {
        return repository.withDigest(digest);
    }

    public Release withTags(List<String> newTags) {
        return new Release(repository, digest, configDigest, platform, metadata, newTags);
    }
}
