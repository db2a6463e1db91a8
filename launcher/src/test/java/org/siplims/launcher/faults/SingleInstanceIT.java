package org.siplims.launcher.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.siplims.launcher.testing.RawHttp;

/**
 * Two launchers started for the same user: the second, even on another status port, says the
 * first is running and names its page, then exits, instead of fighting over the app container.
 * The lock goes with the first process, even when it is killed with SIGKILL.
 */
class SingleInstanceIT {
    private static Process launch(FaultHarness h, int statusPort, Path log) throws Exception {
        org.siplims.launcher.testing.LauncherAuth.register(statusPort, h.settings);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.siplims.launcher.Main", "--no-browser",
                "--image", h.repository.toString(), "--name", h.containerName,
                "--app-port", Integer.toString(FaultHarness.freePort()), "--status-port", Integer.toString(statusPort),
                "--docker-host", h.env.dockerHost().toString(), "--settings-dir", h.settings.toString()));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static boolean answers(int port) {
        try {
            return RawHttp.send(port, "GET", "/api/status", Map.of(), null).status() == 200;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Test
    void aSecondLauncherForTheSameUserPointsAtTheFirstAndExits() throws Exception {
        try (FaultHarness h = new FaultHarness("twice")) {
            int firstPort = h.statusPort;
            int secondPort = FaultHarness.freePort();
            Process first = launch(h, firstPort, h.home.resolve("first.log"));
            Process second = null;
            Process third = null;
            try {
                for (int i = 0; i < 300 && !answers(firstPort); i++) {
                    FaultHarness.sleep(100);
                }
                assertTrue(answers(firstPort), "the first launcher serves its page: " + Files.readString(h.home.resolve("first.log")));

                second = launch(h, secondPort, h.home.resolve("second.log"));
                assertTrue(second.waitFor(60, TimeUnit.SECONDS), "the second launcher exits by itself");
                String out = Files.readString(h.home.resolve("second.log"));
                System.out.println("second launcher: " + out.strip());
                assertEquals(2, second.exitValue(), out);
                assertTrue(out.contains("already running"), out);
                assertTrue(out.contains("http://localhost:" + firstPort + "/"), "it names the first one's page: " + out);
                assertFalse(out.contains("Exception"), out);
                assertFalse(answers(secondPort), "the second one serves nothing");
                assertTrue(first.isAlive() && answers(firstPort), "the first one is untouched");
                assertFalse(h.containerExists(), "no container was created by either (no project given)");

                // SIGKILL the first: the lock goes with it, and a new launcher starts.
                first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                third = launch(h, secondPort, h.home.resolve("third.log"));
                for (int i = 0; i < 300 && !answers(secondPort); i++) {
                    FaultHarness.sleep(100);
                }
                assertTrue(answers(secondPort), "after the first was killed, a new one starts: " + Files.readString(h.home.resolve("third.log")));
                third.destroy(); // SIGTERM: quits cleanly
                assertTrue(third.waitFor(60, TimeUnit.SECONDS));
                assertFalse(h.containerExists());
            } finally {
                first.destroyForcibly();
                if (second != null) {
                    second.destroyForcibly();
                }
                if (third != null) {
                    third.destroyForcibly();
                }
            }
        }
    }
}
