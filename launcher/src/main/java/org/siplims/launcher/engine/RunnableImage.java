package org.siplims.launcher.engine;

import java.time.Instant;
import java.util.Optional;
import org.siplims.core.docker.ImageId;
import org.siplims.core.docker.LocalImage;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.image.Platform;
import org.siplims.core.release.ReleaseMetadata;
import org.siplims.launcher.trust.Verification;

/**
 * An image on this machine that the app container can be created from, pinned: by registry digest
 * ({@code repo@sha256:…}) when it came from a registry, else by image ID (a local-only build).
 *
 * @param emulated     true when {@code platform} is not the engine's own: it runs under emulation
 * @param verification what the signature check found for it (the launcher runs only images not refused)
 * @param created      when the image was built, if the engine said (which images are older, for pruning)
 */
public record RunnableImage(ImageReference repository, Optional<Digest> digest, ImageId imageId, Platform platform,
                            boolean emulated, ReleaseMetadata release, Verification verification, Optional<Instant> created) {

    public RunnableImage {
        verification = verification == null ? Verification.NOT_CHECKED : verification;
        created = created == null ? Optional.empty() : created;
    }

    public RunnableImage(ImageReference repository, Optional<Digest> digest, ImageId imageId, Platform platform,
                         boolean emulated, ReleaseMetadata release, Verification verification) {
        this(repository, digest, imageId, platform, emulated, release, verification, Optional.empty());
    }

    public RunnableImage(ImageReference repository, Optional<Digest> digest, ImageId imageId, Platform platform,
                         boolean emulated, ReleaseMetadata release) {
        this(repository, digest, imageId, platform, emulated, release, Verification.NOT_CHECKED);
    }

    /** What the container is created from: never a tag, which could move. */
    public String runReference() {
        return digest.map(d -> repository.repositoryOnly().withDigest(d).toString()).orElse(imageId.toString());
    }

    /** Short words for messages: the version, or the short digest when the image has no version label. */
    public String describe() {
        String version = release.version();
        String id = digest.map(Digest::shortForm).orElse(imageId.shortForm());
        return version.equals("unknown") ? id : version + " (" + id + ")";
    }

    public RunnableImage withVerification(Verification v) {
        return new RunnableImage(repository, digest, imageId, platform, emulated, release, v, created);
    }

    public static RunnableImage of(LocalImage local, ImageReference repository, Optional<Digest> digest, Platform engine) {
        return new RunnableImage(repository.repositoryOnly(), digest, local.id(), local.platform(),
                !engine.matches(local.platform()), local.release(), Verification.NOT_CHECKED, local.created());
    }
}
