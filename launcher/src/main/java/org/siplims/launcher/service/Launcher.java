package org.siplims.launcher.service;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.siplims.core.UserFacingException;
import org.siplims.core.registry.RegistryClient;
import org.siplims.launcher.api.ApiServer;
import org.siplims.launcher.api.CsrfToken;
import org.siplims.launcher.api.LauncherActions;
import org.siplims.launcher.api.LoginLinks;
import org.siplims.launcher.api.OwnerSecret;
import org.siplims.launcher.startup.StartupArchive;
import org.siplims.launcher.config.InstanceLock;
import org.siplims.launcher.config.LauncherOptions;
import org.siplims.launcher.config.RememberedSettingsStore;
import org.siplims.launcher.console.ConsoleReporter;
import org.siplims.launcher.engine.AppEngine;
import org.siplims.launcher.engine.DockerAppEngine;
import org.siplims.launcher.mirror.MirrorRoute;
import org.siplims.launcher.mirror.MirroredEngine;
import org.siplims.launcher.mirror.MirroredReleases;
import org.siplims.launcher.mirror.MirroredVerifier;
import org.siplims.core.docker.EngineConnection;
import org.siplims.launcher.lifecycle.FolderChange;
import org.siplims.launcher.lifecycle.LauncherContext;
import org.siplims.launcher.lifecycle.Supervisor;
import org.siplims.launcher.lifecycle.WorkflowName;
import org.siplims.launcher.paths.FolderBrowser;
import org.siplims.launcher.paths.HostFolder;
import org.siplims.launcher.status.EventBus;
import org.siplims.launcher.status.StateMachine;
import org.siplims.launcher.status.Status;
import org.siplims.launcher.status.StatusStore;
import org.siplims.launcher.trust.ReleaseTrust;
import org.siplims.launcher.trust.TrustedKeySources;
import org.siplims.launcher.trust.VerifiedReleasesStore;
import org.siplims.launcher.release.ReleaseLookup;
import org.siplims.launcher.release.ReleaseSource;
import org.siplims.launcher.release.ReleaseVerifier;

/**
 * One running launcher: puts the parts together and starts them, the HTTP server first so the
 * status page answers before anything slow (Docker, the registry) is touched.
 */
public final class Launcher implements LauncherActions, AutoCloseable {
    /** The start-up archive is made a little after the page is up, once the first Docker steps are under way. */
    private static final long ARCHIVE_DELAY_SECONDS = 2;
    private final LauncherOptions options;
    private final StateMachine status;
    private final ApiServer server;
    private final OwnerSecret secret;
    private final Supervisor supervisor;
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final ConsoleReporter console;
    private final LauncherEnvironment env;
    private final Optional<StartupArchive> startupArchive = StartupArchive.ofThisProcess();
    private InstanceLock lock;
    /** Set by the first {@link #quit}; the later ones only answer the status. */
    private boolean quitting;
    /** At most this long for the last status events to reach their subscribers when quitting. */
    private static final java.time.Duration LAST_EVENTS_PATIENCE = java.time.Duration.ofSeconds(2);
    /** The engine, also asked directly by the start-up archive's training run ({@link #exerciseStartPath}). */
    private final AppEngine engine;

    private Launcher(LauncherOptions options, LauncherEnvironment env) {
        this.options = options;
        EventBus<Status> changes = new EventBus<>();
        this.status = new StateMachine(new StatusStore(Status.initial(Optional.empty(), Optional.empty(), Optional.empty()), changes));
        ConsoleReporter console = new ConsoleReporter(env.console(), env.terminal(), env.clock());
        changes.subscribe(console::accept);
        this.secret = OwnerSecret.loadOrCreate(options.configDirectory()); // before the server: nothing is served without it
        this.server = new ApiServer(options.statusPort(), this, changes, CsrfToken.random(), secret, new LoginLinks(secret, env.clock()));
        RememberedSettingsStore remembered = new RememberedSettingsStore(options.configDirectory(), console::warn, env.clock());
        Lazy<RegistryClient> registry = new Lazy<>(env.registry());
        ReleaseTrust trust = trust(options, env, registry, console);
        AppEngine engine = DockerAppEngine.of(new EngineConnection(options.dockerHost(), engineCallTimeout(options)));
        ReleaseVerifier verifier = ReleaseVerifier.of(trust);
        ReleaseSource releases = ReleaseSource.lazy(() -> new ReleaseLookup(registry.get()));
        if (options.mirror().isPresent()) {
            // The lab mirror carries the bytes; the origin still names the release and the signature still binds it.
            MirrorRoute route = new MirrorRoute(options.mirror().get());
            engine = new MirroredEngine(engine, route);
            ReleaseVerifier mirrored = new MirroredVerifier(trust, route.mirror());
            verifier = mirrored;
            releases = ReleaseSource.lazy(() -> new MirroredReleases(route.mirror(), registry.get(), mirrored, route));
        }
        this.engine = engine;
        LauncherContext ctx = new LauncherContext(options, engine, releases, verifier, status, env.clock());
        this.supervisor = new Supervisor(ctx, env.folders(), remembered);
        this.console = console;
        this.env = env;
    }

