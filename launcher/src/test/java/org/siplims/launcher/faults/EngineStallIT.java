package org.siplims.launcher.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.siplims.core.testing.FixtureImages.Mode;
import org.siplims.core.testing.faults.StallingEngineProxy;
import org.siplims.launcher.status.LauncherState;
import org.siplims.launcher.status.Status;
import org.siplims.launcher.testing.RawHttp;

/**
 * A Docker engine that stops answering without going away (a hung Docker Desktop): the launcher's
 * engine calls have a deadline (the stop grace plus 10 s, here 2 + 10 s), the container watcher runs
 * on its own thread, and the launcher says so while the app keeps running; Stop and Quit end within
 * the deadline instead of freezing.
 */
class EngineStallIT {
    private static final Duration STOP_GRACE = Duration.ofSeconds(2);
    /** The engine call deadline (grace + 10 s), a watch interval, and room for a loaded machine. */
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Test
    void aStalledEngineIsReportedWhileTheAppKeepsRunningAndStopAndQuitDoNotFreeze() throws Exception {
        try (FaultHarness h = new FaultHarness("stall");
             StallingEngineProxy engine = new StallingEngineProxy(h.env.dockerHost())) {
            h.fixtures.pushApp(h.repository.withTag("latest"), "1.0.0", Mode.HEALTHY);
            h.start(o -> o.withDockerHost(engine.dockerHost()).withTimeouts(o.healthTimeout(), STOP_GRACE, o.dockerRetryInterval()));
            Status running = h.await(LauncherState.RUNNING, Duration.ofSeconds(90));
            String id = running.container().orElseThrow().id();

            engine.stall();
            Status told = h.await("the engine trouble reported", s -> !s.docker().available(), DEADLINE);
            assertEquals(LauncherState.RUNNING, told.state(), "the running app is not given up for a silent engine: " + told.message());
            assertEquals(id, told.container().orElseThrow().id());
            assertTrue(h.appAnswers(), "the app keeps serving the user");
            assertEquals(200, h.get("/api/status").status(), "the page keeps answering");

            Instant asked = Instant.now();
            RawHttp.Response stop = h.post("/api/stop", "");
            assertEquals(202, stop.status(), stop.body());
            assertTrue(Duration.between(asked, Instant.now()).compareTo(Duration.ofSeconds(5)) < 0, "Stop answers at once");
            Status afterStop = h.await("Stop to end", s -> s.state() != LauncherState.STOPPING && s.state() != LauncherState.RUNNING,
                    DEADLINE);
            assertEquals(LauncherState.DOCKER_UNAVAILABLE, afterStop.state(), afterStop.message());
            assertFalse(afterStop.docker().available());

            Instant quitting = Instant.now();
            h.launcher().quit();
            h.launcher().terminated().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            System.out.println("ENGINE STALL: Stop ended after " + Duration.between(asked, quitting).toMillis()
                    + " ms, Quit after " + Duration.between(quitting, Instant.now()).toMillis() + " ms");
            engine.resume();
        }
    }
}
