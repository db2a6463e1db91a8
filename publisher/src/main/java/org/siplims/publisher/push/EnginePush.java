package org.siplims.publisher.push;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.PushResponseItem;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.siplims.core.docker.StreamErrors;
import org.siplims.core.docker.ImageId;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.publisher.failure.ExitCode;
import org.siplims.publisher.failure.PublisherFailure;

/**
 * Pushes one local image to one tag with the engine (which uploads the layers it has), reporting a
 * line per layer as it finishes, and returns the manifest digest the registry stored.
 */
public final class EnginePush {
    private static final Pattern DIGEST = Pattern.compile("digest: (sha256:[a-f0-9]{64})");

    private final DockerClient docker;
    private final Consumer<String> progress;

    public EnginePush(DockerClient docker, Consumer<String> progress) {
        this.docker = docker;
        this.progress = progress;
    }

    /** Tags {@code imageId} as {@code target} locally and pushes that tag. */
    public Digest push(ImageId imageId, ImageReference target, AuthConfig auth) {
        String tag = target.tag().orElseThrow(() -> new IllegalArgumentException("push needs a tag: " + target));
        docker.tagImageCmd(imageId.toString(), target.name(), tag).withForce(true).exec();
        Follower follower = new Follower();
        try {
            docker.pushImageCmd(target.name()).withTag(tag).withAuthConfig(auth).exec(follower).awaitCompletion();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(target, "interrupted");
        } catch (RuntimeException e) {
            throw failure(target, follower.error.orElse(e.getMessage()));
        }
        if (follower.error.isPresent()) {
            throw failure(target, follower.error.get());
        }
        return follower.digest.orElseThrow(() -> failure(target, "the engine reported no digest"));
    }

    private final class Follower extends ResultCallback.Adapter<PushResponseItem> {
        private final Set<String> reported = new HashSet<>();
        private volatile Optional<String> error = Optional.empty();
        private volatile Optional<Digest> digest = Optional.empty();

        @Override
        public void onNext(PushResponseItem item) {
            if (item.isErrorIndicated()) {
                error = Optional.ofNullable(StreamErrors.message(item));
                return;
            }
            String status = item.getStatus();
            if (status == null) {
                return;
            }
            Matcher m = DIGEST.matcher(status);
            if (m.find()) {
                digest = Optional.of(Digest.parse(m.group(1)));
            }
            boolean layerDone = status.equals("Pushed") || status.equals("Layer already exists") || status.startsWith("Mounted from");
            if (item.getId() != null && layerDone && reported.add(item.getId())) {
                progress.accept("    layer " + item.getId() + ": " + status.toLowerCase(Locale.ROOT));
            }
        }
    }

    private static PublisherFailure failure(ImageReference target, String why) {
        String reason = why == null ? "unknown error" : why.strip();
        String lower = reason.toLowerCase(Locale.ROOT);
        String hint;
        if (lower.contains("unauthorized") || lower.contains("authentication required") || lower.contains("denied")
                || lower.contains("authorization")) {
            hint = "Log in with push rights: `docker login " + target.registry() + "`, or set REGISTRY_USERNAME and REGISTRY_PASSWORD, "
                    + "or pipe the password to --password-stdin with --username."
                    + (target.registry().equals("ghcr.io") ? " For ghcr.io, a token with the write:packages scope." : "");
        } else if (lower.contains("connection refused") || lower.contains("no such host") || lower.contains("dial tcp")
                || lower.contains("timeout")) {
            hint = "Check that the registry " + target.registry() + " is reachable (network, VPN, registry name), then run the push again.";
        } else {
            hint = "Run the push again; the channel tag was not moved.";
        }
        return new PublisherFailure(ExitCode.PUSH, "Pushing " + target.familiar() + " failed: " + reason, hint);
    }
}