    /**
     * How long one engine call (but pulls and log streams) may wait for Docker's reply: the stop
     * grace (a stop legitimately takes that long) plus 10 s. A hung engine then ends Stop and Quit
     * within that time, reported as engine trouble.
     */
    static java.time.Duration engineCallTimeout(LauncherOptions options) {
        return options.stopGrace().plusSeconds(10);
    }

    /**
     * The trusted keys, read from files only (no network, so the page still answers at once). A key
     * file that cannot be read is not fatal here: the page says what is wrong and nothing runs.
     */
    private static ReleaseTrust trust(LauncherOptions options, LauncherEnvironment env, Supplier<RegistryClient> registry,
                                      ConsoleReporter console) {
        VerifiedReleasesStore verified = new VerifiedReleasesStore(options.configDirectory(), console::warn);
        try {
            TrustedKeySources.Loaded loaded = TrustedKeySources.load(env.shippedTrustedKeys().get(), options.configDirectory(),
                    options.trustedKeys());
            return ReleaseTrust.of(loaded.keys(), verified, registry);
        } catch (UserFacingException e) {
            console.warn(e.describe());
            return ReleaseTrust.broken(e, verified);
        } catch (RuntimeException e) {
            UserFacingException why = new UserFacingException("The trusted keys could not be read (" + e.getMessage() + ").",
                    "Check the file trusted-keys.pem in the settings folder and the one given with --trusted-keys.", e);
            console.warn(why.describe());
            return ReleaseTrust.broken(why, verified);
        }
    }

