package org.siplims.core.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Waits until an app in a container is ready: its health path on a loopback port answers 200 while
 * the container runs. Between probes it checks that the container still runs, so an app that
 * crashes is reported at once with its exit code and last lines, not after the timeout.
 * Interruptible: a cancelled wait ends with {@link InterruptedException}.
 */
public final class Readiness {
    private final EngineConnection engine;
    private final LoopbackHealth health;
    private final Polling polling;
    private final int logLines;
    private final Clock clock;

    /**
     * @param logLines how many of the container's last lines a failure carries
     * @param clock    for the timeout and the polling pace
     */
    public Readiness(EngineConnection engine, LoopbackHealth health, Polling polling, int logLines, Clock clock) {
        this.engine = engine;
        this.health = health;
        this.polling = polling;
        this.logLines = logLines;
        this.clock = clock;
    }

    /**
     * How often to probe: every {@code quickInterval} for the first {@code quickFor}, while someone is most likely
     * waiting and the app usually comes up, then every {@code slowInterval}.
     */
    public record Polling(Duration quickFor, Duration quickInterval, Duration slowInterval) {
        public static Polling every(Duration interval) {
            return new Polling(Duration.ZERO, interval, interval);
        }

        /** The pause before the next probe, this long after the wait began. */
        public Duration pauseAfter(Duration elapsed) {
            return elapsed.compareTo(quickFor) < 0 ? quickInterval : slowInterval;
        }
    }

    /**
     * Where the app answers: {@code path} on a loopback host port, either a fixed one or the one the
     * engine published for {@code containerPort} (looked up once the container runs).
     */
    public record Endpoint(String path, Optional<Integer> hostPort, int containerPort) {
        public static Endpoint onHostPort(int hostPort, String path) {
            return new Endpoint(path, Optional.of(hostPort), 0);
        }

        public static Endpoint publishedFrom(int containerPort, String path) {
            return new Endpoint(path, Optional.empty(), containerPort);
        }
    }

    /** How a wait ended: {@link Ready} or {@link NotReady}. */
    public sealed interface Outcome permits Ready, NotReady {
    }

    /** The health path answered 200 this long after the wait began. */
    public record Ready(Duration took) implements Outcome {
    }

    public enum Reason {
        /** The container stopped before the app answered. */
        STOPPED,
        /** The container was removed while the app was starting. */
        VANISHED,
        /** The container runs, but the app did not answer 200 in time. */
        TIMED_OUT
    }

    /**
     * The app did not become ready.
     *
     * @param exitCode        the container's exit code, when it stopped
     * @param containerStatus the engine's word for the container's state: running, exited, …
     * @param lastAnswer      the last probe's answer in short words ("last answer HTTP 404", "not answering yet")
     * @param waited          how long the wait lasted
     * @param logTail         the container's last lines of output (empty when it vanished)
     */
    public record NotReady(Reason reason, Optional<Integer> exitCode, String containerStatus, String lastAnswer, Duration waited,
                           List<String> logTail) implements Outcome {
        public NotReady {
            logTail = List.copyOf(logTail);
        }
    }

    /**
     * Probes until the app answers 200, the container stops or vanishes, or {@code timeout} has passed.
     *
     * @throws DockerUnavailableException when the engine goes away meanwhile
     * @throws InterruptedException       when the wait is cancelled
     */
    public Outcome await(String containerId, Endpoint endpoint, Duration timeout) throws InterruptedException {
        Instant started = clock.instant();
        Instant deadline = started.plus(timeout);
        Optional<Integer> port = endpoint.hostPort();
        String lastAnswer = new LoopbackHealth.Answer(0).describe();
        while (true) {
            Optional<InspectContainerResponse> container = inspect(containerId);
            if (container.isEmpty()) {
                return new NotReady(Reason.VANISHED, Optional.empty(), "removed", lastAnswer, since(started), List.of());
            }
            InspectContainerResponse.ContainerState state = container.get().getState();
            if (state == null || !Boolean.TRUE.equals(state.getRunning())) {
                Optional<Integer> exitCode = Optional.ofNullable(state == null ? null : state.getExitCodeLong()).map(Long::intValue);
                String status = state == null || state.getStatus() == null ? "unknown" : state.getStatus();
                return new NotReady(Reason.STOPPED, exitCode, status, lastAnswer, since(started), logTail(containerId));
            }
            if (port.isEmpty()) {
                port = publishedPort(container.get(), endpoint.containerPort());
            }
            if (port.isPresent()) {
                LoopbackHealth.Answer answer = health.ask(port.get(), endpoint.path());
                if (answer.ok()) {
                    return new Ready(since(started));
                }
                lastAnswer = answer.describe();
            }
            if (clock.instant().isAfter(deadline)) {
                return new NotReady(Reason.TIMED_OUT, Optional.empty(), "running", lastAnswer, since(started), logTail(containerId));
            }
            Thread.sleep(polling.pauseAfter(since(started)).toMillis());
        }
    }

    private Optional<InspectContainerResponse> inspect(String containerId) {
        try {
            return Optional.of(engine.client().inspectContainerCmd(containerId).exec());
        } catch (NotFoundException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            throw engine.translate(e);
        }
    }

    /** The host port the engine published for a container port; empty until it has (or once the container stopped). */
    private static Optional<Integer> publishedPort(InspectContainerResponse container, int containerPort) {
        if (container.getNetworkSettings() == null || container.getNetworkSettings().getPorts() == null) {
            return Optional.empty();
        }
        Map<ExposedPort, Ports.Binding[]> bindings = container.getNetworkSettings().getPorts().getBindings();
        Ports.Binding[] forPort = bindings == null ? null : bindings.get(ExposedPort.tcp(containerPort));
        if (forPort == null || forPort.length == 0 || forPort[0].getHostPortSpec() == null) {
            return Optional.empty();
        }
        return Optional.of(Integer.parseInt(forPort[0].getHostPortSpec()));
    }

    private List<String> logTail(String containerId) throws InterruptedException {
        try {
            return ContainerLogs.tail(engine.client(), containerId, logLines);
        } catch (RuntimeException e) {
            RuntimeException translated = engine.translate(e);
            if (translated instanceof DockerUnavailableException) {
                throw translated;
            }
            String why = translated instanceof EngineRefusedException refused ? refused.reason() : String.valueOf(e.getMessage());
            return List.of("(the container's output could not be read: " + why + ")");
        }
    }

    private Duration since(Instant start) {
        return Duration.between(start, clock.instant());
    }
}
