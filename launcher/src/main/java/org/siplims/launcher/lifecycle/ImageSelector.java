package org.siplims.launcher.lifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.siplims.core.UserFacingException;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.registry.PlatformNotAvailableException;
import org.siplims.core.registry.RegistryException;
import org.siplims.core.registry.RegistryUnreachableException;
import org.siplims.core.release.ReleaseMetadata;
import org.siplims.core.docker.EngineInfo;
import org.siplims.core.docker.LocalImage;
import org.siplims.launcher.engine.PullFailedException;
import org.siplims.launcher.engine.RunnableImage;
import org.siplims.launcher.status.ImageInfo;
import org.siplims.launcher.status.UpdateInfo;
import org.siplims.launcher.status.UpdateRefusal;
import org.siplims.launcher.trust.Verification;
import org.siplims.launcher.release.ReleaseVerifier;
import org.siplims.launcher.release.RemoteRelease;

/**
 * Decides which image the app runs: the release the channel tag names (pulled when missing), or
 * without the registry (offline, or unreachable) the best image already on the machine.
 *
 * <p>With trusted keys configured ({@link ReleaseVerifier}), a release runs only when a trusted key
 * signed its digest: the signature is checked before anything is downloaded. A refused release is
 * not run; the newest release on this computer that was verified before runs instead, when there
 * is one, and the status says why.
 */
final class ImageSelector {
    /** The chosen image and a sentence to add to the "ready" message (empty when all went as usual). */
    record Choice(RunnableImage image, String note) {
    }

    /** The next step when the first download cannot happen. */
    static final String NEEDS_INTERNET_ONCE = "The launcher needs the internet once, to download the workflow manager (about 2.6 GB). "
            + "Connect, then choose Try again.";

    private final LauncherContext ctx;

    ImageSelector(LauncherContext ctx) {
        this.ctx = ctx;
    }

    Choice choose(EngineInfo engine) throws InterruptedException {
        ImageReference channel = ctx.options().channelReference();
        if (ctx.options().offline()) {
            ctx.status().checking("Looking for the app on this computer (offline: the registry is not asked).");
            LocalImage local = ctx.engine().best(channel).orElseThrow(() -> new UserFacingException(
                    "There is no copy of the app (" + channel.familiar() + ") on this computer, and the launcher runs offline (--offline), so it cannot download one.",
                    "Start the launcher once without --offline, with an internet connection."));
            return offline(channel, engine, local);
        }
        ctx.status().checking("Checking " + channel.registry() + " for the newest release…");
        Digest remote;
        try {
            remote = ctx.releases().channelDigest(channel);
        } catch (RegistryException e) {
            return fallBackToLocal(channel, engine, e);
        }
        // Before anything is downloaded: is it signed by a trusted key?
        Verification verification = verify(channel, remote);
        if (verification.refused()) {
            return insteadOfRefused(channel, engine, remote, verification);
        }
        Optional<Choice> newerHere = insteadOfDowngrade(channel, engine, remote);
        if (newerHere.isPresent()) {
            return newerHere.get();
        }
        RemoteRelease release = null;
        Optional<LocalImage> have;
        try {
            have = ctx.engine().byDigest(channel, remote);
            if (have.isEmpty()) {
                release = ctx.releases().resolve(channel, remote, engine.platform(), ctx.options().platform());
                // A two-platform release: the chosen platform's image has a digest and a signature of its own.
                if (release.multiPlatform()) {
                    Verification image = verifyPlatformImage(channel, release);
                    if (image.refused()) {
                        return insteadOfRefused(channel, engine, remote, image);
                    }
                    have = ctx.engine().byDigest(channel, release.platformDigest());
                }
            }
        } catch (PlatformNotAvailableException e) {
            throw e;
        } catch (RegistryException e) {
            return fallBackToLocal(channel, engine, e);
        }
        if (have.isPresent()) {
            return new Choice(RunnableImage.of(have.get(), channel, Optional.of(remote), engine.platform()).withVerification(verification),
                    ctx.releases().routeNote().orElse(""));
        }
        Optional<Choice> kept = keepWhatIsHere(channel, engine, remote);
        if (kept.isPresent()) {
            return kept.get();
        }
        RemoteRelease toPull = release;
        pull(toPull);
        LocalImage pulled = ctx.engine().byDigest(channel, toPull.platformDigest()).orElseThrow(() -> new PullFailedException(
                toPull.platformImage().familiar(), "the engine reported success, but the image is not there.", null));
        return new Choice(RunnableImage.of(pulled, channel, Optional.of(remote), engine.platform()).withVerification(verification),
                ctx.releases().routeNote().orElse("")); // how it was fetched, when a lab mirror or its origin failed
    }

