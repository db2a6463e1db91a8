package org.siplims.launcher.engine;

import java.time.Clock;
import java.time.Duration;
import org.siplims.core.docker.EngineConnection;
import org.siplims.core.docker.LoopbackHealth;
import org.siplims.core.docker.Readiness;

/** Asks the app the question Streamlit answers when it is ready: GET /_stcore/health → 200. */
public final class HealthProbe {
    public static final String HEALTH_PATH = "/_stcore/health";
    /**
     * While the app starts, probes come every 20 ms for the first ten seconds, while someone is most
     * likely waiting for it, then twice a second (each round is a container inspection and a GET on
     * loopback, about 2 ms of work here). A tight poll, not an event: the engine's only events for
     * this are health-check events, which need a HEALTHCHECK in the image and come at its interval
     * (30 s by default), and the published port accepts connections (the engine's proxy) long
     * before the app does, so neither tells sooner than this.
     */
    public static final Readiness.Polling STARTUP_POLLING =
            new Readiness.Polling(Duration.ofSeconds(10), Duration.ofMillis(20), Duration.ofMillis(500));
    /** How many of the container's last lines a failed start keeps for its message. */
    public static final int STARTUP_LOG_LINES = 40;

    private final LoopbackHealth health = new LoopbackHealth(Duration.ofSeconds(2));

    /** True when the app on this loopback port answers its health path with 200 within two seconds. */
    public boolean healthy(int appPort) throws InterruptedException {
        return health.ask(appPort, HEALTH_PATH).ok();
    }

    /**
     * The wait for a starting app, at the launcher's pace, with this probe: {@code await(containerId,
     * Readiness.Endpoint.onHostPort(appPort, HEALTH_PATH), healthTimeout)}.
     */
    public Readiness startupWait(EngineConnection docker, Clock clock) {
        return new Readiness(docker, health, STARTUP_POLLING, STARTUP_LOG_LINES, clock);
    }
}
