package org.siplims.launcher.lifecycle;

import java.util.Optional;
import org.siplims.core.UserFacingException;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.registry.PlatformNotAvailableException;
import org.siplims.core.registry.RegistryException;
import org.siplims.launcher.engine.EngineInfo;
import org.siplims.launcher.engine.LocalImage;
import org.siplims.launcher.engine.PullFailedException;
import org.siplims.launcher.engine.RunnableImage;
import org.siplims.launcher.state.LauncherState;
import org.siplims.launcher.state.UpdateInfo;
import org.siplims.launcher.update.RemoteRelease;

/**
 * Decides which image the app runs: the release the channel tag names (pulled when missing), or
 * without the registry (offline, or unreachable) the best image already on the machine.
 */
final class ImageSelector {
    /** The chosen image and a sentence to add to the "ready" message (empty when all went as usual). */
    record Choice(RunnableImage image, String note) {
    }

    private final LauncherContext ctx;

    ImageSelector(LauncherContext ctx) {
        this.ctx = ctx;
    }

    Choice choose(EngineInfo engine) throws InterruptedException {
        ImageReference channel = ctx.options().channelReference();
        if (ctx.options().offline()) {
            ctx.set(LauncherState.CHECKING, "Looking for the app on this computer (offline: the registry is not asked).");
            LocalImage local = ctx.images().best(channel).orElseThrow(() -> new UserFacingException(
                    "There is no copy of the app (" + channel.familiar() + ") on this computer, and the launcher runs offline (--offline), so it cannot download one.",
                    "Start the launcher once without --offline, with an internet connection."));
            return new Choice(RunnableImage.of(local, channel, local.repoDigest(), engine.platform()), "");
        }
        ctx.set(LauncherState.CHECKING, "Checking " + channel.registry() + " for the newest release…");
        Digest remote;
        RemoteRelease release = null;
        Optional<LocalImage> have;
        try {
            remote = ctx.releases().channelDigest(channel);
            recordCheck(Optional.of(remote), Optional.empty());
            have = ctx.images().byDigest(channel, remote);
            if (have.isEmpty()) {
                release = ctx.releases().resolve(channel, remote, engine.platform());
            }
        } catch (PlatformNotAvailableException e) {
            throw e;
        } catch (RegistryException e) {
            return fallBackToLocal(channel, engine, e);
        }
        if (have.isPresent()) {
            return new Choice(RunnableImage.of(have.get(), channel, Optional.of(remote), engine.platform()), "");
        }
        RemoteRelease toPull = release;
        pull(toPull);
        LocalImage pulled = ctx.images().byDigest(channel, remote).orElseThrow(() -> new PullFailedException(
                toPull.pinned().familiar(), "the engine reported success, but the image is not there.", null));
        return new Choice(RunnableImage.of(pulled, channel, Optional.of(remote), engine.platform()), "");
    }

    private Choice fallBackToLocal(ImageReference channel, EngineInfo engine, RegistryException e) {
        recordCheck(Optional.empty(), Optional.of(e.getMessage()));
        Optional<LocalImage> newest = ctx.images().ofRepository(channel).stream().findFirst();
        if (newest.isEmpty()) {
            throw new UserFacingException("The app cannot be downloaded: " + e.getMessage()
                    + " There is no copy of it on this computer yet.", e.hint(), e);
        }
        LocalImage local = newest.get();
        return new Choice(RunnableImage.of(local, channel, local.repoDigest(), engine.platform()),
                "Could not check for updates (" + AppRunner.clause(e.getMessage()) + "), so the newest version on this computer was started.");
    }

    /** Pulls a release, reporting progress in the status. */
    void pull(RemoteRelease release) throws InterruptedException {
        String what = release.release().version().equals("unknown") ? release.digest().shortForm() : release.release().version();
        ctx.set(LauncherState.PULLING, "Downloading the workflow manager " + what
                + (release.emulated() ? " (built for " + release.platform() + " only: it will run under emulation)" : "") + "…");
        ProgressThrottle progress = new ProgressThrottle(p -> ctx.status().update(
                s -> s.state() == LauncherState.PULLING ? s.withPull(Optional.of(p)) : s));
        ctx.puller().pull(release.pinned(), release.emulated() ? Optional.of(release.platform()) : Optional.empty(),
                release.layerSizes(), progress);
    }

    /** Records the outcome of asking the registry: when, what it said, whether that is newer than what runs. */
    void recordCheck(Optional<Digest> remote, Optional<String> error) {
        RunnableImage running = ctx.running();
        ctx.status().update(s -> {
            boolean available = remote.isPresent() && running != null && !running.digest().equals(remote);
            UpdateInfo previous = s.update();
            return s.withUpdate(new UpdateInfo(remote.isPresent() ? available : previous.available(),
                    remote.isPresent() ? remote : previous.remoteDigest(),
                    Optional.of(ctx.clock().instant()), error));
        });
    }
}