    /**
     * Checks the signature of the release the channel names (from the registry, unless it was
     * verified before), and records the check: a refused release is not offered as an update, and
     * {@code update.error} says why.
     */
    Verification verify(ImageReference channel, Digest remote) {
        Verification v = ctx.trust().check(channel, remote);
        Optional<String> refusal = v.refused() ? Optional.of(v.message()) : Optional.empty();
        ctx.session().refused(remote, refusal);
        recordCheck(Optional.of(remote), refusal);
        return v;
    }

    /**
     * Checks the signature of the image chosen from a two-platform release (the index's signature
     * does not cover what the engine pulls by the image's own digest). A refusal is recorded for the
     * release, so that it is not offered as an update either.
     */
    Verification verifyPlatformImage(ImageReference channel, RemoteRelease release) {
        Verification v = ctx.trust().check(channel, release.platformDigest());
        if (!v.refused()) {
            return v;
        }
        Verification refused = Verification.refused("The release's image for " + release.platform() + " ("
                + release.platformDigest().shortForm() + ") is not signed by the maintainer: " + v.message());
        ctx.session().refused(release.digest(), Optional.of(refused.message()));
        recordCheck(Optional.of(release.digest()), Optional.of(refused.message()));
        return refused;
    }

    /** Offline: the channel's local image when it may run, else the newest release verified before. */
    private Choice offline(ImageReference channel, EngineInfo engine, LocalImage best) {
        // The maintainer's own build (no registry digest) may run when they ask for offline on purpose.
        Verification v = ctx.trust().withoutRegistry(channel, best.repoDigest(), true);
        if (!v.refused()) {
            return new Choice(RunnableImage.of(best, channel, best.repoDigest(), engine.platform()).withVerification(v), "");
        }
        Optional<Choice> verified = newestVerified(channel, engine, best.repoDigest(), "The release on this computer that the channel "
                + channel.tagOrLatest() + " names was never verified, and its signature cannot be checked offline");
        return verified.orElseThrow(() -> new UserFacingException("The launcher did not start the workflow manager: " + v.message(),
                "Start the launcher once without --offline, with an internet connection, so that it can check the release's signature."));
    }

    /**
     * The channel names a release whose signature was refused: the newest release on this computer
     * that was verified before runs instead (the version the user had keeps running); with none,
     * nothing runs.
     */
    private Choice insteadOfRefused(ImageReference channel, EngineInfo engine, Digest remote, Verification refusal) {
        Optional<Choice> previous = newestVerified(channel, engine, Optional.of(remote),
                "The newest release " + remote.shortForm() + " was refused (" + AppRunner.clause(refusal.message()) + ")");
        if (previous.isPresent()) {
            return previous.get();
        }
        ctx.status().amend(s -> s.withImage(Optional.of(refusedImage(channel, remote, engine, refusal))));
        throw new UserFacingException("The launcher did not start the workflow manager, because its newest release is not "
                + "signed by the maintainer: " + refusal.message(),
                "Nothing was downloaded or run. Tell the maintainer; once they publish a signed release, use Restart. "
                        + "Trusted keys: " + ctx.trust().keyIds() + ".");
    }

