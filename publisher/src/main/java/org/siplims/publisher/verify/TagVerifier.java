package org.siplims.publisher.verify;

import java.util.List;
import java.util.Optional;
import org.siplims.core.docker.ImageId;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.image.Platform;
import org.siplims.publisher.registry.RegistrySession;
import org.siplims.publisher.registry.Release;

/**
 * Checks on the registry itself what users will get: every tag must point at the same manifest
 * digest, and that manifest's config digest must be the ID of the image that was tested.
 */
public final class TagVerifier {
    private final RegistrySession registry;

    public TagVerifier(RegistrySession registry) {
        this.registry = registry;
    }

    /** Each tag must point at {@code expected}; @throws VerificationFailedException naming the first that does not */
    public void tagsPointAt(ImageReference repository, List<String> tags, Digest expected) {
        for (String tag : tags) {
            Optional<Digest> actual = registry.digestOf(repository, tag);
            if (actual.isEmpty()) {
                throw new VerificationFailedException(tag, "The tag '" + tag + "' is missing from " + repository.repositoryOnly().familiar()
                        + " (expected it at " + expected + ").", "Run the push again; it is safe to repeat.");
            }
            if (!actual.get().equals(expected)) {
                throw new VerificationFailedException(tag, "The tag '" + tag + "' of " + repository.repositoryOnly().familiar()
                        + " points at " + actual.get() + ", not at " + expected + " like the release's other tags.",
                        "Someone else may have pushed to it meanwhile. Check with `scripts/publish releases`, then push again.");
            }
        }
    }

    /**
     * The manifest at {@code digest} must be the tested image: its config digest is the image ID
     * (with Docker's containerd image store, the ID is the manifest digest itself).
     */
    public Release isTestedImage(ImageReference repository, Digest digest, ImageId testedImageId, Platform platform, List<String> tags) {
        Release release = registry.release(repository.repositoryOnly().withDigest(digest), Optional.of(platform));
        if (!matches(release, testedImageId)) {
            String tagList = tags.isEmpty() ? "" : " (tags " + String.join(", ", tags) + ")";
            throw new VerificationFailedException(tags.isEmpty() ? "" : tags.get(0), "The manifest " + digest + tagList
                    + " holds the image " + release.configDigest().shortForm() + ", not the tested image " + testedImageId.shortForm() + ".",
                    "Do not use this release. Push the tested image again; check with `scripts/publish releases`.");
        }
        return release.withTags(tags);
    }

    public static boolean matches(Release release, ImageId imageId) {
        return release.configDigest().equals(imageId.asDigest()) || release.digest().equals(imageId.asDigest());
    }
}
