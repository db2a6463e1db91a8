package org.siplims.publisher.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.siplims.core.docker.LocalImage;
import org.siplims.core.image.ImageReference;
import org.siplims.core.process.ProcessResult;
import org.siplims.core.release.ReleaseLabels;
import org.siplims.core.release.ReleaseMetadata;

/**
 * Builds the app image with BuildKit through {@code docker buildx build}, so that a rebuild of the
 * same commit is the same image, bit for bit:
 * <ul>
 *   <li>{@code SOURCE_DATE_EPOCH} is the commit's time (the release's build date), in the
 *       environment and as a build arg: BuildKit uses it for the image's creation times;</li>
 *   <li>the output is an OCI archive with {@code rewrite-timestamp=true}, which sets every file's
 *       time in the layers to it. The docker driver's own image output refuses that option on the
 *       containerd image store ("conflicts with unpack"); the OCI archive does not;</li>
 *   <li>the archive is loaded into the engine through its API; on the containerd image store the
 *       manifest digest becomes the image ID, and a push keeps it.</li>
 * </ul>
 * The build context, build args and release labels are the classic builder's ({@link BuildContext},
 * {@link ReleaseLabels}); BuildKit sets the {@code TARGET*} args itself.
 */
public final class BuildKitBuilder implements Builder {
    /** A real conda environment under emulation takes long; a build that hangs still ends. */
    private static final Duration BUILD_TIMEOUT = Duration.ofHours(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Buildx buildx;
    private final String description;
    private final DockerClient docker;
    private final Consumer<String> progress;

    BuildKitBuilder(Buildx buildx, String description, DockerClient docker, Consumer<String> progress) {
        this.buildx = buildx;
        this.description = description;
        this.docker = docker;
        this.progress = progress;
    }

    @Override
    public String describe() {
        return "BuildKit (" + description + "; SOURCE_DATE_EPOCH from the commit, OCI output with rewrite-timestamp)";
    }

    @Override
    public LocalImage build(BuildRequest request, boolean useCache) {
        ReleaseMetadata metadata = request.metadata();
        Map<String, String> labels = new LinkedHashMap<>(metadata.toLabels());
        labels.putAll(request.extraLabels());
        long epoch = metadata.buildDate().map(Instant::getEpochSecond).orElse(0L);
        BuildKitProgress build = new BuildKitProgress(progress);
        Path archive = null;
        try (BuildContext context = BuildContext.withLabels(request.context(), request.dockerfile(), labels);
             ContextFolder folder = ContextFolder.unpack(context)) {
            archive = Files.createTempFile("sip-lims-buildkit", ".oci.tar");
            ProcessResult result = buildx.build(arguments(request, folder.dir().resolve(context.dockerfilePath()).toString(), epoch,
                    useCache, archive, folder.dir().toString()), epoch, build, BUILD_TIMEOUT);
            if (!result.succeeded()) {
                String why = !result.started() ? "the docker command could not be started: " + result.startError()
                        : result.timedOut() ? "it did not finish within " + BUILD_TIMEOUT.toHours() + " hours"
                        : build.error().orElse("docker buildx ended with exit code " + result.exitCode());
                throw new BuildFailedException(build.failedStep(), why, build.lastLines());
            }
            progress.accept("  loading the image into the engine");
            return load(archive, request.localTag());
        } catch (IOException e) {
            throw new BuildFailedException("", "the build context or the built image could not be read: " + e.getMessage(), List.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildFailedException(build.failedStep(), "interrupted", build.lastLines());
        } finally {
            deleteQuietly(archive);
        }
    }

    /** The command line after {@code docker}. */
    static List<String> arguments(BuildRequest request, String dockerfile, long epoch, boolean useCache, Path archive, String contextDir) {
        ReleaseMetadata metadata = request.metadata();
        List<String> args = new ArrayList<>(List.of("buildx", "build", "--progress=plain"));
        if (!useCache) {
            args.add("--no-cache");
        }
        request.platform().ifPresent(p -> args.addAll(List.of("--platform", p.toString())));
        args.addAll(List.of("--file", dockerfile));
        Map<String, String> buildArgs = new LinkedHashMap<>();
        buildArgs.put(ReleaseLabels.ARG_VERSION, metadata.version());
        buildArgs.put(ReleaseLabels.ARG_COMMIT, metadata.commit());
        buildArgs.put(ReleaseLabels.ARG_BUILD_DATE, metadata.buildDate().map(Object::toString).orElse("unknown"));
        buildArgs.put("SOURCE_DATE_EPOCH", Long.toString(epoch));
        buildArgs.forEach((k, v) -> args.addAll(List.of("--build-arg", k + "=" + v)));
        args.addAll(List.of("--output", "type=oci,dest=" + csv(archive.toString()) + ",name=" + csv(request.localTag().toString())
                + ",rewrite-timestamp=true"));
        args.add(contextDir);
        return args;
    }

    /** A value in buildx's comma-separated --output option, quoted when it holds a comma or quote. */
    private static String csv(String value) {
        return value.contains(",") || value.contains("\"") ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }

    /** Loads the OCI archive and finds the image it holds: by its manifest digest (the ID on the containerd image store), else by its tag. */
    private LocalImage load(Path archive, ImageReference tag) throws IOException {
        String manifest = manifestDigest(archive);
        try (InputStream in = Files.newInputStream(archive)) {
            docker.loadImageCmd(in).exec();
        } catch (DockerException e) {
            throw new BuildFailedException("", "the engine did not load the built image: " + firstLine(e.getMessage()), List.of());
        }
        Optional<LocalImage> image = LocalImage.find(docker, manifest);
        if (image.isEmpty()) {
            image = LocalImage.find(docker, tag.toString());
        }
        LocalImage found = image.orElseThrow(() -> new BuildFailedException("", "the engine loaded the built image "
                + manifest + " but does not show it", List.of()));
        docker.tagImageCmd(found.id().toString(), tag.name(), tag.tagOrLatest()).exec();
        return LocalImage.find(docker, found.id().toString()).orElse(found);
    }

    /** The digest of the one image manifest the archive's index.json names. */
    static String manifestDigest(Path archive) throws IOException {
        try (InputStream in = Files.newInputStream(archive); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (entry.getName().equals("index.json") || entry.getName().equals("./index.json")) {
                    JsonNode index = JSON.readTree(tar.readAllBytes());
                    JsonNode manifests = index.path("manifests");
                    if (manifests.size() != 1 || !manifests.get(0).path("digest").isTextual()) {
                        throw new IOException("the OCI archive's index.json names " + manifests.size() + " images, not one");
                    }
                    return manifests.get(0).path("digest").asText();
                }
            }
        }
        throw new IOException("the OCI archive has no index.json");
    }

    private static String firstLine(String message) {
        return message == null ? "no reason given" : message.lines().findFirst().orElse(message);
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a temporary file; the OS cleans it eventually
        }
    }
}
