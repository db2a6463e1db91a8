package org.siplims.launcher.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.siplims.core.testing.FixtureImages.Mode;
import org.siplims.launcher.status.LauncherState;
import org.siplims.launcher.testing.LauncherAuth;
import org.siplims.launcher.testing.LauncherHarness;

/**
 * Quitting waits for the last status to reach the page, not a fixed pause (issue 19): a browser's
 * event stream receives STOPPED before the server closes it.
 */
class QuitEventsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theEventStreamGetsTheStoppedStatusBeforeTheServerClosesIt() throws Exception {
        try (LauncherHarness h = new LauncherHarness("quit-events")) {
            h.fixtures.pushApp(h.repository.withTag("latest"), "1.0.0", Mode.HEALTHY);
            h.start();
            h.await(LauncherState.RUNNING, Duration.ofSeconds(60));
            List<String> states = new ArrayList<>();
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", h.statusPort), 5000);
                s.setSoTimeout(60_000);
                OutputStream out = s.getOutputStream();
                out.write(("GET /api/events HTTP/1.1\r\nHost: localhost:" + h.statusPort + "\r\nAccept: text/event-stream\r\nAuthorization: "
                        + LauncherAuth.authorization(h.statusPort).orElseThrow() + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                assertTrue(in.readLine().contains(" 200"));
                String line;
                boolean quitSent = false;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("data:")) {
                        JsonNode status = JSON.readTree(line.substring(5).trim());
                        states.add(status.path("state").asText());
                        if (!quitSent) {
                            // The current status arrived: the stream is joined. Now Quit, as the page's button does.
                            assertEquals(202, h.post("/api/quit", "").status());
                            quitSent = true;
                        }
                    }
                }
            }
            // The stream ended (the server closed it), and its last status was the final one.
            assertFalse(states.isEmpty());
            assertEquals(LauncherState.STOPPED.name(), states.get(states.size() - 1), "states seen: " + states);
            assertTrue(states.contains(LauncherState.STOPPING.name()), "states seen: " + states);
            h.launcher().terminated().get(30, TimeUnit.SECONDS);
            assertFalse(h.containerExists(), "the container was stopped and removed");
        }
    }
}
