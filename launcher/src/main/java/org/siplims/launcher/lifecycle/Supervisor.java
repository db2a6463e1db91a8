package org.siplims.launcher.lifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.siplims.core.UserFacingException;
import org.siplims.core.docker.DockerUnavailableException;
import org.siplims.launcher.config.RememberedSettings;
import org.siplims.launcher.config.RememberedSettingsStore;
import org.siplims.core.docker.EngineInfo;
import org.siplims.launcher.paths.FolderRules;
import org.siplims.launcher.paths.HostFolder;
import org.siplims.launcher.status.DockerInfo;
import org.siplims.launcher.status.LauncherState;
import org.siplims.launcher.status.Status;
import org.siplims.core.image.Digest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The launcher's brain: runs every Docker operation on one worker thread, one after another, so
 * two actions never fight over the container. Requests from the API, the console and the timers
 * come here. Stop, restart, quit and a folder change cancel what the worker is doing (a pull, a
 * wait for Docker or for health) before they run; start and update wait their turn.
 */
public final class Supervisor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);
    private static final long WATCH_INTERVAL_MILLIS = 2000;
    /** What a person can do without a project folder: both ways to give one. */
    static final String NO_PROJECT_YET = "No project folder yet: choose one below, or start the launcher with --project FOLDER.";

    private final LauncherContext ctx;
    private final FolderRules folders;
    private final RememberedSettingsStore remembered;
    private final ImageSelector selector;
    private final AppRunner runner;
    private final UpdateSwitch updater;
    private final ContainerWatcher watcher;
    private final RememberedRelease lastRelease;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(daemon("launcher-worker"));
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(daemon("launcher-timers"));
    /** The container watcher's own thread: a slow update check (or engine call) on the timers never delays it, nor the reverse. */
    private final ScheduledExecutorService watching = Executors.newSingleThreadScheduledExecutor(daemon("launcher-watcher"));
    private final List<Future<?>> queued = new ArrayList<>();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    /** Whether {@link #begin} ran; read and written only under this object's lock. */
    private boolean begun;
    /** What this run knows and wants (the user's wish to run, quitting, the running image). */
    private final Session session;

    public Supervisor(LauncherContext ctx, FolderRules folders, RememberedSettingsStore remembered) {
        this.ctx = ctx;
        this.folders = folders;
        this.remembered = remembered;
        this.selector = new ImageSelector(ctx);
        this.runner = new AppRunner(ctx, folders);
        this.updater = new UpdateSwitch(ctx, selector, runner);
        this.session = ctx.session();
        this.watcher = new ContainerWatcher(ctx, this::engineLost);
        this.lastRelease = new RememberedRelease(ctx);
        // What an offered update changes is read beside the work, never on the worker's path.
        ctx.status().changes().subscribe(new UpdateChangesReader(ctx)::onStatus);
        session.skipped(remembered.load().skippedRelease().flatMap(Supervisor::digest));
    }

    private static Optional<Digest> digest(String text) {
        try {
            return Optional.of(Digest.parse(text));
        } catch (RuntimeException e) {
            return Optional.empty(); // a damaged entry: nothing is skipped
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    public Status status() {
        return ctx.status().get();
    }

    /** Starts the work: connect to Docker, choose and pull the image, run the app; then watch it and check for updates. */
    public synchronized void begin() {
        if (begun || session.quitting() || worker.isShutdown()) {
            return; // once only, and never after quit or close
        }
        begun = true;
        submit(this::bringUp);
        watching.scheduleWithFixedDelay(this::watchSafely, WATCH_INTERVAL_MILLIS, WATCH_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
        if (!ctx.options().offline()) {
            long every = ctx.options().updateCheckInterval().toMillis();
            timers.scheduleWithFixedDelay(this::scheduledUpdateCheck, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /** A future that completes when the launcher has quit (container stopped and removed). */
    public CompletableFuture<Void> terminated() {
        return terminated;
    }

    // ---- actions -------------------------------------------------------------------------------

    /**
     * Checks the folders at once (a bad one throws and changes nothing), remembers them, and
     * restarts the app with them when they differ from the running ones.
     */
    public synchronized Status changeFolders(FolderChange change) {
        refuseWhenQuitting();
        Status now = ctx.status().get();
        HostFolder project = field("path", () -> folders.check(change.project(), "project folder"));
        Optional<HostFolder> scripts = change.scripts().isEmpty() ? now.scripts()
                : change.scripts().get().isBlank() ? Optional.empty()
                : Optional.of(field("scripts", () -> folders.check(change.scripts().get(), "scripts folder")));
        Optional<String> workflow = change.workflow().isEmpty() ? now.workflow()
                : change.workflow().get().isBlank() ? Optional.empty() : Optional.of(field("workflow", () -> WorkflowName.check(change.workflow().get())));
        boolean same = now.project().equals(Optional.of(project)) && now.scripts().equals(scripts) && now.workflow().equals(workflow);
        Status after = ctx.status().amend(s -> s.withFolders(Optional.of(project), scripts, workflow));
        remember(after);
        LauncherState state = now.state();
        boolean upOrOnItsWay = state == LauncherState.RUNNING || state == LauncherState.STARTING || state == LauncherState.PULLING
                || state == LauncherState.CHECKING || state == LauncherState.DOCKER_UNAVAILABLE;
        if (!same) {
            // Other folders mean another container: cancel what runs and start over with these.
            preempt();
            if (upOrOnItsWay && state != LauncherState.DOCKER_UNAVAILABLE) {
                ctx.status().startingOver("Opening the project folder " + project + "…");
            }
            session.wantRunning(true);
            submit(this::bringUp);
        } else if (!upOrOnItsWay) {
            session.wantRunning(true);
            submit(this::bringUp);
        }
        return ctx.status().get();
    }

    /** Runs one field's check; a refusal names the field (the status page shows it beside that field). */
    private static <T> T field(String name, java.util.function.Supplier<T> check) {
        try {
            return check.get();
        } catch (UserFacingException e) {
            throw new FolderChangeRefusedException(name, e);
        }
    }

    /** Remembers the folders of this run for the next one. */
    public void remember(Status s) {
        remembered.save(new RememberedSettings(s.project().map(HostFolder::path), s.scripts().map(HostFolder::path), s.workflow(),
                session.skipped().map(Digest::toString)));
    }

    public synchronized Status start() {
        refuseWhenQuitting();
        LauncherState state = ctx.status().get().state();
        if (state == LauncherState.NEEDS_PROJECT || ctx.status().get().project().isEmpty()) {
            throw new ActionRefusedException("No project folder yet.", "Choose one under Folders, or start the launcher with --project FOLDER.");
        }
        session.wantRunning(true);
        if (state == LauncherState.STOPPED || state == LauncherState.ERROR) {
            submit(this::bringUp);
        }
        return ctx.status().get();
    }

    public synchronized Status stop() {
        refuseWhenQuitting();
        if (ctx.status().get().project().isEmpty()) {
            // Without a project folder the app was never started: stopping would only hide the
            // question the page is asking.
            throw new ActionRefusedException("Nothing to stop: no project folder is chosen yet, so the workflow manager is not running.",
                    "Choose one under Folders, or start the launcher with --project FOLDER.");
        }
        preempt();
        session.wantRunning(false);
        submit(this::stopApp);
        return ctx.status().get();
    }

    public synchronized Status restart() {
        refuseWhenQuitting();
        if (ctx.status().get().project().isEmpty()) {
            throw new ActionRefusedException("No project folder yet.", "Choose one under Folders, or start the launcher with --project FOLDER.");
        }
        preempt();
        session.wantRunning(true);
        submit(() -> {
            stopApp();
            bringUp();
        });
        return ctx.status().get();
    }

    /** Only asks the registry whether another release is offered; nothing is downloaded or restarted. */
    public synchronized Status checkForUpdates() {
        refuseWhenQuitting();
        refuseWhenOffline();
        submit(() -> {
            if (updater.check().isEmpty()) {
                ctx.status().say("Could not check for updates: " + ctx.status().get().update().error().orElse("the server did not answer."));
            } else if (ctx.status().get().update().refused().isPresent()) {
                ctx.status().say(ctx.status().get().update().refused().get().message()); // an older release refused: said as what it is
            } else if (!ctx.status().get().update().available() && session.running() != null) {
                ctx.status().say("The workflow manager " + session.running().describe() + " is the newest release.");
            }
        });
        return ctx.status().get();
    }

    /**
     * The user does not want the offered release: it is remembered (also for the next runs) and not
     * offered again; a newer release than it is offered as usual.
     */
    public synchronized Status skipUpdate() {
        refuseWhenQuitting();
        Optional<Digest> offered = ctx.status().get().update().offer().map(o -> o.digest())
                .or(() -> ctx.status().get().update().available() ? ctx.status().get().update().remoteDigest() : Optional.empty());
        if (offered.isEmpty()) {
            throw new ActionRefusedException("No update is offered, so there is nothing to skip.", "Choose Check for updates to look for one.");
        }
        session.skipped(offered);
        Status after = ctx.status().amend(s -> s.withUpdate(s.update().withoutOffer()));
        remember(after);
        return after;
    }

    private void refuseWhenOffline() {
        if (ctx.options().offline()) {
            throw new ActionRefusedException("The launcher runs offline (--offline), so it does not look for updates.",
                    "Start it without --offline to check for and download updates.");
        }
    }

    /** Installs the release the channel names now (the offered one), switching to it; rolls back when it does not start. */
    public synchronized Status update() {
        refuseWhenQuitting();
        refuseWhenOffline();
        submit(() -> task(() -> {
            String serving = session.containerId();
            try {
                if (updater.checkAndApply() instanceof UpdateOutcome.NotServing) {
                    bringUp();
                }
            } catch (DockerUnavailableException e) {
                throw e;
            } catch (UserFacingException e) {
                if (!stillServing(serving)) {
                    throw e;
                }
                keepServing(e);
            }
        }));
        return ctx.status().get();
    }

    /** Whether the container that served before an update is still the current one, and running. */
    private boolean stillServing(String before) {
        return before != null && before.equals(session.containerId())
                && ctx.engine().inspect(before).map(c -> c.running()).orElse(false);
    }

    /**
     * An update failed before the switch (the release could not be read, verified or downloaded):
     * the app that ran still runs, so the state stays RUNNING and the failure is told, not an ERROR.
     */
    private void keepServing(UserFacingException e) {
        String why = e.getMessage();
        ctx.status().running("The update failed, so the version you had keeps running: " + why, ctx.options().appUrl(), s -> s
                .withUpdate(s.update().withError(Optional.of(why))));
    }

    /** Stops and removes the app container, then completes {@link #terminated()}. Safe to call more than once. */
    public synchronized CompletableFuture<Void> quit() {
        if (session.quitting()) {
            return terminated;
        }
        session.quit();
        preempt();
        timers.shutdownNow();
        watching.shutdownNow();
        worker.execute(() -> {
            try {
                ctx.status().stopping("Stopping the workflow manager and quitting…");
                runner.stopManaged();
                ctx.status().stopped("The launcher has quit; the workflow manager is stopped.");
            } catch (RuntimeException e) {
                LOG.debug("Stopping the app while quitting failed", e);
                ctx.status().stopped("The launcher has quit. The app container could not be stopped: "
                        + (e instanceof UserFacingException u ? u.getMessage() : e.toString()));
            } finally {
                terminated.complete(null);
            }
        });
        return terminated;
    }

    /** The last lines of the app container's log. */
    public String logs(int tail) throws InterruptedException {
        String id = session.containerId();
        if (id == null) {
            id = ctx.engine().find(ctx.options().containerName()).filter(c -> c.managed()).map(c -> c.id()).orElse(null);
        }
        if (id == null) {
            throw new ActionRefusedException("There is no app container yet, so there is no log to show.", "Start the app first.");
        }
        return ctx.engine().logTail(id, tail);
    }

    /** Stops the launcher's own threads and leaves the container as it is, as if the launcher had been killed. */
    @Override
    public void close() {
        timers.shutdownNow();
        watching.shutdownNow();
        worker.shutdownNow();
        ctx.engine().close();
    }

    // ---- work on the worker thread ----------------------------------------------------------------

    private interface Work {
        void run() throws InterruptedException;
    }

    private void submit(Work work) {
        synchronized (this) {
            queued.removeIf(Future::isDone);
            queued.add(worker.submit(() -> task(work)));
        }
    }

    /** Cancels the running and the waiting work; what cancelled work leaves behind is found and handled by the next. */
    private synchronized void preempt() {
        queued.forEach(f -> f.cancel(true));
        queued.clear();
    }

    private void refuseWhenQuitting() {
        if (session.quitting()) {
            throw new ActionRefusedException("The launcher is quitting.", "Start it again to continue.");
        }
    }

    /** Runs work and turns every failure into a state with a message for a person. */
    private void task(Work work) {
        try {
            work.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // cancelled: the next work knows what to do
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                // Cancelled in the middle of an engine call, which then fails: not the engine's fault.
                LOG.debug("Cancelled work ended with", e);
                return;
            }
            report(e);
        }
    }

    private void report(RuntimeException failure) {
        try {
            throw failure;
        } catch (DockerUnavailableException e) {
            LOG.debug("Docker went away", e);
            ctx.status().dockerUnavailable(e.describe());
            if (!session.quitting() && session.wantRunning() && !Thread.currentThread().isInterrupted()) {
                submit(this::bringUp);
            }
        } catch (UserFacingException e) {
            ctx.status().failed(e.describe());
        } catch (RuntimeException e) {
            // Not foreseen: the person gets a sentence, the log file the details.
            LOG.error("Unexpected failure", e);
            // Never the exception's name or text: it means nothing to a scientist, and the log has it.
            ctx.status().failed("Something unexpected went wrong in the launcher. "
                    + "Try Restart; if it happens again, send the launcher's log to the maintainer.");
        }
    }

    /** From wherever the launcher is to a running app (or to the state that says what is missing). */
    private void bringUp() throws InterruptedException {
        EngineInfo engine = awaitDocker();
        Status s = ctx.status().get();
        if (s.project().isEmpty()) {
            ctx.status().needsProject(s.state() == LauncherState.NEEDS_PROJECT && !s.message().isEmpty()
                    ? s.message() : NO_PROJECT_YET);
            return;
        }
        // The folders were checked when chosen, but may have gone since (deleted, moved, a drive unmounted,
        // swapped for a link): checked here before any pull, and again where every container start is
        // prepared (AppRunner.prepare), whose resolved paths are what is mounted.
        folders.check(s.project().get().path(), "project folder");
        s.scripts().ifPresent(f -> folders.check(f.path(), "scripts folder"));
        // The release of last time, when it is here and may run, starts at once; the registry is asked
        // afterwards by the periodic update check's own path. Otherwise the registry decides first.
        Optional<ImageSelector.Choice> lastTime = lastRelease.startable(engine);
        ImageSelector.Choice choice = lastTime.isPresent() ? lastTime.get() : selector.choose(engine);
        runner.run(choice.image(), choice.note());
        // The release of last time, or the one on this computer while the channel names another (updates are
        // offered, never forced): the check describes the offer with its version and date.
        boolean offerWithoutDetails = ctx.status().get().update().available() && ctx.status().get().update().offer().isEmpty();
        if (lastTime.isPresent() || offerWithoutDetails) {
            checkForUpdatesNow();
        }
    }

    /** The periodic update check, once now, on the timer thread (the worker stays free for the user's actions). */
    private void checkForUpdatesNow() {
        try {
            timers.execute(this::scheduledUpdateCheck);
        } catch (java.util.concurrent.RejectedExecutionException quitting) {
            LOG.debug("Not checking for updates: the launcher is quitting");
        }
    }

    /** Asks the engine until it answers, reporting DOCKER_UNAVAILABLE meanwhile. */
    private EngineInfo awaitDocker() throws InterruptedException {
        while (true) {
            try {
                EngineInfo engine = ctx.engine().ping();
                session.engine(engine);
                ctx.status().amend(s -> s.withDocker(new DockerInfo(true, engine.version(), engine.describe(),
                        ctx.options().dockerHost().toString())));
                return engine;
            } catch (DockerUnavailableException e) {
                ctx.status().dockerUnavailable(e.describe());
                Thread.sleep(ctx.options().dockerRetryInterval().toMillis());
            }
        }
    }

    private void stopApp() {
        ctx.status().stopping("Stopping the workflow manager…");
        runner.stopManaged();
        ctx.status().stopped("The workflow manager is stopped. Start it again from the status page.");
    }

    // ---- timers -------------------------------------------------------------------------------

    private void watchSafely() {
        try {
            watcher.tick();
        } catch (RuntimeException e) {
            LOG.debug("Watching the container failed", e);
        }
    }

    private void engineLost() {
        synchronized (this) {
            LauncherState state = ctx.status().get().state();
            // RUNNING, or ERROR after the app stopped just before the engine went (see ContainerWatcher).
            if (session.quitting() || !session.wantRunning() || (state != LauncherState.RUNNING && state != LauncherState.ERROR)) {
                return;
            }
            // The container is forgotten: when Docker is back, bringUp looks for it by name again.
            ctx.status().dockerLost("Docker stopped answering.");
            submit(this::bringUp);
        }
    }

    private void scheduledUpdateCheck() {
        try {
            if (session.running() != null) {
                updater.check();
            }
        } catch (RuntimeException e) {
            LOG.debug("The scheduled update check failed", e);
        }
    }
}
