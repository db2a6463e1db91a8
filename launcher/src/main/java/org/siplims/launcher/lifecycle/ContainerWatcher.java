package org.siplims.launcher.lifecycle;

import java.util.Optional;
import org.siplims.core.docker.DockerUnavailableException;
import org.siplims.core.docker.EngineNotAnsweringException;
import org.siplims.launcher.status.DockerInfo;
import org.siplims.launcher.engine.ExistingContainer;
import org.siplims.launcher.status.LauncherState;

/**
 * Keeps an eye on the running app: a container that exits, or an app that stops answering its
 * health check three times in a row, is reported with the last lines of its log; an app that
 * answers again is reported ready again. It only reports; it never restarts anything.
 *
 * <p>It runs on its own timer, beside the worker. Every change it makes re-checks, inside the
 * status update ({@link org.siplims.launcher.status.StateMachine#appFailed}), that the container it looked at is still the launcher's current one and that the
 * app was meant to be running, so it never contradicts what the worker is doing.
 */
final class ContainerWatcher {
    private static final int FAILURES_BEFORE_UNHEALTHY = 3;
    private final LauncherContext ctx;
    private final Runnable onEngineLost;
    private int failures;
    private volatile boolean reportedUnhealthy;
    /** The container reported as stopped unexpectedly, still watched for the engine going away. */
    private volatile String exitedId;

    ContainerWatcher(LauncherContext ctx, Runnable onEngineLost) {
        this.ctx = ctx;
        this.onEngineLost = onEngineLost;
    }

    /**
     * A hung engine is not a stopped app: the container runs on without the engine's attention. The
     * state stays RUNNING (the app URL with it), the Docker box says Docker does not answer, and the
     * message says why; nothing is stopped or forgotten.
     */
    private void engineSilent(EngineNotAnsweringException e) {
        ctx.status().amend(s -> s.state() != LauncherState.RUNNING || !s.docker().available() ? s
                : s.with(s.state(), e.describe()).withDocker(new DockerInfo(false, s.docker().version())));
    }

    /** After {@link #engineSilent}: the engine replies again. */
    private void engineAnswers() {
        ctx.status().amend(s -> s.state() != LauncherState.RUNNING || s.docker().available() ? s
                : s.with(s.state(), "Docker answers again; the workflow manager is running at " + ctx.options().appUrl() + ".")
                        .withDocker(new DockerInfo(true, s.docker().version())));
    }

    void tick() {
        String id = ctx.session().containerId();
        LauncherState state = ctx.status().get().state();
        if (state == LauncherState.ERROR && id != null && id.equals(exitedId)) {
            // The app stopped. Quitting Docker Desktop stops the containers first and the engine after: when the
            // engine then goes away, say so, and come back with it.
            try {
                ctx.engine().inspect(id);
            } catch (DockerUnavailableException e) {
                exitedId = null;
                onEngineLost.run();
            }
            return;
        }
        boolean watching = state == LauncherState.RUNNING || (state == LauncherState.ERROR && reportedUnhealthy);
        if (id == null || !watching) {
            failures = 0;
            reportedUnhealthy = false;
            return;
        }
        try {
            Optional<ExistingContainer> c = ctx.engine().inspect(id);
            engineAnswers();
            if (c.isEmpty() || !c.get().running()) {
                String log = c.isPresent() ? ctx.engine().logTail(id, 40) : "";
                String message = "The workflow manager stopped unexpectedly"
                        + c.flatMap(ExistingContainer::exitCode).map(code -> " (exit code " + code + ")").orElse("")
                        + "." + AppRunner.lastLines(log) + "\nStart it again from the status page.";
                String status = c.map(ExistingContainer::status).orElse("removed");
                ctx.status().appFailed(id, message, status, "unhealthy");
                reportedUnhealthy = false;
                exitedId = id;
                return;
            }
            if (ctx.engine().healthy(ctx.options().appPort())) {
                failures = 0;
                if (reportedUnhealthy) {
                    reportedUnhealthy = false;
                    ctx.status().appRecovered(id, "The workflow manager answers again at " + ctx.options().appUrl() + ".",
                            ctx.options().appUrl());
                }
            } else if (++failures >= FAILURES_BEFORE_UNHEALTHY && !reportedUnhealthy) {
                String log = ctx.engine().logTail(id, 40);
                reportedUnhealthy = true;
                ctx.status().appFailed(id, "The workflow manager stopped answering its health check." + AppRunner.lastLines(log)
                        + "\nRestart it from the status page if it does not recover.", "running", "unhealthy");
            }
        } catch (EngineNotAnsweringException e) {
            engineSilent(e);
        } catch (DockerUnavailableException e) {
            onEngineLost.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
