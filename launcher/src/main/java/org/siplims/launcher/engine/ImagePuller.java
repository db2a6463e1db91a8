package org.siplims.launcher.engine;

import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.model.PullResponseItem;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.siplims.core.docker.StreamErrors;
import org.siplims.core.docker.DockerUnavailableException;
import org.siplims.core.docker.EngineConnection;
import org.siplims.core.docker.EngineRefusedException;
import org.siplims.core.image.ImageReference;
import org.siplims.core.image.Platform;
import org.siplims.launcher.status.PullProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls an image pinned by digest, reporting progress, and retries a failed or broken pull. Pulling
 * by digest adds an image beside the old ones and never replaces them, so a failed pull leaves the
 * user with what they had.
 */
public final class ImagePuller {
    private static final Logger LOG = LoggerFactory.getLogger(ImagePuller.class);
    private static final int ATTEMPTS = 3;

    private final EngineConnection docker;
    private final Duration retryPause;

    public ImagePuller(EngineConnection docker, Duration retryPause) {
        this.docker = docker;
        this.retryPause = retryPause;
    }

    /**
     * @param pinned     {@code repo@sha256:…}: a digest, never a tag
     * @param platform   the platform to ask for when it is not the engine's own (emulation)
     * @param layerSizes compressed layer sizes from the manifest, keyed by short layer ID, for an exact total
     * @throws PullFailedException   when every attempt failed
     * @throws InterruptedException  when the launcher is stopping or the user asked for something else
     */
    public void pull(ImageReference pinned, Optional<Platform> platform, Map<String, Long> layerSizes,
                     Consumer<PullProgress> progress) throws InterruptedException {
        if (pinned.digest().isEmpty()) {
            throw new IllegalArgumentException("pull by digest only, not " + pinned);
        }
        RuntimeException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                pullOnce(pinned, platform, layerSizes, progress);
                return;
            } catch (DockerUnavailableException e) {
                throw e;
            } catch (RuntimeException e) {
                last = e;
                LOG.info("Pull of {} failed (attempt {} of {}): {}", pinned, attempt, ATTEMPTS, e.getMessage());
                if (attempt < ATTEMPTS) {
                    Thread.sleep(retryPause.toMillis() * attempt);
                }
            }
        }
        throw new PullFailedException(pinned.familiar(), reason(last), last);
    }

    private void pullOnce(ImageReference pinned, Optional<Platform> platform, Map<String, Long> layerSizes,
                          Consumer<PullProgress> progress) throws InterruptedException {
        PullProgressTracker tracker = new PullProgressTracker(layerSizes);
        AtomicReference<String> engineError = new AtomicReference<>();
        progress.accept(new PullProgress(0, tracker.bytesTotal()));
        PullImageResultCallback callback = new PullImageResultCallback() {
            @Override
            public void onNext(PullResponseItem item) {
                if (item.isErrorIndicated()) {
                    engineError.set(StreamErrors.message(item));
                }
                if (tracker.accept(item)) {
                    progress.accept(new PullProgress(tracker.bytesDone(), tracker.bytesTotal()));
                }
                super.onNext(item); // keeps docker-java's own check of the final status
            }
        };
        var cmd = docker.streamingClient().pullImageCmd(pinned.name()).withTag(pinned.digest().orElseThrow().toString());
        platform.ifPresent(p -> cmd.withPlatform(p.toString()));
        PullImageResultCallback running;
        try {
            running = cmd.exec(callback);
        } catch (RuntimeException e) {
            throw docker.translate(e);
        }
        try {
            running.awaitCompletion();
        } catch (InterruptedException e) {
            closeQuietly(callback);
            throw e;
        } catch (RuntimeException e) {
            RuntimeException translated = docker.translate(e);
            if (translated instanceof DockerUnavailableException) {
                throw translated;
            }
            throw engineError.get() != null ? new IllegalStateException(engineError.get(), e) : translated;
        }
        if (engineError.get() != null) {
            throw new IllegalStateException(engineError.get());
        }
        tracker.complete();
        progress.accept(new PullProgress(tracker.bytesDone(), tracker.bytesTotal()));
    }

    private static String reason(RuntimeException e) {
        if (e == null || e.getMessage() == null) {
            return "the engine gave no reason.";
        }
        // An engine's refusal: its own words, the pull failure says the rest.
        String m = (e instanceof EngineRefusedException refused ? refused.reason() : e.getMessage()).strip();
        return m.endsWith(".") ? m : m + ".";
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // the pull is abandoned anyway
        }
    }
}
