package org.siplims.launcher.lifecycle;

import java.util.List;
import java.util.Optional;
import org.siplims.core.UserFacingException;
import org.siplims.core.docker.DockerUnavailableException;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.registry.RegistryException;
import org.siplims.launcher.engine.LocalImage;
import org.siplims.launcher.engine.RunnableImage;
import org.siplims.launcher.status.LauncherState;
import org.siplims.launcher.status.UpdateInfo;
import org.siplims.launcher.status.Verification;
import org.siplims.launcher.release.RemoteRelease;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks for a newer release and, on the user's request, applies it: pulls it while the old
 * version keeps serving, swaps the containers, and goes back to the previous version when the new
 * one is not healthy in time. After a good update, images of the repository older than the
 * previous version are removed. It never restarts the app on its own: a scheduled check only
 * reports that an update is available. With trusted keys, a new release's signature is checked
 * when the check finds it; a refused one is not offered, and never applied.
 */
final class UpdateApplier {
    private static final Logger LOG = LoggerFactory.getLogger(UpdateApplier.class);
    private final LauncherContext ctx;
    private final ImageSelector selector;
    private final AppRunner runner;

    UpdateApplier(LauncherContext ctx, ImageSelector selector, AppRunner runner) {
        this.ctx = ctx;
        this.selector = selector;
        this.runner = runner;
    }

    /** Asks the registry (a HEAD only) and records whether an update is available. Safe on any thread. */
    Optional<Digest> check() {
        ImageReference channel = ctx.options().channelReference();
        try {
            Digest remote = ctx.releases().channelDigest(channel);
            RunnableImage running = ctx.running();
            if (running != null && running.digest().equals(Optional.of(remote))) {
                selector.recordCheck(Optional.of(remote), Optional.empty());
            } else {
                // A new release is checked for its signature at once, so a refused one is never offered.
                selector.verify(channel, remote);
            }
            return Optional.of(remote);
        } catch (RegistryException e) {
            selector.recordCheck(Optional.empty(), Optional.of(e.getMessage()));
            return Optional.empty();
        }
    }

    /** Checks, and when the channel names another release than the one running, switches to it. */
    void checkAndApply() throws InterruptedException {
        Optional<Digest> remote = check();
        if (remote.isEmpty()) {
            String error = ctx.status().get().update().error().orElse("the registry did not answer");
            keepStateWithMessage("Could not check for updates: " + error);
            return;
        }
        RunnableImage current = ctx.running();
        if (current != null && current.digest().equals(remote)) {
            keepStateWithMessage("The workflow manager " + current.describe() + " is the newest release.");
            return;
        }
        LauncherState state = ctx.status().get().state();
        if (current == null || ctx.containerId() == null || (state != LauncherState.RUNNING && state != LauncherState.ERROR)) {
            throw new NotServing();
        }
        Optional<String> refusal = ctx.refusal(remote.get());
        if (refusal.isPresent()) {
            // Not signed by a trusted key: nothing is downloaded, the current version keeps running.
            keepStateWithMessage("The update to " + remote.get().shortForm() + " was refused, so the workflow manager "
                    + current.describe() + " keeps running: " + refusal.get());
            return;
        }
        ImageReference channel = ctx.options().channelReference();
        Verification verification = ctx.trust().check(channel, remote.get()); // verified by check(): remembered, no registry call
        if (verification.refused()) {
            keepStateWithMessage("The update to " + remote.get().shortForm() + " was refused, so the workflow manager "
                    + current.describe() + " keeps running: " + verification.message());
            return;
        }
        Optional<LocalImage> have = ctx.images().byDigest(channel, remote.get());
        if (have.isEmpty()) {
            RemoteRelease release = ctx.releases().resolve(channel, remote.get(), ctx.engine().platform());
            selector.pull(release); // the old version keeps serving meanwhile
            have = ctx.images().byDigest(channel, remote.get());
        }
        RunnableImage next = RunnableImage.of(have.orElseThrow(), channel, remote, ctx.engine().platform())
                .withVerification(verification);
        swap(current, next);
    }

    /** Thrown when there is no running app to update in place: the caller starts the app with the newest release instead. */
    static final class NotServing extends RuntimeException {
        NotServing() {
            super(null, null, false, false);
        }
    }

    private void swap(RunnableImage current, RunnableImage next) throws InterruptedException {
        ctx.set(LauncherState.STARTING, "Switching to the workflow manager " + next.describe() + ": stopping " + current.describe() + "…");
        runner.stopAndRemove(ctx.containerId());
        try {
            runner.run(next, "Updated from " + current.describe() + ".");
        } catch (InterruptedException | DockerUnavailableException e) {
            throw e;
        } catch (UserFacingException | IllegalStateException e) {
            String why = e instanceof UserFacingException u ? AppRunner.firstLine(u) : String.valueOf(e.getMessage());
            LOG.info("Update to {} failed, going back to {}: {}", next.describe(), current.describe(), why);
            rollBack(current, next, why);
            return;
        }
        prune(current, next);
    }

    private void rollBack(RunnableImage previous, RunnableImage failed, String why) throws InterruptedException {
        ctx.set(LauncherState.STARTING, "The workflow manager " + failed.describe() + " did not start properly; going back to "
                + previous.describe() + "…");
        runner.stopManaged();
        String message = "The update to " + failed.describe() + " did not start properly (" + why + "), so the launcher went back to "
                + previous.describe() + ".";
        runner.run(previous, message);
        ctx.status().update(s -> s.withUpdate(new UpdateInfo(true, s.update().remoteDigest(),
                s.update().checkedAt(), Optional.of(message))));
    }

    /** Removes this repository's images older than the previous version; the new and the previous one stay. */
    private void prune(RunnableImage previous, RunnableImage next) {
        List<LocalImage> newestFirst = ctx.images().ofRepository(ctx.options().channelReference());
        boolean olderThanPrevious = false;
        for (LocalImage image : newestFirst) {
            if (image.id().equals(previous.imageId())) {
                olderThanPrevious = true;
                continue;
            }
            if (olderThanPrevious && !image.id().equals(next.imageId())) {
                LOG.info("Removing the old image {}", image.references());
                ctx.images().removeNames(image);
            }
        }
    }

    private void keepStateWithMessage(String message) {
        ctx.status().update(s -> s.with(s.state(), message));
    }
}
