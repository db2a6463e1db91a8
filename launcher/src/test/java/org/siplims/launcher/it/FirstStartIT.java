package org.siplims.launcher.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.siplims.core.testing.TestEnvironment;
import org.siplims.launcher.service.Launcher;
import org.siplims.core.testing.FixtureImages;
import org.siplims.launcher.status.LauncherState;
import org.siplims.launcher.status.Status;
import org.siplims.launcher.testing.LauncherHarness;

/**
 * A lab user's first start (nothing on the machine yet), a restart of the launcher while the app
 * runs (adopted, not recreated), and quitting (no container left behind), on every engine.
 */
class FirstStartIT {
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.siplims.core.testing.TestEnvironment#everyEngine")
    void firstStartPullsAndRunsThePinnedImageThenARestartAdoptsItAndQuitRemovesIt(TestEnvironment.Engine engine) throws Exception {
        try (LauncherHarness h = new LauncherHarness("first", engine)) {
            FixtureImages.PushedImage v1 = h.fixtures.pushApp(h.repository.withTag("latest"), "1.0.0", FixtureImages.Mode.HEALTHY);
            h.fixtures.removeLocal(v1.reference().toString()); // the build left a local copy: a first start has none
            h.fixtures.removeLocal(v1.imageId());
            assertTrue(h.fixtures.cli().exec(null, "image", "inspect", v1.imageId()).exitCode() != 0, "no local image before the start");

            Launcher launcher = h.start();
            // The status API answers at once, before Docker or the registry is asked anything.
            assertEquals(200, h.get("/api/status").status());
            Status running = h.await(LauncherState.RUNNING, Duration.ofSeconds(90));

            // Pulled with progress, then run pinned by digest.
            assertTrue(h.seen.stream().anyMatch(s -> s.state() == LauncherState.PULLING && s.pull().isPresent()), "pull progress was reported");
            assertTrue(h.seen.stream().anyMatch(s -> s.pull().map(p -> p.bytesTotal() > 0 && p.bytesDone() == p.bytesTotal()).orElse(false)),
                    "the pull reached its total");
            assertTrue(h.consoleText().contains("%  "), "the console showed a progress bar:\n" + h.consoleText());
            assertEquals(Optional.of(v1.digest()), running.image().orElseThrow().digest());
            assertEquals(Optional.of(URI.create("http://localhost:" + h.appPort + "/")), running.appUrl());
            assertEquals("healthy", running.container().orElseThrow().health());

            InspectContainerResponse c = h.inspectContainer();
            assertEquals(v1.pinned().toString(), c.getConfig().getImage(), "created from repo@sha256:…, never a tag");
            assertEquals("true", c.getConfig().getLabels().get("org.siplims.launcher.managed"));
            assertTrue(c.getHostConfig().getInit(), "runs with an init, so SIGTERM stops it quickly");
            assertEquals("/data", c.getConfig().getWorkingDir());
            List<String> envVars = List.of(c.getConfig().getEnv());
            assertTrue(envVars.contains("PROJECT_NAME=Project 42"), envVars.toString());
            assertTrue(envVars.contains("WORKFLOW_TYPE=SIP"), envVars.toString());
            assertTrue(envVars.contains("APP_ENV=production"), envVars.toString());
            assertMount(c, h.project, "/data");
            assertMount(c, h.scripts, "/workflow-scripts");
            Ports.Binding[] bindings = c.getHostConfig().getPortBindings().getBindings().get(ExposedPort.tcp(8501));
            assertEquals(1, bindings.length);
            assertEquals("127.0.0.1", bindings[0].getHostIp(), "published on loopback only");
            assertEquals(Integer.toString(h.appPort), bindings[0].getHostPortSpec());

            // The app answers, and what it writes into the project belongs to the folder's owner.
            HttpClient http = HttpClient.newHttpClient();
            assertEquals(200, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + h.appPort + "/_stcore/health")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode());
            String me = LauncherHarness.FOLDER_OWNER + ":" + LauncherHarness.FOLDER_OWNER;
            assertEquals(me, c.getConfig().getUser(), "the container runs as the project folder's owner (the tests run as root)");
            Path written = h.project.resolve(".fixture-app-was-here");
            assertTrue(Files.exists(written), "the app wrote into the project folder");
            assertEquals(Integer.parseInt(me.split(":")[0]), Files.getAttribute(written, "unix:uid"));
            assertEquals(Integer.parseInt(me.split(":")[1]), Files.getAttribute(written, "unix:gid"));

            // The launcher is killed (not quit) and started again: it adopts the running container.
            String id = c.getId();
            String startedAt = c.getState().getStartedAt();
            launcher.close();
            assertTrue(h.inspectContainer().getState().getRunning(), "killing the launcher leaves the app running");
            h.seen.clear();
            h.start();
            Status adopted = h.await(LauncherState.RUNNING, Duration.ofSeconds(60));
            assertEquals(id, adopted.container().orElseThrow().id());
            assertEquals(startedAt, h.inspectContainer().getState().getStartedAt(), "not restarted");
            assertTrue(adopted.message().contains("Reconnected"), adopted.message());
            assertFalse(h.seen.stream().anyMatch(s -> s.state() == LauncherState.PULLING), "nothing pulled again");

            // The launcher remembered the folders for the next run.
            String remembered = Files.readString(h.settings.resolve("remembered.json"));
            assertTrue(remembered.contains("Project 42") && remembered.contains("SIP"), remembered);

            // Quit through the API: the container is stopped and removed, the project folder untouched.
            Files.writeString(h.project.resolve("results.csv"), "sample,value\n1,2\n");
            assertEquals(202, h.post("/api/quit", "").status());
            h.launcher().terminated().get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertFalse(h.containerExists(), "no container left behind");
            assertEquals("sample,value\n1,2\n", Files.readString(h.project.resolve("results.csv")));
            assertTrue(Files.exists(written));
            assertNotEquals(LauncherState.RUNNING, h.launcher().status().state());
        }
    }

    private static void assertMount(InspectContainerResponse c, Path source, String destination) {
        InspectContainerResponse.Mount mount = c.getMounts().stream()
                .filter(m -> m.getDestination() != null && destination.equals(m.getDestination().getPath()))
                .findFirst().orElseThrow(() -> new AssertionError("no mount at " + destination + ": " + c.getMounts()));
        assertEquals(source.toString(), mount.getSource());
        assertTrue(mount.getRW(), destination + " is writable");
    }

}
