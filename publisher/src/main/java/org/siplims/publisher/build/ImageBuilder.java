package org.siplims.publisher.build;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageCmd;
import com.github.dockerjava.api.exception.DockerException;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.siplims.core.docker.LocalImage;
import org.siplims.core.image.Platform;
import org.siplims.core.release.ReleaseLabels;
import org.siplims.core.release.ReleaseMetadata;

/**
 * Builds the app image with the engine (docker-java's build, the classic builder): the release's
 * version, commit and build date go in as the build args {@code APP_VERSION}, {@code COMMIT_SHA} and
 * {@code BUILD_DATE}, and, with the lock files' SHA-256, as labels on the image (see {@link BuildContext}).
 */
public final class ImageBuilder implements Builder {
    private final DockerClient docker;
    private final Consumer<String> progress;

    public ImageBuilder(DockerClient docker, Consumer<String> progress) {
        this.docker = docker;
        this.progress = progress;
    }

    @Override
    public String describe() {
        return "the engine's classic builder";
    }

    @Override
    public LocalImage build(BuildRequest request, boolean useCache) {
        ReleaseMetadata metadata = request.metadata();
        Map<String, String> labels = new LinkedHashMap<>(metadata.toLabels());
        labels.putAll(request.extraLabels());
        BuildProgress build = new BuildProgress(progress, labels.keySet());
        try (BuildContext context = BuildContext.withLabels(request.context(), request.dockerfile(), labels);
             InputStream tar = context.open()) {
            BuildImageCmd cmd = docker.buildImageCmd(tar)
                    .withDockerfilePath(context.dockerfilePath())
                    .withBuildArg(ReleaseLabels.ARG_VERSION, metadata.version())
                    .withBuildArg(ReleaseLabels.ARG_COMMIT, metadata.commit())
                    .withBuildArg(ReleaseLabels.ARG_BUILD_DATE, metadata.buildDate().map(Object::toString).orElse("unknown"))
                    .withTags(Set.of(request.localTag().toString()))
                    // Intermediate containers go even when a step fails; nothing is left behind.
                    .withForcerm(true)
                    // The bases are pinned by digest: pulled only when missing, never refreshed; except for a
                    // multi-platform release, where the local copy may be another platform's.
                    .withPull(request.pullBases())
                    .withNoCache(!useCache);
            request.platform().ifPresent(p -> cmd.withPlatform(p.toString()));
            // BuildKit sets these itself; the legacy builder does not, and the Dockerfile picks the
            // platform's lock pair by them. Without a platform asked for, the engine's own.
            targetArgs(request.platform().orElseGet(this::enginePlatform)).forEach(cmd::withBuildArg);
            cmd.exec(build).awaitCompletion();
        } catch (IOException e) {
            throw new BuildFailedException("", "the build context could not be packed: " + e.getMessage(), List.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildFailedException(build.currentStep(), "interrupted", build.lastLines());
        } catch (DockerException | IllegalArgumentException e) {
            throw new BuildFailedException(build.currentStep(), build.error().orElse(firstLine(e.getMessage())), build.lastLines());
        } catch (RuntimeException e) {
            if (build.error().isPresent()) {
                throw new BuildFailedException(build.currentStep(), build.error().get(), build.lastLines());
            }
            throw e;
        }
        if (build.error().isPresent() || build.imageId().isEmpty()) {
            throw new BuildFailedException(build.currentStep(), build.error().orElse("the engine reported no image"), build.lastLines());
        }
        return LocalImage.find(docker, build.imageId().get())
                .orElseThrow(() -> new BuildFailedException("", "the built image " + build.imageId().get() + " vanished", List.of()));
    }

    private Platform enginePlatform() {
        var info = docker.infoCmd().exec();
        return new Platform(info.getOsType() == null ? "linux" : info.getOsType(),
                info.getArchitecture() == null ? System.getProperty("os.arch") : info.getArchitecture());
    }

    /** BuildKit's automatic platform arguments for a target platform: TARGETPLATFORM, TARGETOS, TARGETARCH, TARGETVARIANT. */
    public static Map<String, String> targetArgs(Platform platform) {
        Map<String, String> args = new LinkedHashMap<>();
        args.put("TARGETPLATFORM", platform.toString());
        args.put("TARGETOS", platform.os());
        args.put("TARGETARCH", platform.architecture());
        args.put("TARGETVARIANT", platform.variant().orElse(""));
        return args;
    }

    private static String firstLine(String message) {
        return message == null ? "unknown error" : message.lines().findFirst().orElse(message);
    }
}