    /**
     * With trusted keys, the channel names a release older than the newest verified release on this
     * computer (nothing runs yet to compare with: a first start of this run, e.g. with
     * install-updates-at-start, or with the channel's older release still here): going back needs the
     * maintainer's signed rollback record, as for a running app ({@link UpdateOffers#judge}). Without
     * one, that newer release runs and the refusal is said ({@code update.refused}).
     */
    private Optional<Choice> insteadOfDowngrade(ImageReference channel, EngineInfo engine, Digest remote) {
        if (!ctx.trust().enforcing()) {
            return Optional.empty();
        }
        for (LocalImage local : ctx.engine().ofRepository(channel)) {
            if (local.repoDigest().isEmpty() || local.repoDigest().equals(Optional.of(remote))) {
                continue;
            }
            Verification v = ctx.trust().withoutRegistry(channel, local.repoDigest(), false);
            if (!v.verified()) {
                continue;
            }
            RunnableImage here = RunnableImage.of(local, channel, local.repoDigest(), engine.platform()).withVerification(v);
            Optional<UpdateRefusal> refusal = new UpdateOffers(ctx).judge(channel, remote, here).refusal();
            if (refusal.isEmpty()) {
                return Optional.empty(); // newer, or a rollback the maintainer signed
            }
            ctx.session().downgrade(refusal);
            ctx.status().amend(s -> s.withUpdate(s.update().withRefusal(refusal.get())));
            return Optional.of(new Choice(here, refusal.get().message()));
        }
        return Optional.empty();
    }

    /** What the status shows about a refused release that nothing else could replace. */
    private ImageInfo refusedImage(ImageReference channel, Digest remote, EngineInfo engine, Verification refusal) {
        ImageReference pinned = channel.repositoryOnly().withDigest(remote);
        try {
            // Labels only (manifest and config, no layers), shown so the person knows which release was refused.
            RemoteRelease r = ctx.releases().resolve(channel, remote, engine.platform());
            return new ImageInfo(pinned.toString(), Optional.of(remote), r.release().version(), r.release().commit(),
                    r.release().buildDate(), r.platform(), r.emulated(), refusal);
        } catch (RuntimeException e) {
            ReleaseMetadata none = ReleaseMetadata.fromLabels(Map.of());
            return new ImageInfo(pinned.toString(), Optional.of(remote), none.version(), none.commit(), none.buildDate(),
                    engine.platform(), false, refusal);
        }
    }

    /** The newest image of the repository on this computer, other than {@code except}, whose digest was verified before. */
    private Optional<Choice> newestVerified(ImageReference channel, EngineInfo engine, Optional<Digest> except, String why) {
        for (LocalImage image : ctx.engine().ofRepository(channel)) {
            if (image.repoDigest().isEmpty() || image.repoDigest().equals(except)) {
                continue;
            }
            Verification v = ctx.trust().withoutRegistry(channel, image.repoDigest(), false);
            if (v.verified()) {
                RunnableImage runnable = RunnableImage.of(image, channel, image.repoDigest(), engine.platform()).withVerification(v);
                return Optional.of(new Choice(runnable, why + ", so the launcher started " + runnable.describe()
                        + ", the newest verified release on this computer."));
            }
        }
        return Optional.empty();
    }

    /**
     * Updates are offered, never forced: unless the user asked to install them at start
     * ({@code install-updates-at-start}), the newest release already on this computer starts (one
     * that may run: verified, when keys are trusted), and the channel's newer release is offered.
     */
    private Optional<Choice> keepWhatIsHere(ImageReference channel, EngineInfo engine, Digest remote) {
        if (ctx.options().installUpdatesAtStart()) {
            return Optional.empty();
        }
        ReleaseVerifier trust = ctx.trust();
        for (LocalImage local : ctx.engine().ofRepository(channel)) {
            if (local.repoDigest().isEmpty() || local.repoDigest().equals(Optional.of(remote))) {
                continue;
            }
            Verification v = trust.withoutRegistry(channel, local.repoDigest(), false);
            if (!trust.enforcing() || v.verified()) {
                RunnableImage image = RunnableImage.of(local, channel, local.repoDigest(), engine.platform()).withVerification(v);
                return Optional.of(new Choice(image, "A newer release is offered under Updates on the status page."));
            }
        }
        return Optional.empty();
    }

