package org.siplims.launcher.lifecycle;

import java.nio.file.Path;
import java.util.Optional;
import org.siplims.core.UserFacingException;
import org.siplims.core.container.Confinement;
import org.siplims.core.container.ContainerUser;
import org.siplims.core.docker.Readiness;
import org.siplims.launcher.engine.AppStartFailedException;
import org.siplims.launcher.engine.ContainerNameTakenException;
import org.siplims.launcher.engine.ContainerSpec;
import org.siplims.launcher.engine.EmulationMissingException;
import org.siplims.launcher.engine.ExecFormatException;
import org.siplims.launcher.engine.ExistingContainer;
import org.siplims.launcher.engine.RunnableImage;
import org.siplims.launcher.paths.FolderRules;
import org.siplims.launcher.paths.HostFolder;
import org.siplims.launcher.status.ContainerInfo;
import org.siplims.launcher.status.Status;
import org.siplims.launcher.status.UpdateInfo;

/**
 * Gets the app container running from an image and the folders in the status: adopts a matching
 * managed container, replaces a mismatched one, creates a new one, and waits until the app answers
 * its health check. Also stops it.
 */
final class AppRunner {
    private static final int LOG_LINES_IN_MESSAGES = 12;
    private final LauncherContext ctx;
    private final FolderRules folders;
    private final RememberedRelease remembered;

    AppRunner(LauncherContext ctx, FolderRules folders) {
        this.ctx = ctx;
        this.folders = folders;
        this.remembered = new RememberedRelease(ctx);
    }

    /**
     * The one place a container spec is made, so the one place every container start passes
     * through (first start, restart, folder change, update, roll-back): the folders are checked
     * against the folder rules again, now, and what they really are now (every symbolic link
     * resolved) is what gets mounted. A folder checked when it was chosen may have been swapped
     * since for a link to a place the rules refuse; then this refuses, and the caller has not
     * stopped anything yet. Also chooses the user (the project folder's owner, never root) and
     * the confinement.
     *
     * @throws org.siplims.launcher.paths.InvalidFolderException when a folder is refused now
     */
    ContainerSpec prepare(RunnableImage image) {
        Status s = ctx.status().get();
        HostFolder chosen = s.project().orElseThrow(() -> new IllegalStateException("no project folder"));
        HostFolder project = folders.check(chosen.path(), "project folder");
        Optional<HostFolder> scripts = s.scripts().map(f -> folders.check(f.path(), "scripts folder"));
        if (!project.equals(chosen) || !scripts.equals(s.scripts())) {
            // The status page shows the folders the app really gets.
            ctx.status().amend(st -> st.withFolders(Optional.of(project), scripts, st.workflow()));
        }
        String user = folders.os().runsContainersAsUser()
                ? ContainerUser.forProjectFolder(Path.of(project.path()), true) : ContainerUser.FALLBACK;
        return new ContainerSpec(ctx.options().containerName(), image, project, scripts, s.workflow(), ctx.options().appPort(),
                user, Confinement.withMemory(ctx.options().memoryLimit()));
    }

    /** Runs the app from this image (adopting a matching container), then reports RUNNING with {@code note} added. */
    void run(RunnableImage image, String note) throws InterruptedException {
        run(prepare(image), note);
    }

    /** Runs the app from a spec just made by {@link #prepare} (adopting a matching container), then reports RUNNING. */
    void run(ContainerSpec spec, String note) throws InterruptedException {
        RunnableImage image = spec.image();
        ctx.status().amend(s -> s.withImage(Optional.of(LauncherContext.imageInfo(image))));
        Optional<ExistingContainer> existing = ctx.engine().find(spec.name());
        if (existing.isPresent()) {
            ExistingContainer c = existing.get();
            if (!c.managed()) {
                throw new ContainerNameTakenException(spec.name());
            }
            if (c.running() && c.fingerprint().equals(Optional.of(spec.fingerprint()))) {
                // The launcher was restarted while the app kept running: keep it, the user may be working in it.
                ctx.status().starting("Found the workflow manager " + image.describe() + " already running; checking that it answers…");
                track(c.id(), "running", "starting");
                waitHealthy(c.id(), image);
                markRunning(image, "Reconnected to the running workflow manager. " + note);
                return;
            }
            ctx.status().starting("Replacing the app container of an older version or other folders…");
            stopAndRemove(c.id());
        }
        startNew(spec);
        markRunning(image, note);
    }

    /** Creates and starts a container for this spec and waits until it is healthy. */
    void startNew(ContainerSpec spec) throws InterruptedException {
        ctx.status().starting("Starting the workflow manager " + spec.image().describe()
                + (spec.image().emulated() ? " under emulation (" + spec.image().platform() + ")" : "") + "…");
        ctx.engine().requirePortFree(spec.appPort());
        String id = ctx.engine().create(spec);
        track(id, "created", "starting");
        try {
            ctx.engine().start(id, spec.appPort());
        } catch (ExecFormatException e) {
            throw new EmulationMissingException(spec.image().platform(), ctx.session().engine().platform());
        }
        track(id, "running", "starting");
        waitHealthy(id, spec.image());
    }

