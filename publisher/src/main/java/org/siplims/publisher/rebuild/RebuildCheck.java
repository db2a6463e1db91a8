package org.siplims.publisher.rebuild;

import com.github.dockerjava.api.DockerClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.siplims.core.docker.LocalImage;
import org.siplims.core.image.ImageReference;
import org.siplims.core.image.Platform;
import org.siplims.core.release.ReleaseLabels;
import org.siplims.core.release.ReleaseMetadata;
import org.siplims.publisher.build.BuildRequest;
import org.siplims.publisher.build.EnvironmentInputs;
import org.siplims.publisher.build.Builder;
import org.siplims.publisher.git.Git;

/**
 * Rebuilds a published release from its commit and compares the result with the published image.
 *
 * <p>The commit is checked out in a temporary git worktree (the maintainer's working tree is not
 * touched) and built the same way {@code publish} builds: the same build args and labels, taken
 * from the published image's labels. Same image ID (the digest of its configuration, which names
 * every layer's digest) means reproducible; otherwise both images are saved and compared layer by
 * layer, file by file, ignoring only timestamps.
 *
 * <p>Each platform image is checked on its own ({@link PublishedImage}): a single-platform
 * release gives one; a two-platform release one per child of its index.
 */
public final class RebuildCheck {
    /** One published platform image, pulled into the engine. */
    public record PublishedImage(Platform platform, LocalImage image) {
    }

    /** What the check found for one platform. */
    public record PlatformOutcome(Platform platform, String publishedImage, String rebuiltImage, boolean reproducible,
                                  List<String> differingFiles, List<Integer> layersDifferingOnlyInTimestamps,
                                  List<String> configDifferences) {
        /** Not bit for bit the same, but no file and no setting differs: only timestamps. */
        public boolean sameApartFromTimestamps() {
            return !reproducible && differingFiles.isEmpty() && configDifferences.isEmpty();
        }
    }

    private final DockerClient docker;
    private final Builder builder;
    private final Path context;
    private final Path dockerfile;
    private final Consumer<String> progress;

    /**
     * @param context    the build context in the maintainer's working tree (its place in the repository is kept in the worktree)
     * @param dockerfile the Dockerfile, inside the context
     * @param builder    the builder {@code publish} uses on this engine, so the rebuild is made the same way
     */
    public RebuildCheck(DockerClient docker, Builder builder, Path context, Path dockerfile, Consumer<String> progress) {
        this.docker = docker;
        this.builder = builder;
        this.context = context.toAbsolutePath().normalize();
        this.dockerfile = dockerfile.toAbsolutePath().normalize();
        this.progress = progress;
    }

    /**
     * @param repository the release's repository (the rebuild is tagged {@code REPO:VERSION-rebuild-check} while it is compared)
     * @param published  the release's platform images; each one's labels give the release metadata its
     *                   build args and labels are made from (they differ per platform: each has its own lock pair)
     */
    public List<PlatformOutcome> check(ImageReference repository, List<PublishedImage> published) {
        String commit = ReleaseMetadata.fromLabels(published.get(0).image().labels()).commit();
        Git git = new Git(context);
        Path top = git.topLevel();
        Path worktree;
        try {
            worktree = Files.createTempDirectory("siplims-rebuild-");
            Files.delete(worktree); // git makes it
        } catch (IOException e) {
            throw new UncheckedIOException("no temporary folder for the worktree: " + e.getMessage(), e);
        }
        progress.accept("  checking out " + commit + " in a temporary worktree " + worktree);
        git.addWorktree(worktree, commit);
        try {
            Path rebuiltContext = worktree.resolve(top.relativize(context));
            Path rebuiltDockerfile = rebuiltContext.resolve(context.relativize(dockerfile));
            List<PlatformOutcome> outcomes = new ArrayList<>();
            for (PublishedImage image : published) {
                Map<String, String> labels = image.image().labels();
                Map<String, String> extra = new LinkedHashMap<>();
                // The labels publish adds besides the release metadata, in publish's order (see Publisher.build).
                for (String key : List.of(ReleaseLabels.OCI_SOURCE, EnvironmentInputs.LABEL)) {
                    Optional.ofNullable(labels.get(key)).ifPresent(value -> extra.put(key, value));
                }
                outcomes.add(checkOne(repository, ReleaseMetadata.fromLabels(labels), extra, rebuiltContext, rebuiltDockerfile, image));
            }
            return outcomes;
        } finally {
            git.removeWorktree(worktree);
        }
    }

    private PlatformOutcome checkOne(ImageReference repository, ReleaseMetadata metadata, Map<String, String> extra, Path rebuiltContext,
                                     Path rebuiltDockerfile, PublishedImage published) {
        ImageReference tag = repository.withTag(metadata.version() + "-rebuild-check");
        progress.accept("  rebuilding " + published.platform() + " from " + metadata.commit().substring(0, Math.min(7, metadata.commit().length())));
        LocalImage rebuilt = builder.build(new BuildRequest(rebuiltContext, rebuiltDockerfile,
                Optional.of(published.platform()), tag, metadata, extra), false);
        try {
            if (rebuilt.id().equals(published.image().id())) {
                return new PlatformOutcome(published.platform(), published.image().id().toString(), rebuilt.id().toString(), true,
                        List.of(), List.of(), List.of());
            }
            progress.accept("  the image IDs differ; comparing layer by layer");
            ImageComparison.Result r = ImageComparison.compare(save(published.image()), save(rebuilt));
            return new PlatformOutcome(published.platform(), published.image().id().toString(), rebuilt.id().toString(), false,
                    r.files().stream().map(Object::toString).toList(), r.layersDifferingOnlyInTimestamps(), r.configDifferences());
        } finally {
            try {
                docker.removeImageCmd(tag.toString()).withForce(false).exec(); // the tag only; the published image stays
            } catch (RuntimeException ignored) {
                // in use, or gone: nothing to undo
            }
        }
    }

    private SavedImage save(LocalImage image) {
        try (InputStream tar = docker.saveImageCmd(image.id().toString()).exec()) {
            return SavedImage.read(tar);
        } catch (IOException e) {
            throw new UncheckedIOException("the engine could not save " + image.id() + ": " + e.getMessage(), e);
        }
    }
}