    private Choice fallBackToLocal(ImageReference channel, EngineInfo engine, RegistryException e) {
        recordCheck(Optional.empty(), Optional.of(e.getMessage()));
        List<LocalImage> newestFirst = new ArrayList<>(ctx.engine().ofRepository(channel));
        if (newestFirst.isEmpty() && !(e instanceof RegistryUnreachableException)) {
            throw new UserFacingException("The app cannot be downloaded: " + e.getMessage()
                    + " There is no copy of it on this computer yet.", e.hint(), e);
        }
        if (newestFirst.isEmpty()) {
            // A scientist can do one thing here: connect. The registry's own wording is in update.error.
            throw new UserFacingException("The workflow manager is not on this computer yet, and the server it is downloaded from "
                    + "(the registry, " + channel.registry() + ") cannot be reached.",
                    NEEDS_INTERNET_ONCE, e);
        }
        String couldNot = "Could not check for updates (" + AppRunner.clause(e.getMessage()) + "), so the newest ";
        ReleaseVerifier trust = ctx.trust();
        for (LocalImage local : newestFirst) {
            // With trusted keys, only a release verified before (its signature cannot be fetched now).
            Verification v = trust.withoutRegistry(channel, local.repoDigest(), false);
            if (!trust.enforcing() || v.verified()) {
                return new Choice(RunnableImage.of(local, channel, local.repoDigest(), engine.platform()).withVerification(v),
                        couldNot + (trust.enforcing() ? "verified " : "") + "version on this computer was started.");
            }
        }
        throw new UserFacingException("The app cannot be checked for updates: " + e.getMessage() + " The copies of it on this "
                + "computer were never verified as signed by the maintainer, so the launcher does not start them.", e.hint(), e);
    }

    /** Pulls a release, reporting progress in the status. */
    void pull(RemoteRelease release) throws InterruptedException {
        String what = release.release().version().equals("unknown") ? release.digest().shortForm() : release.release().version();
        ctx.status().downloading("Downloading the workflow manager " + what
                + platformNote(release) + "…");
        ProgressThrottle progress = new ProgressThrottle(ctx.status()::pullProgress);
        ctx.engine().pull(release.platformImage(), release.emulated() ? Optional.of(release.platform()) : Optional.empty(),
                release.layerSizes(), progress);
    }

    /** Why the image runs under emulation, or that the platform asked for with --platform is missing; empty when neither. */
    private String platformNote(RemoteRelease release) {
        Optional<org.siplims.core.image.Platform> forced = ctx.options().platform();
        if (forced.isPresent() && !forced.get().matches(release.platform())) {
            return " (it has no image for " + forced.get() + ", so its image for " + release.platform() + " is used"
                    + (release.emulated() ? ", under emulation)" : ")");
        }
        if (!release.emulated()) {
            return "";
        }
        return forced.isPresent() ? " (the image for " + release.platform() + ", as chosen with --platform: it will run under emulation)"
                : " (built for " + release.platform() + " only: it will run under emulation)";
    }

    /**
     * Records the outcome of asking the registry: when, what it said, whether that is newer than what
     * runs (a release whose signature was refused is not offered).
     */
    void recordCheck(Optional<Digest> remote, Optional<String> error) {
        RunnableImage running = ctx.session().running();
        ctx.status().amend(s -> {
            boolean available = remote.isPresent() && running != null && !running.digest().equals(remote)
                    && ctx.session().refusal(remote.get()).isEmpty() && !ctx.session().skipped().equals(remote);
            UpdateInfo previous = s.update();
            boolean stillAvailable = remote.isPresent() ? available : previous.available();
            Optional<Digest> named = remote.isPresent() ? remote : previous.remoteDigest();
            // A downgrade refused at the last check stays said until the next decision (UpdateOffers decides again).
            Optional<UpdateRefusal> downgrade = named.flatMap(ctx.session()::downgradeRefusal);
            // The offer's details stay while it is about the same release (UpdateOffers adds them).
            return s.withUpdate(new UpdateInfo(stillAvailable, named, Optional.of(ctx.clock().instant()),
                    error.or(() -> downgrade.map(UpdateRefusal::message)),
                    previous.offer().filter(o -> named.equals(Optional.of(o.digest()))), downgrade));
        });
    }
}
