package org.siplims.publisher.lock;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.model.PullResponseItem;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.siplims.core.docker.StreamErrors;
import org.siplims.core.image.ImageReference;
import org.siplims.core.image.Platform;
import org.siplims.publisher.failure.ExitCode;
import org.siplims.publisher.failure.PublisherFailure;
import org.siplims.core.docker.LocalImage;

/**
 * The image {@code lock --from-image} names: a local tag, digest reference or image ID, or a
 * reference to pull. An image ID is never pulled: it only means something to the engine that
 * made it, and read as a reference it would send the engine to Docker Hub for an image named
 * {@code sha256}. IDs also differ between engines: Docker Engine 28 with the containerd image
 * store gives an image the ID of its manifest, older engines the ID of its config.
 */
public final class ImageToLock {
    /** {@code sha256:} and hex digits (a full or short ID), or 64 hex digits, which the engine reads as an ID too. */
    /** docker-java's text for an engine error: {@code Status 404: {"message":"..."}}. */
    private static final Pattern ENGINE_ERROR = Pattern.compile("Status \\d+: \\{\"message\":\"(.*)\"\\}\\s*", Pattern.DOTALL);
    private static final Pattern IMAGE_ID = Pattern.compile("sha256:[0-9a-f]{1,64}|[0-9a-f]{64}");

    private ImageToLock() {
    }

    /** Whether this is how one names an image by its ID rather than by a reference. */
    public static boolean isImageId(String name) {
        return IMAGE_ID.matcher(name.trim()).matches();
    }

    /** The local image by this name; a reference that is not local yet is pulled first. */
    public static LocalImage find(DockerClient docker, String name) {
        return find(docker, name, Optional.empty());
    }

    /**
     * The local image by this name, for {@code platform} when one is given: a reference that is not
     * local yet, or is local for another platform, is pulled for it (a multi-platform release's image
     * of that platform; a foreign one then runs under emulation).
     */
    public static LocalImage find(DockerClient docker, String name, Optional<Platform> platform) {
        Optional<LocalImage> local = LocalImage.find(docker, name);
        if (platform.isPresent() && local.isPresent() && !local.get().platform().matches(platform.get()) && !isImageId(name)) {
            return pull(docker, name, platform);
        }
        return local.orElseGet(() -> {
            if (isImageId(name)) {
                throw new PublisherFailure(ExitCode.USAGE, "This Docker engine has no image with the ID " + name + ".",
                        "Image IDs differ from one engine to another (Docker Engine 28 with the containerd image store shows other IDs "
                                + "than older engines): take the ID from `docker images --no-trunc` on the engine the publisher uses, "
                                + "or name the image by its tag.");
            }
            return pull(docker, name, platform);
        });
    }

    /** An image that is not local yet: pull it by its tag or digest. */
    private static LocalImage pull(DockerClient docker, String name, Optional<Platform> platform) {
        ImageReference ref = ImageReference.parse(name);
        var cmd = docker.pullImageCmd(ref.name()).withTag(ref.digest().map(Object::toString).orElse(ref.tagOrLatest()));
        platform.ifPresent(p -> cmd.withPlatform(p.toString()));
        AtomicReference<String> engineError = new AtomicReference<>();
        PullImageResultCallback callback = new PullImageResultCallback() {
            @Override
            public void onNext(PullResponseItem item) {
                if (item.isErrorIndicated()) {
                    engineError.set(StreamErrors.message(item));
                }
                // Podman sends items without a status (its errors, for one); docker-java's own check
                // of the status would fail on them with a NullPointerException.
                if (item.getStatus() != null) {
                    super.onNext(item);
                }
            }
        };
        try {
            cmd.exec(callback).awaitCompletion();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            engineError.compareAndSet(null, engineMessage(e.getMessage()));
        }
        return LocalImage.find(docker, name).orElseThrow(() -> new PublisherFailure(ExitCode.USAGE,
                "The image " + name + " is neither local nor could it be pulled"
                        + (engineError.get() == null ? "." : ": " + engineError.get()),
                "Name a local image (`docker images`) or a pullable reference."));
    }

    /** The engine's own sentence out of docker-java's error text, else the text as it is. */
    static String engineMessage(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = ENGINE_ERROR.matcher(text);
        return m.matches() ? m.group(1).replace("\\\"", "\"") : text;
    }
}
