package org.siplims.launcher.lifecycle;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.siplims.core.UserFacingException;
import org.siplims.core.docker.DockerUnavailableException;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.registry.RegistryException;
import org.siplims.core.docker.LocalImage;
import org.siplims.launcher.engine.ContainerSpec;
import org.siplims.launcher.engine.RunnableImage;
import org.siplims.launcher.status.LauncherState;
import org.siplims.launcher.status.StateMachine;
import org.siplims.launcher.status.UpdateInfo;
import org.siplims.launcher.status.UpdateOffer;
import org.siplims.launcher.status.UpdateRefusal;
import org.siplims.launcher.trust.Verification;
import org.siplims.launcher.release.RemoteRelease;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the launcher decides about updates: checks for a newer release and, on the user's request,
 * switches to it, and rolls back ({@link #rollBack}) to the previous version when the new one is
 * not healthy in time. The new release is pulled while the old version keeps serving. After a good
 * update, images of the repository older than the previous version are removed. It never restarts
 * the app on its own: a scheduled check only reports that an update is available. With trusted
 * keys, a new release's signature is checked when the check finds it; a refused one is not
 * offered, and never applied.
 */
final class UpdateSwitch {
    private static final Logger LOG = LoggerFactory.getLogger(UpdateSwitch.class);
    private final LauncherContext ctx;
    private final ImageSelector selector;
    private final AppRunner runner;
    private final UpdateOffers offers;

    UpdateSwitch(LauncherContext ctx, ImageSelector selector, AppRunner runner) {
        this.ctx = ctx;
        this.offers = new UpdateOffers(ctx);
        this.selector = selector;
        this.runner = runner;
    }

    /** Asks the registry (a HEAD only) and records whether an update is available. Safe on any thread. */
    Optional<Digest> check() {
        ImageReference channel = ctx.options().channelReference();
        try {
            Digest remote = ctx.releases().channelDigest(channel);
            RunnableImage running = ctx.session().running();
            if (running != null && running.digest().equals(Optional.of(remote))) {
                selector.recordCheck(Optional.of(remote), Optional.empty());
            } else {
                // A new release is checked for its signature at once, so a refused one is never offered.
                selector.verify(channel, remote);
                // An older release is offered only when the maintainer's signed rollback record allows it (else refused there).
                Optional<UpdateOffer> offer = offers.describe(channel, remote, ctx.status().get().update().offer());
                if (offer.isPresent()) {
                    selector.recordCheck(Optional.of(remote), Optional.empty()); // offered now, also when refused at the last check
                }
                ctx.status().amend(s -> s.withUpdate(s.update().withOffer(offer)));
            }
            return Optional.of(remote);
        } catch (RegistryException e) {
            selector.recordCheck(Optional.empty(), Optional.of(e.getMessage()));
            return Optional.empty();
        }
    }

    /**
     * Checks, and when the channel names another release than the one running, switches to it (and
     * back when the new one does not start properly). Says in the status what it did.
     */
    UpdateOutcome checkAndApply() throws InterruptedException {
        Optional<Digest> remote = check();
        if (remote.isEmpty()) {
            String error = ctx.status().get().update().error().orElse("the registry did not answer");
            ctx.status().say("Could not check for updates: " + error);
            return new UpdateOutcome.CheckFailed(error);
        }
        RunnableImage current = ctx.session().running();
        if (current != null && current.digest().equals(remote)) {
            ctx.status().say("The workflow manager " + current.describe() + " is the newest release.");
            return new UpdateOutcome.UpToDate(current);
        }
        LauncherState state = ctx.status().get().state();
        if (current == null || ctx.session().containerId() == null || (state != LauncherState.RUNNING && state != LauncherState.ERROR)) {
            return new UpdateOutcome.NotServing();
        }
        Optional<UpdateRefusal> downgrade = ctx.session().downgradeRefusal(remote.get());
        if (downgrade.isPresent()) {
            // An older release without the maintainer's signed rollback record: never installed, not even on request.
            ctx.status().say(downgrade.get().message());
            return new UpdateOutcome.Refused(current, downgrade.get().message());
        }
        Optional<String> refusal = ctx.session().refusal(remote.get());
        ImageReference channel = ctx.options().channelReference();
        Verification verification = refusal.isPresent() ? Verification.refused(refusal.get())
                : ctx.trust().check(channel, remote.get()); // verified by check(): remembered, no registry call
        if (verification.refused()) {
            // Not signed by a trusted key: nothing is downloaded, the current version keeps running.
            ctx.status().say("The update to " + remote.get().shortForm() + " was refused, so the workflow manager "
                    + current.describe() + " keeps running: " + verification.message());
            return new UpdateOutcome.Refused(current, verification.message());
        }
        Optional<LocalImage> have = ctx.engine().byDigest(channel, remote.get());
        if (have.isEmpty()) {
            RemoteRelease release = ctx.releases().resolve(channel, remote.get(), ctx.session().engine().platform(), ctx.options().platform());
            if (release.multiPlatform()) {
                // A two-platform release: the image chosen from it is signed on its own, and pulled by its own digest.
                Verification image = selector.verifyPlatformImage(channel, release);
                if (image.refused()) {
                    ctx.status().say("The update to " + remote.get().shortForm() + " was refused, so the workflow manager "
                            + current.describe() + " keeps running: " + image.message());
                    return new UpdateOutcome.Refused(current, image.message());
                }
                have = ctx.engine().byDigest(channel, release.platformDigest());
            }
            if (have.isEmpty()) {
                selector.pull(release); // the old version keeps serving meanwhile
                have = ctx.engine().byDigest(channel, release.platformDigest());
            }
        }
        RunnableImage next = RunnableImage.of(have.orElseThrow(), channel, remote, ctx.session().engine().platform())
                .withVerification(verification);
        return switchTo(current, next);
    }

    /** Replaces the running container with one of {@code next}; rolls back when it does not become healthy. */
    private UpdateOutcome switchTo(RunnableImage current, RunnableImage next) throws InterruptedException {
        // The folders are checked again before anything is stopped: a refusal keeps the current version serving.
        ContainerSpec spec = runner.prepare(next);
        String from = UpdateOffers.label(current);
        String to = UpdateOffers.label(next);
        Optional<UpdateOffer> offered = ctx.status().get().update().offer();
        // A step back when the offer said so (decided on signed versions), else by the labels.
        boolean back = offered.filter(o -> next.digest().equals(Optional.of(o.digest())))
                .map(o -> o.kind() == UpdateOffer.Kind.WITHDRAWN)
                .orElseGet(() -> UpdateOffers.older(next.release(), current.release()));
        // One coherent view while switching: the offer is gone, the headline says from what to what.
        ctx.status().amend(s -> s.withUpdate(s.update().withoutOffer()));
        ctx.status().switching((back ? "Going back to " : "Switching to ") + to + "… (" + from + " is stopped)");
        runner.stopAndRemove(ctx.session().containerId());
        try {
            // Never "Updated from" for a release the maintainer withdrew: it is a step back, said as one.
            // How it was fetched, when the lab mirror or its origin failed: said for an update as for a start.
            String route = ctx.releases().routeNote().map(n -> " " + n).orElse("");
            runner.run(spec, (back ? "Went back to " + next.describe() + ", because the maintainer withdrew " + current.describe() + "."
                    : "Updated to " + next.describe() + " (from " + current.describe() + ").") + route);
        } catch (InterruptedException | DockerUnavailableException | StateMachine.IllegalTransitionException e) {
            throw e;
        } catch (UserFacingException | IllegalStateException e) {
            // An engine's refusal without a sentence of its own (IllegalStateException) rolls back too.
            String why = e instanceof UserFacingException u ? AppRunner.firstLine(u) : String.valueOf(e.getMessage());
            LOG.info("Update to {} failed, going back to {}: {}", next.describe(), current.describe(), why);
            rollBack(current, next, why, offered);
            return new UpdateOutcome.RolledBack(current, next, why);
        }
        prune(current, next);
        return new UpdateOutcome.Switched(current, next);
    }

    /** The new release did not start properly: goes back to the previous one, which the user had running before. */
    private void rollBack(RunnableImage previous, RunnableImage failed, String why, Optional<UpdateOffer> offered)
            throws InterruptedException {
        ctx.status().switching("The workflow manager " + failed.describe() + " did not start properly; going back to "
                + previous.describe() + "…");
        runner.stopManaged();
        String message = "The update to " + failed.describe() + " did not start properly (" + why + "), so the launcher went back to "
                + previous.describe() + ".";
        runner.run(previous, message);
        ctx.status().amend(s -> s.withUpdate(new UpdateInfo(true, s.update().remoteDigest(),
                s.update().checkedAt(), Optional.of(message), offered)));
    }

    /**
     * Removes this repository's images older than the previous version; the new and the previous one
     * stay. "Older" is by creation time: on Docker's containerd image store the previous image may
     * no longer be listed under the repository at all (a build whose tag moved keeps no name), so
     * its place in the list cannot be relied on.
     */
    private void prune(RunnableImage previous, RunnableImage next) {
        List<LocalImage> newestFirst = ctx.engine().ofRepository(ctx.options().channelReference());
        Optional<Instant> previousCreated = newestFirst.stream().filter(i -> i.id().equals(previous.imageId())).findFirst()
                .flatMap(LocalImage::created).or(previous::created);
        if (previousCreated.isEmpty()) {
            return; // which images are older cannot be told: keep them all
        }
        for (LocalImage image : newestFirst) {
            boolean older = image.created().map(c -> c.isBefore(previousCreated.get())).orElse(false);
            if (older && !image.id().equals(previous.imageId()) && !image.id().equals(next.imageId())) {
                LOG.info("Removing the old image {}", image.references());
                ctx.engine().removeNames(image);
            }
        }
    }
}