    /** Makes this container the launcher's current one (the status holds its ID). */
    private void track(String id, String status, String health) {
        ctx.status().amend(s -> s.withContainer(Optional.of(new ContainerInfo(id, ctx.options().containerName(), status, health))));
    }

    /**
     * Waits for GET /_stcore/health → 200 (core's {@link Readiness}, at the launcher's pace); a
     * container that exits, vanishes or stays silent past the timeout is an error with its last lines.
     */
    private void waitHealthy(String id, RunnableImage image) throws InterruptedException {
        Readiness.Outcome outcome = ctx.engine().awaitReady(id, ctx.options().appPort(), ctx.options().healthTimeout());
        if (!(outcome instanceof Readiness.NotReady failed)) {
            return;
        }
        String log = String.join("\n", failed.logTail());
        ctx.status().amend(s -> s.withContainer(s.container().map(ci -> ci.withStatus(failed.containerStatus(), "unhealthy"))));
        String hint = "Try Restart on the status page. If it happens again, send these lines to the maintainer.";
        switch (failed.reason()) {
            case VANISHED -> throw new AppStartFailedException("The app container disappeared while it was starting.",
                    "Start it again from the status page; if it keeps happening, check Docker Desktop.");
            case STOPPED -> {
                if (ctx.engine().logShowsExecFormatError(log)) {
                    throw new EmulationMissingException(image.platform(), ctx.session().engine().platform());
                }
                throw new AppStartFailedException("The workflow manager " + image.describe() + " stopped while starting"
                        + failed.exitCode().map(code -> " (exit code " + code + ")").orElse("") + "." + lastLines(log), hint);
            }
            case TIMED_OUT -> throw new AppStartFailedException("The workflow manager " + image.describe() + " did not answer within "
                    + ctx.options().healthTimeout().toSeconds() + " seconds." + lastLines(log), hint);
            default -> throw new IllegalStateException("unknown readiness outcome " + failed.reason());
        }
    }

    private void markRunning(RunnableImage image, String note) {
        ctx.session().running(image);
        remembered.remember(image); // the next start runs it at once (RememberedRelease)
        String emulation = image.emulated()
                ? " It runs under emulation (this release is built for " + image.platform() + " only), so it may be slower."
                : "";
        // Whether the release is signed is said once, calmly, in the page's Version box (status.image), not in every message.
        String message = ("The workflow manager " + image.describe() + " is ready at " + ctx.options().appUrl() + "." + emulation
                + " " + note).strip().replaceAll(" {2,}", " ");
        ctx.status().running(message, ctx.options().appUrl(), s -> s
                .withImage(Optional.of(LauncherContext.imageInfo(image)))
                .withContainer(s.container().map(c -> c.withStatus("running", "healthy")))
                .withUpdate(new UpdateInfo(s.update().remoteDigest().isPresent() && !s.update().remoteDigest().equals(image.digest())
                                && s.update().remoteDigest().flatMap(ctx.session()::refusal).isEmpty()
                                && !ctx.session().skipped().equals(s.update().remoteDigest()),
                        s.update().remoteDigest(), s.update().checkedAt(), s.update().error(),
                        s.update().offer().filter(o -> !image.digest().equals(Optional.of(o.digest()))),
                        s.update().remoteDigest().flatMap(ctx.session()::downgradeRefusal))));
    }

    /** Stops (SIGTERM, grace period, SIGKILL) and removes a container; the launcher forgets it first, so the watcher stays quiet. */
    void stopAndRemove(String id) {
        ctx.status().amend(s -> s.withAppUrl(Optional.empty())
                .withContainer(s.container().filter(c -> !c.id().equals(id))));
        ctx.engine().stop(id, ctx.options().stopGrace());
        ctx.engine().remove(id);
    }

    /** Stops and removes the launcher's container by name, if there is one; never another's. */
    void stopManaged() {
        Optional<ExistingContainer> c = ctx.engine().find(ctx.options().containerName());
        if (c.isPresent() && c.get().managed()) {
            stopAndRemove(c.get().id());
        }
        ctx.status().amend(s -> s.withContainer(Optional.empty()).withAppUrl(Optional.empty()));
    }

    static String lastLines(String log) {
        if (log == null || log.isBlank()) {
            return "";
        }
        String[] lines = log.strip().split("\\R");
        int from = Math.max(0, lines.length - LOG_LINES_IN_MESSAGES);
        return " Last lines of its log:\n" + String.join("\n", java.util.Arrays.copyOfRange(lines, from, lines.length));
    }

    /** The first line of an error's message without its full stop, to go inside another sentence. */
    static String firstLine(UserFacingException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        int cut = m.indexOf(" Last lines of its log:");
        return clause(cut >= 0 ? m.substring(0, cut) : m.lines().findFirst().orElse(""));
    }

    /** A sentence without its final full stop, to go inside parentheses of another. */
    static String clause(String sentence) {
        String s = sentence.strip();
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
