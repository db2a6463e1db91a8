package org.siplims.publisher.verify;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.PullResponseItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.siplims.core.docker.StreamErrors;
import org.siplims.core.docker.LocalImage;
import org.siplims.core.image.ImageReference;
import org.siplims.core.image.Platform;
import org.siplims.publisher.failure.ExitCode;
import org.siplims.publisher.failure.PublisherFailure;
import org.siplims.publisher.registry.ReleaseTags;
import org.siplims.core.docker.LocalImage;
import org.siplims.publisher.registry.RegistrySession;
import org.siplims.publisher.registry.Release;

/**
 * What a CI job or a second machine runs after a release: read the release from the registry,
 * check its tags agree, pull it by digest (as users get it) and hand the pulled image to the tests.
 */
public final class PulledReleaseVerifier {
    private final RegistrySession registry;
    private final DockerClient docker;
    private final Consumer<String> progress;

    public PulledReleaseVerifier(RegistrySession registry, DockerClient docker, Consumer<String> progress) {
        this.registry = registry;
        this.docker = docker;
        this.progress = progress;
    }

    /** The release and the image the engine pulled for it. */
    public record Pulled(Release release, LocalImage image) {
    }

    /** @param ref a tag or digest reference; {@code platform} chooses from a multi-platform index */
    public Pulled pull(ImageReference ref, Optional<Platform> platform, String channel) {
        Release release = registry.release(ref, platform);
        ImageReference repo = ref.repositoryOnly();
        List<String> tags = new ArrayList<>(ReleaseTags.of(release.metadata(), channel).permanent());
        ref.tag().filter(t -> !tags.contains(t)).ifPresent(tags::add);
        progress.accept("  " + ref.familiar() + " is " + release.digest().shortForm() + ", version " + release.metadata().version()
                + "; checking its tags " + String.join(", ", tags));
        new TagVerifier(registry).tagsPointAt(repo, tags, release.digest());

        ImageReference pinned = repo.withDigest(release.digest());
        progress.accept("  pulling " + pinned.familiar());
        pull(pinned, release.platform(), registry.authConfigFor(repo.registry()));
        LocalImage image = LocalImage.find(docker, pinned.toString()).orElseThrow(() -> new PublisherFailure(ExitCode.PUSH,
                "The engine reports no image for " + pinned.familiar() + " right after pulling it.", "Run verify again."));
        if (!TagVerifier.matches(release, image.id())) {
            throw new VerificationFailedException(tags.get(0), "Pulling " + pinned.familiar() + " gave the image " + image.id().shortForm()
                    + ", but the registry's manifest names the config " + release.configDigest().shortForm() + ".",
                    "The registry or the engine's image store is inconsistent; do not use this release until it is pushed again.");
        }
        return new Pulled(release.withTags(tags), image);
    }

    /**
     * For a multi-platform release: the index's tags agree, then each platform's manifest (or only
     * {@code only}'s) pulled by its own digest, and its image checked against the manifest's config.
     */
    public List<Pulled> pullEachPlatform(ImageReference ref, Optional<Platform> only, String channel) {
        ImageReference repo = ref.repositoryOnly();
        org.siplims.core.registry.Manifest top = registry.client().manifest(ref);
        Release index = registry.release(repo.withDigest(top.digest()), only);
        List<String> tags = new ArrayList<>(ReleaseTags.of(index.metadata(), channel).permanent());
        ref.tag().filter(t -> !tags.contains(t)).ifPresent(tags::add);
        progress.accept("  " + ref.familiar() + " is the index " + top.digest().shortForm() + ", version " + index.metadata().version()
                + "; checking its tags " + String.join(", ", tags));
        new TagVerifier(registry).tagsPointAt(repo, tags, top.digest());
        List<Pulled> pulled = new ArrayList<>();
        var list = top.asManifestList();
        for (Platform platform : list.platforms()) {
            if (only.isPresent() && !only.get().matches(platform)) {
                continue;
            }
            var child = list.select(platform).orElseThrow();
            ImageReference pinned = repo.withDigest(child.digest());
            Release release = registry.release(pinned, Optional.of(platform));
            progress.accept("  pulling the " + platform + " image " + pinned.familiar());
            pull(pinned, platform, registry.authConfigFor(repo.registry()));
            LocalImage image = LocalImage.find(docker, pinned.toString()).orElseThrow(() -> new PublisherFailure(ExitCode.PUSH,
                    "The engine reports no image for " + pinned.familiar() + " right after pulling it.", "Run verify again."));
            if (!TagVerifier.matches(release, image.id())) {
                throw new VerificationFailedException(tags.get(0), "Pulling " + pinned.familiar() + " gave the image " + image.id().shortForm()
                        + ", but the registry's manifest names the config " + release.configDigest().shortForm() + ".",
                        "The registry or the engine's image store is inconsistent; do not use this release until it is pushed again.");
            }
            pulled.add(new Pulled(release.withTags(tags), image));
        }
        if (pulled.isEmpty()) {
            throw new PublisherFailure(ExitCode.USAGE, "The release " + ref.familiar() + " has no image for " + only.map(Object::toString).orElse("any platform")
                    + "; it has " + list.platforms() + ".", "Name one of its platforms with --platform, or leave it out to verify them all.");
        }
        return pulled;
    }

    private void pull(ImageReference pinned, Platform platform, AuthConfig auth) {
        List<String> problems = new ArrayList<>();
        PullImageResultCallback follower = new PullImageResultCallback() {
            @Override
            public void onNext(PullResponseItem item) {
                super.onNext(item); // docker-java's own checks, e.g. a platform mismatch
                if (item.isErrorIndicated()) {
                    problems.add(StreamErrors.message(item));
                } else if ("Pull complete".equals(item.getStatus()) || "Already exists".equals(item.getStatus())) {
                    progress.accept("    layer " + item.getId() + ": " + item.getStatus().toLowerCase(java.util.Locale.ROOT));
                }
            }
        };
        try {
            docker.pullImageCmd(pinned.name()).withTag(pinned.digest().orElseThrow().toString())
                    .withPlatform(platform.toString()).withAuthConfig(auth).exec(follower).awaitCompletion();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problems.add("interrupted");
        } catch (RuntimeException e) {
            problems.add(e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw new PublisherFailure(ExitCode.PUSH, "Pulling " + pinned.familiar() + " failed: " + problems.get(0),
                    "Check that the registry is reachable and, for a private image, that you are logged in.");
        }
    }
}
