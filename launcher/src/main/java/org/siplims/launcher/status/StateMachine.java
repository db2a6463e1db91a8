package org.siplims.launcher.status;

import static org.siplims.launcher.status.LauncherState.CHECKING;
import static org.siplims.launcher.status.LauncherState.DOCKER_UNAVAILABLE;
import static org.siplims.launcher.status.LauncherState.ERROR;
import static org.siplims.launcher.status.LauncherState.NEEDS_PROJECT;
import static org.siplims.launcher.status.LauncherState.PULLING;
import static org.siplims.launcher.status.LauncherState.RUNNING;
import static org.siplims.launcher.status.LauncherState.STARTING;
import static org.siplims.launcher.status.LauncherState.STOPPED;
import static org.siplims.launcher.status.LauncherState.STOPPING;

import java.net.URI;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The launcher's lifecycle, and the only way its {@link LauncherState} changes: every change is a
 * named transition below, checked against {@link #ALLOWED}. The {@link StatusStore} underneath
 * keeps the snapshot and announces changes in order; only this class (in the same package) may
 * write to it.
 *
 * <p>Details that do not change the state (pull progress, the image, the update check, the
 * container, the folders) go through {@link #amend}, which refuses to change the state.
 *
 * <p>An illegal transition is a programming error: it is logged and thrown as an
 * {@link IllegalTransitionException}, and the status stays as it was.
 */
public final class StateMachine {
    private static final Logger LOG = LoggerFactory.getLogger(StateMachine.class);

    /** Where each state may go. Failing, losing Docker and stopping are possible from everywhere. */
    static final Map<LauncherState, Set<LauncherState>> ALLOWED = table();

    private static Map<LauncherState, Set<LauncherState>> table() {
        Map<LauncherState, Set<LauncherState>> t = new EnumMap<>(LauncherState.class);
        // The first state (Status.initial); bringUp asks Docker, then the registry.
        t.put(CHECKING, EnumSet.of(CHECKING, NEEDS_PROJECT, PULLING, STARTING));
        // Docker is back: the project is asked for, or the image chosen.
        t.put(DOCKER_UNAVAILABLE, EnumSet.of(CHECKING, NEEDS_PROJECT));
        // A project folder was given (bringUp checks the registry next).
        t.put(NEEDS_PROJECT, EnumSet.of(NEEDS_PROJECT, CHECKING));
        // A download ends in starting the app; a failed update download keeps the old app running;
        // a folder change starts over.
        t.put(PULLING, EnumSet.of(PULLING, STARTING, RUNNING, CHECKING));
        // Healthy, or (after a folder change) back to checking the registry.
        t.put(STARTING, EnumSet.of(STARTING, RUNNING, CHECKING));
        // An update downloads and switches while the app runs; a folder change restarts it.
        t.put(RUNNING, EnumSet.of(RUNNING, PULLING, STARTING, CHECKING));
        // The watcher sees the app answer again; Start, Restart or an update bring it back.
        t.put(ERROR, EnumSet.of(RUNNING, CHECKING, NEEDS_PROJECT, PULLING, STARTING));
        // Stopped; or the stop was preempted (a folder change) and the app comes up again.
        t.put(STOPPING, EnumSet.of(STOPPED, CHECKING, NEEDS_PROJECT));
        // Start again; the project may be asked for after a quit's failure.
        t.put(STOPPED, EnumSet.of(CHECKING, NEEDS_PROJECT));
        for (LauncherState from : LauncherState.values()) {
            // From anywhere: a failure, Docker going away, a stop or a quit.
            t.get(from).addAll(EnumSet.of(ERROR, DOCKER_UNAVAILABLE, STOPPING));
            t.put(from, Collections.unmodifiableSet(t.get(from)));
        }
        return Collections.unmodifiableMap(t);
    }

    /** Whether the launcher may go from one state to the other. */
    public static boolean allowed(LauncherState from, LauncherState to) {
        return ALLOWED.get(from).contains(to);
    }

    /** Thrown for a transition the table does not allow: a mistake in the launcher's code, never the user's. */
    public static final class IllegalTransitionException extends IllegalStateException {
        private static final long serialVersionUID = 1L;
        IllegalTransitionException(LauncherState from, LauncherState to) {
            super("illegal launcher state transition " + from + " -> " + to);
        }
    }

    private final StatusStore store;

    public StateMachine(StatusStore store) {
        this.store = Objects.requireNonNull(store);
    }

    public Status get() {
        return store.get();
    }

    public EventBus<Status> changes() {
        return store.changes();
    }

    // ---- named transitions --------------------------------------------------------------------

    /** Asking the registry (or the engine's store, offline) which release to run. */
    public Status checking(String message) {
        return go(CHECKING, message, UnaryOperator.identity());
    }

    /** Docker answers but no project folder is chosen (or the chosen one is not usable). */
    public Status needsProject(String message) {
        return go(NEEDS_PROJECT, message, UnaryOperator.identity());
    }

    /** A release is being downloaded; {@link #pullProgress} reports how far. */
    public Status downloading(String message) {
        return go(PULLING, message, UnaryOperator.identity());
    }

    /** Bytes downloaded so far: kept only while the state is still {@link LauncherState#PULLING}. */
    public Status pullProgress(PullProgress progress) {
        return store.update(s -> s.state() == PULLING ? s.withPull(Optional.of(progress)) : s);
    }

    /** The app container is being created, started, replaced or waited for. */
    public Status starting(String message) {
        return go(STARTING, message, UnaryOperator.identity());
    }

    /** The app is restarted for other folders: it no longer serves at its address meanwhile. */
    public Status startingOver(String message) {
        return go(STARTING, message, s -> s.withAppUrl(Optional.empty()));
    }

    /** Switching from one release to another (an update, or going back after a failed one). */
    public Status switching(String message) {
        return go(STARTING, message, UnaryOperator.identity());
    }

    /**
     * The app answers at {@code appUrl}; {@code details} add what else is known now (image,
     * container health, update check) in the same change.
     */
    public Status running(String message, URI appUrl, UnaryOperator<Status> details) {
        return go(RUNNING, message, s -> details.apply(s.withAppUrl(Optional.of(appUrl))).withPull(Optional.empty()));
    }

    /** Stopping the app container (on request, before a restart, or while quitting). */
    public Status stopping(String message) {
        return go(STOPPING, message, UnaryOperator.identity());
    }

    public Status stopped(String message) {
        return go(STOPPED, message, UnaryOperator.identity());
    }

    /** No engine answers: its version is forgotten and the app does not serve. */
    public Status dockerUnavailable(String message) {
        return go(DOCKER_UNAVAILABLE, message, s -> s.withDocker(DockerInfo.UNKNOWN).withAppUrl(Optional.empty()));
    }

    /**
     * The engine went away under a running app: as {@link #dockerUnavailable}, and the container is
     * no longer the launcher's current one (it is looked for again when Docker is back).
     */
    public Status dockerLost(String message) {
        return go(DOCKER_UNAVAILABLE, message, s -> s.withDocker(DockerInfo.UNKNOWN).withAppUrl(Optional.empty())
                .withContainer(Optional.empty()));
    }

    /** Something needs the user's attention. A running app keeps its address (it may still serve). */
    public Status failed(String message) {
        return go(ERROR, message, s -> s.withAppUrl(s.state() == RUNNING ? s.appUrl() : Optional.empty()));
    }

    /**
     * The container watcher found the app stopped or not answering: an error, but only while
     * {@code containerId} is still the current container and the app was meant to serve (RUNNING
     * or ERROR), so the watcher never contradicts the worker. Returns whether it applied.
     */
    public boolean appFailed(String containerId, String message, String containerStatus, String health) {
        return ifCurrent(containerId, ERROR, message, s -> s.withContainer(s.container().map(c -> c.withStatus(containerStatus, health)))
                .withAppUrl(Optional.empty()));
    }

    /** The container watcher found the app answering again; same conditions as {@link #appFailed}. */
    public boolean appRecovered(String containerId, String message, URI appUrl) {
        return ifCurrent(containerId, RUNNING, message, s -> s.withContainer(s.container().map(c -> c.withStatus("running", "healthy")))
                .withAppUrl(Optional.of(appUrl)));
    }

    /** A new message in the same state (an update check that changed nothing, say). */
    public Status say(String message) {
        return store.update(s -> s.with(s.state(), message));
    }

    /**
     * Changes details that are not the state: image, container, update check, folders, Docker
     * version. Refuses (as an illegal transition) a change that would alter the state.
     */
    public Status amend(UnaryOperator<Status> change) {
        return store.update(s -> {
            Status after = change.apply(s);
            if (after.state() != s.state()) {
                throw illegal(s.state(), after.state());
            }
            return after;
        });
    }

    // ---- the checks ---------------------------------------------------------------------------

    private Status go(LauncherState to, String message, UnaryOperator<Status> also) {
        return store.update(s -> apply(s, to, message, also));
    }

    private boolean ifCurrent(String containerId, LauncherState to, String message, UnaryOperator<Status> also) {
        boolean[] applied = {false};
        store.update(s -> {
            boolean stillCurrent = s.container().map(ContainerInfo::id).equals(Optional.ofNullable(containerId))
                    && (s.state() == RUNNING || s.state() == ERROR);
            if (!stillCurrent) {
                return s;
            }
            applied[0] = true;
            return apply(s, to, message, also);
        });
        return applied[0];
    }

    private static Status apply(Status s, LauncherState to, String message, UnaryOperator<Status> also) {
        if (!allowed(s.state(), to)) {
            throw illegal(s.state(), to);
        }
        Status after = also.apply(s.with(to, message));
        if (after.state() != to) {
            throw illegal(to, after.state());
        }
        return after;
    }

    private static IllegalTransitionException illegal(LauncherState from, LauncherState to) {
        IllegalTransitionException e = new IllegalTransitionException(from, to);
        LOG.error("A bug in the launcher: {}", e.getMessage(), e);
        return e;
    }
}