    /**
     * Starts a launcher: the HTTP server (failing at once if its port is taken), then the work.
     *
     * @throws UserFacingException when the status port is in use
     */
    public static Launcher start(LauncherOptions options, LauncherEnvironment env) {
        InstanceLock lock = InstanceLock.acquire(options.configDirectory(), options.statusUrl()); // one launcher per user
        Launcher launcher;
        try {
            launcher = new Launcher(options, env);
            launcher.lock = lock;
            launcher.server.start();
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
        launcher.console.announce(options.statusUrl().toString(), options.appUrl().toString());
        launcher.takeInitialFolders();
        // Docker (and the registry, when it must decide) are reached at once, beside serving the page:
        // nothing waits for the page's first answer or a fixed delay (issue 19).
        launcher.supervisor.begin();
        CompletableFuture<Void> pageUp = launcher.server.firstAnswer()
                .completeOnTimeout(null, ARCHIVE_DELAY_SECONDS, TimeUnit.SECONDS);
        // Started from the distribution: make its start-up archive if this computer has none yet
        // (a few seconds of background work, once; see StartupArchive).
        launcher.startupArchive.ifPresent(archive -> pageUp.thenRunAsync(() -> archive.makeInBackgroundIfStale(options.dockerHost()),
                CompletableFuture.delayedExecutor(ARCHIVE_DELAY_SECONDS, TimeUnit.SECONDS)));
        return launcher;
    }

    /**
     * For the start-up archive's training run: the questions a start asks the engine (the connection,
     * the app's container by name, the repository's images, the app's health probe), so their classes
     * go into the archive. Only questions: nothing is created, pulled, started or removed. Without an
     * engine they fail, which is fine: the transport's classes are loaded all the same.
     */
    public void exerciseStartPath() {
        try {
            engine.ping();
            engine.find(options.containerName());
            engine.best(options.channelReference());
        } catch (RuntimeException noEngine) {
            // nothing to learn from an engine that is not there
        }
        try {
            engine.healthy(options.statusPort()); // the probe's HTTP client, asked of this launcher's own server
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // as above
        }
    }

    /** The folders from the options (command line, config file or remembered), checked; a bad one is reported, not fatal. */
    private void takeInitialFolders() {
        if (options.project().isEmpty()) {
            return;
        }
        try {
            HostFolder project = env.folders().check(options.project().get(), "project folder");
            Optional<HostFolder> scripts = options.scripts().map(s -> env.folders().check(s, "scripts folder"));
            Optional<String> workflow = options.workflow().map(WorkflowName::check);
            Status s = status.amend(st -> st.withFolders(Optional.of(project), scripts, workflow));
            supervisor.remember(s);
        } catch (UserFacingException e) {
            status.needsProject(e.describe());
        }
    }

    /** Calls {@code listener} with every status change, in order, on the event thread. Returns an unsubscribe action. */
    public Runnable subscribe(java.util.function.Consumer<Status> listener) {
        return status.changes().subscribe(listener);
    }

    /** A fresh one-time link that signs the browser in (opened in the browser, or printed when none is opened). */
    public java.net.URI newSignInLink() {
        return server.newSignInLink();
    }

    /** Prints a fresh one-time link on the console, for a user whose browser was not opened. */
    public void printSignInLink() {
        console.signInLink(newSignInLink().toString());
    }

    /** The {@code Authorization} header value for the launcher's own requests to its API (the start-up archive's training run). */
    public String ownAuthorization() {
        return secret.bearerHeader();
    }

    public LauncherOptions options() {
        return options;
    }

    /** Completes when the launcher has quit (through the API, Ctrl+C or {@link #quitAndWait}). */
    public CompletableFuture<Void> terminated() {
        return terminated;
    }

    @Override
    public Status status() {
        return status.get();
    }

    @Override
    public Status changeFolders(FolderChange change) {
        return supervisor.changeFolders(change);
    }

    @Override
    public Status start() {
        return supervisor.start();
    }

    @Override
    public Status stop() {
        return supervisor.stop();
    }

    @Override
    public Status restart() {
        return supervisor.restart();
    }

    @Override
    public Status update() {
        return supervisor.update();
    }

    @Override
    public FolderBrowser.Listing listFolders(Optional<String> path) {
        return new FolderBrowser(env.folders(), env.folders().home()).list(path);
    }

    @Override
    public Status checkForUpdates() {
        return supervisor.checkForUpdates();
    }

    @Override
    public Status skipUpdate() {
        return supervisor.skipUpdate();
    }

    @Override
    public synchronized Status quit() {
        if (quitting) {
            return status.get(); // Ctrl+C after Quit, or the exit's own shutdown hook: once is enough
        }
        quitting = true;
        // A start-up archive being made is ended beside the container's stop, not before it (and not
        // on the thread answering POST /api/quit: ending the child may take a moment).
        CompletableFuture<Void> archiveEnded = startupArchive
                .map(archive -> CompletableFuture.runAsync(archive::cancel, r -> new Thread(r, "launcher-quit-archive").start())
                        .exceptionally(e -> null))
                .orElse(CompletableFuture.completedFuture(null));
        supervisor.quit().whenComplete((ok, failure) -> {
            // The answer to POST /api/quit left long ago (it does not wait for the stop). The last
            // events (STOPPED) reach the page and the console as soon as they are delivered, not
            // after a fixed pause; then the server goes.
            archiveEnded.join();
            status.changes().drainAndClose(LAST_EVENTS_PATIENCE);
            server.close();
            supervisor.close();
            lock.close();
            terminated.complete(null);
        });
        return status.get();
    }

    /** Quits and waits until the container is stopped and removed. */
    public void quitAndWait() {
        quit();
        terminated.join();
    }

    @Override
    public String logs(int tail) throws InterruptedException {
        return supervisor.logs(tail);
    }

    /** Stops the launcher's threads and server but leaves the container running: as if the process had been killed. */
    @Override
    public void close() {
        startupArchive.ifPresent(StartupArchive::cancel);
        supervisor.close();
        server.close();
        lock.close();
        terminated.complete(null);
    }

    /** Makes a value on first use: the registry client is not needed to serve the page. */
    private static final class Lazy<T> implements Supplier<T> {
        private final Supplier<T> maker;
        private T value;

        Lazy(Supplier<T> maker) {
            this.maker = maker;
        }

        @Override
        public synchronized T get() {
            if (value == null) {
                value = maker.get();
            }
            return value;
        }
    }
}
