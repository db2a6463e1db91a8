package org.siplims.launcher.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.siplims.launcher.status.LauncherState;
import org.siplims.launcher.status.Status;
import org.siplims.core.testing.FixtureImages;
import org.siplims.core.testing.FixtureImages.Mode;
import org.siplims.launcher.testing.LauncherHarness;

/**
 * The launcher keeps watching the app, offers updates without restarting by itself, and quits
 * cleanly when the process gets SIGTERM (as Ctrl+C or a logout sends).
 */
class WatchAndQuitIT {
    @Test
    void anAppThatCrashesOrExitsIsReportedWithItsLastLogLines() {
        try (LauncherHarness h = new LauncherHarness("crash")) {
            h.fixtures.pushApp(h.repository.withTag("latest"), "1.0.0", Mode.CRASHES);
            h.start();
            Status s = h.await(LauncherState.ERROR, Duration.ofSeconds(60));
            assertTrue(s.message().contains("stopped while starting (exit code 3)"), s.message());
            assertTrue(s.message().contains("fixture app: simulated crash"), "the last log lines: " + s.message());
        }
        try (LauncherHarness h = new LauncherHarness("exit")) {
            h.fixtures.pushApp(h.repository.withTag("latest"), "1.0.0", Mode.HEALTHY);
            h.start();
            h.await(LauncherState.RUNNING, Duration.ofSeconds(60));
            h.fixtures.cli().run("kill", h.containerName);
            Status s = h.await(LauncherState.ERROR, Duration.ofSeconds(20));
            assertTrue(s.message().contains("stopped unexpectedly"), s.message());
            assertTrue(s.message().contains("fixture app"), "the last log lines: " + s.message());
            assertTrue(s.appUrl().isEmpty());
            // Restart brings it back.
            assertEquals(202, h.post("/api/restart", "").status());
            h.await(LauncherState.RUNNING, Duration.ofSeconds(60));
        }
    }

    @Test
    void aScheduledCheckOffersTheUpdateButNeverRestartsTheApp() {
        try (LauncherHarness h = new LauncherHarness("offer")) {
            FixtureImages.PushedImage v1 = h.fixtures.pushApp(h.repository.withTag("latest"), "1.0.0-offer", Mode.HEALTHY);
            h.checkForUpdatesEvery(Duration.ofSeconds(1)).start();
            String id = h.await(LauncherState.RUNNING, Duration.ofSeconds(60)).container().orElseThrow().id();
            FixtureImages.PushedImage v2 = h.fixtures.pushApp(h.repository.withTag("latest"), "2.0.0-offer", Mode.HEALTHY);
            Status offered = h.await("the update offered", s -> s.update().available(), Duration.ofSeconds(20));
            assertEquals(v2.digest(), offered.update().remoteDigest().orElseThrow());
            LauncherHarness.sleep(2500); // a few more checks
            Status later = h.launcher().status();
            assertEquals(LauncherState.RUNNING, later.state());
            assertEquals(id, later.container().orElseThrow().id(), "the app was not restarted");
            assertEquals(v1.digest(), later.image().orElseThrow().digest().orElseThrow());
            // With the time, and the version when the release has one (these fixtures carry no version label,
            // so the short digest names it; the page tests check a labelled release): issue 16, finding 2.
            assertTrue(h.consoleText().lines().anyMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d .*Update available: "
                    + v2.digest().shortForm() + " .*")), h.consoleText());
        }
    }

    @Test
    void sigtermStopsAndRemovesTheContainerAndExits() throws Exception {
        try (LauncherHarness h = new LauncherHarness("sigterm")) {
            h.fixtures.pushApp(h.repository.withTag("latest"), "1.0.0", Mode.HEALTHY);
            // Some options from a config file, the rest on the command line, as a user might.
            Path config = Files.writeString(h.home.resolve("launcher.conf"),
                    "# written by the test\nimage = " + h.repository + "\nname = " + h.containerName + "\nworkflow = SIP\n");
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "org.siplims.launcher.Main",
                    "--config", config.toString(), "--project", h.project.toString(), "--no-browser",
                    "--app-port", Integer.toString(h.appPort), "--status-port", Integer.toString(h.statusPort),
                    "--stop-grace-seconds", "5", "--docker-host", h.env.dockerHost().toString(), "--settings-dir", h.settings.toString()));
            Path log = h.home.resolve("launcher-process.log");
            Instant started = Instant.now();
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("HOME", h.home.toString()); // the project folder must be inside the launcher's home folder
            Process p = pb.start();
            try {
                Duration firstAnswer = null;
                String state = "";
                for (int i = 0; i < 600 && !state.contains("\"RUNNING\""); i++) {
                    try {
                        state = h.get("/api/status").body();
                        if (firstAnswer == null) {
                            firstAnswer = Duration.between(started, Instant.now());
                        }
                    } catch (RuntimeException notYet) {
                        // not listening yet
                    }
                    LauncherHarness.sleep(100);
                }
                assertTrue(state.contains("\"RUNNING\""), state + "\n" + Files.readString(log));
                System.out.println("launcher process: first HTTP answer after " + firstAnswer.toMillis() + " ms");
                assertTrue(h.containerExists());
                assertTrue(h.inspectContainer().getConfig().getEnv().length > 0);

                p.destroy(); // SIGTERM
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the launcher exits after SIGTERM");
                assertFalse(h.containerExists(), "no container left behind:\n" + Files.readString(log));
                String output = Files.readString(log);
                assertTrue(output.contains("Status page:       http://localhost:" + h.statusPort + "/"), output);
                assertTrue(output.contains("one-time link: http://localhost:" + h.statusPort + "/login?code="),
                        "with --no-browser, the console shows the sign-in link: " + output);
                assertTrue(output.contains("The launcher has quit"), output);
                assertFalse(output.contains("Exception"), "no stack trace for the user:\n" + output);
            } finally {
                p.destroyForcibly();
            }
        }
    }

}
