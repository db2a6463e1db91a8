package org.siplims.launcher.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.siplims.launcher.status.LauncherState;
import org.siplims.launcher.status.Status;
import org.siplims.core.testing.FixtureImages;
import org.siplims.core.testing.FixtureImages.Mode;
import org.siplims.launcher.testing.LauncherHarness;

/** Containers and ports the launcher does not own are reported, never touched; its own are replaced when they no longer fit. */
class ContainerConflictsIT {
    @Test
    void aPortTakenByAnotherProgramIsReportedNamingThePort() throws Exception {
        try (LauncherHarness h = new LauncherHarness("port");
             ServerSocket other = new ServerSocket(h.appPort, 1, InetAddress.getLoopbackAddress())) {
            h.fixtures.pushApp(h.repository.withTag("latest"), "1.0.0", Mode.HEALTHY);
            h.start();
            Status s = h.await(LauncherState.ERROR, Duration.ofSeconds(60));
            assertTrue(s.message().contains("Port " + other.getLocalPort()), s.message());
            assertTrue(s.message().contains("--app-port"), s.message());
        }
    }

    @Test
    void aContainerWithTheSameNameThatTheLauncherDidNotCreateIsLeftAlone() {
        try (LauncherHarness h = new LauncherHarness("foreign")) {
            FixtureImages.PushedImage app = h.fixtures.pushApp(h.repository.withTag("latest"), "1.0.0", Mode.HEALTHY);
            String id = h.fixtures.cli().run("run", "-d", "--init", "--name", h.containerName, app.pinned().toString());
            h.start();
            Status s = h.await(LauncherState.ERROR, Duration.ofSeconds(60));
            assertTrue(s.message().contains("did not create it"), s.message());
            assertEquals(id, h.inspectContainer().getId());
            assertTrue(h.inspectContainer().getState().getRunning(), "still running, untouched");
            h.quit();
            assertTrue(h.inspectContainer().getState().getRunning(), "quitting does not touch it either");
        }
    }

    @Test
    void anotherProjectFolderReplacesTheManagedContainerGracefully() throws Exception {
        try (LauncherHarness h = new LauncherHarness("switch")) {
            h.fixtures.pushApp(h.repository.withTag("latest"), "1.0.0", Mode.HEALTHY);
            h.start();
            String first = h.await(LauncherState.RUNNING, Duration.ofSeconds(60)).container().orElseThrow().id();
            Path other = Files.createDirectories(h.home.resolve("Project 43"));
            assertEquals(202, h.post("/api/project", "{\"path\": \"" + other + "\", \"scripts\": null, \"workflow\": \"SPS-CE\"}").status());
            Status s = h.await("running with the other project",
                    st -> st.state() == LauncherState.RUNNING && st.project().map(p -> p.path().equals(other.toString())).orElse(false)
                            && !st.container().map(c -> c.id()).orElse(first).equals(first),
                    Duration.ofSeconds(60));
            assertNotEquals(first, s.container().orElseThrow().id());
            var c = h.inspectContainer();
            assertEquals(1, c.getMounts().size(), "no scripts folder any more");
            assertEquals(other.toString(), c.getMounts().get(0).getSource());
            assertTrue(java.util.List.of(c.getConfig().getEnv()).contains("WORKFLOW_TYPE=SPS-CE"));
            assertTrue(java.util.List.of(c.getConfig().getEnv()).contains("PROJECT_NAME=Project 43"));
            assertTrue(Files.readString(h.settings.resolve("remembered.json")).contains("Project 43"));

            // Stop and start through the API.
            assertEquals(202, h.post("/api/stop", "").status());
            h.await(LauncherState.STOPPED, Duration.ofSeconds(30));
            assertTrue(!h.containerExists(), "stopped means stopped and removed");
            assertEquals(202, h.post("/api/start", "").status());
            h.await(LauncherState.RUNNING, Duration.ofSeconds(60));
            assertTrue(h.get("/api/logs?tail=5").body().contains("fixture app"), "the log is served");
        }
    }
}
