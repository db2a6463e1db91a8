package org.siplims.launcher.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.siplims.launcher.status.LauncherState;
import org.siplims.launcher.status.Status;
import org.siplims.core.testing.FixtureImages;
import org.siplims.core.testing.FixtureImages.Mode;
import org.siplims.core.testing.faults.DedicatedEngine;

/**
 * Faults of the Docker engine itself, on a dedicated engine the test starts (never the shared
 * one): stopped while the app runs and started again, and a data root that fills up during the
 * download of an update (a small tmpfs).
 */
class EngineFaultsIT {
    private static String managedContainers(DedicatedEngine engine, String name) {
        return engine.docker("ps", "-a", "-q", "--filter", "name=^/" + name + "$").stdout().trim();
    }

    @Test
    void theEngineStoppedWhileTheAppRunsIsReportedAndTheLauncherRecoversByItself() throws Exception {
        try (DedicatedEngine engine = new DedicatedEngine(0); FaultHarness h = new FaultHarness("enginestop")) {
            h.fixtures.pushApp(h.repository.withTag("latest"), "1.0.0", Mode.HEALTHY);
            h.start(o -> o.withDockerHost(engine.host()));
            h.await(LauncherState.RUNNING, Duration.ofSeconds(120));
            Map<String, String> work = h.writeWork();
            assertTrue(h.appAnswers());

            // Quitting Docker Desktop: the engine stops its containers, then itself. Done in two steps, so the
            // launcher meets both, in that order, every time.
            engine.docker("stop", h.containerName);
            Status exited = h.await(LauncherState.ERROR, Duration.ofSeconds(30));
            System.out.println("container stopped by the engine -> " + exited.state() + ": " + exited.message().lines().findFirst().orElse(""));
            engine.stop();
            Status down = h.await(LauncherState.DOCKER_UNAVAILABLE, Duration.ofSeconds(30));
            System.out.println("engine stopped -> " + down.state() + ": " + down.message());
            assertTrue(down.appUrl().isEmpty(), "no app URL while Docker is down");
            assertEquals(200, h.get("/api/status").status(), "the status page still answers");

            engine.start();
            Status back = h.await(LauncherState.RUNNING, Duration.ofSeconds(90));
            System.out.println("engine started again -> " + back.state() + ": " + back.message());
            assertTrue(h.appAnswers(), "the app answers again");
            assertEquals(1, managedContainers(engine, h.containerName).lines().count(), "exactly one app container, no duplicate");
            h.assertProjectUntouched(work);
            h.quit();
            assertEquals("", managedContainers(engine, h.containerName), "none left after quitting");
        }
    }

    @Test
    void aDiskThatFillsUpDuringTheDownloadOfAnUpdateLeavesTheRunningAppAlone() throws Exception {
        try (DedicatedEngine engine = new DedicatedEngine(48); FaultHarness h = new FaultHarness("diskfull")) {
            h.fixtures.pushApp(h.repository.withTag("latest"), "1.0.0", Mode.HEALTHY);
            h.start(o -> o.withDockerHost(engine.host()));
            String container = h.await(LauncherState.RUNNING, Duration.ofSeconds(120)).container().orElseThrow().id();
            Map<String, String> work = h.writeWork();

            // 2.0.0 carries 64 MB that cannot be compressed: more than the engine's 48 MB data root has left.
            FixtureImages.PushedImage v2 = RegistryFaultsIT.pushWithOwnLayer(h, h.repository.withTag("latest"), "2.0.0-big", 64 << 20);
            h.fixtures.removeLocal(v2.reference().toString());
            h.fixtures.removeLocal(v2.imageId());
            assertEquals(202, h.post("/api/update", "").status());
            Status after = h.await("the failed download", st -> st.message().contains("update failed") || st.state() == LauncherState.ERROR,
                    Duration.ofSeconds(120));
            System.out.println("disk full during the pull -> " + after.state() + ": " + after.message());
            assertTrue(after.message().contains("no space left") || after.message().contains("space"), after.message());
            FaultHarness.sleep(2500);
            Status settled = h.launcher().status();
            assertEquals(LauncherState.RUNNING, settled.state(), settled.message());
            assertEquals(container, settled.container().orElseThrow().id(), "the same container");
            assertTrue(h.appAnswers(), "the old app still answers");
            assertEquals(Optional.empty(), settled.pull(), "no download shown as in progress");
            h.assertProjectUntouched(work);
        }
    }
}
