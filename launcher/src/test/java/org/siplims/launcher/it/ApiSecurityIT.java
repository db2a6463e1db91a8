package org.siplims.launcher.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.siplims.core.UserFacingException;
import org.siplims.launcher.status.LauncherState;
import org.siplims.launcher.testing.LauncherHarness;
import org.siplims.launcher.testing.RawHttp;

/**
 * The API's security rules, as a browser or another web site's page would meet them: the Host
 * check (DNS rebinding), the CSRF token, the Origin check, and bad input changing nothing. The
 * launcher waits for a project folder, so no container is involved.
 */
class ApiSecurityIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LauncherHarness h;
    private static int port;

    @BeforeAll
    static void startLauncherWithoutProject() {
        h = new LauncherHarness("api");
        h.start(o -> o.withFolders(java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty()));
        h.await(LauncherState.NEEDS_PROJECT, Duration.ofSeconds(30));
        port = h.statusPort;
    }

    @AfterAll
    static void quit() {
        h.close();
    }

    private static RawHttp.Response get(String path, String host) {
        return RawHttp.send(port, "GET", path, Map.of("Host", host), null);
    }

    @Test
    void onlyRequestsAddressedToLocalhostOnTheStatusPortAreServed() {
        for (String own : List.of("localhost:" + port, "127.0.0.1:" + port, "[::1]:" + port, "LOCALHOST:" + port)) {
            assertEquals(200, get("/api/status", own).status(), own);
        }
        for (String foreign : List.of("evil.example:" + port, "evil.example", "localhost", "localhost:1", "127.0.0.2:" + port,
                "localhost.evil.example:" + port)) {
            RawHttp.Response r = get("/api/status", foreign);
            assertEquals(403, r.status(), foreign);
            assertTrue(r.body().contains("\"error\""), r.body());
        }
        assertEquals(403, get("/", "evil.example:" + port).status());
        assertEquals(403, get("/assets/launcher.css", "evil.example:" + port).status(), "static files are guarded too");
        assertEquals(403, RawHttp.send(port, "GET", "/api/events", Map.of("Host", "evil.example:" + port, "Accept", "text/event-stream"), null).status());
        assertEquals(403, get("/api/logs", "evil.example:" + port).status());
        RawHttp.Response css = get("/assets/launcher.css", "localhost:" + port);
        assertEquals(200, css.status());
        assertTrue(css.body().contains("font-family"), css.body());
    }

    @Test
    void everyPostNeedsThePagesTokenWhichTheStatusNeverReveals() throws Exception {
        String token = h.token();
        assertTrue(token.length() >= 32, token);
        RawHttp.Response status = h.get("/api/status");
        assertFalse(status.body().contains(token), "the status must not reveal the token");
        assertEquals("no-store", status.headers().get("cache-control"));
        assertEquals("DENY", h.get("/").headers().get("x-frame-options"), "the page cannot be framed by another site");

        for (String path : List.of("/api/start", "/api/stop", "/api/restart", "/api/update", "/api/quit", "/api/project")) {
            assertEquals(403, RawHttp.send(port, "POST", path, Map.of(), "{}").status(), path + " without a token");
            assertEquals(403, RawHttp.send(port, "POST", path, Map.of("X-CSRF-Token", token + "x"), "{}").status(), path + " with a wrong token");
            assertEquals(403, RawHttp.send(port, "POST", path, Map.of("X-CSRF-Token", ""), "{}").status(), path + " with an empty token");
        }
        // With the token, no Origin (a script, curl): accepted, and refused only because no project is set.
        RawHttp.Response start = RawHttp.send(port, "POST", "/api/start", Map.of("X-CSRF-Token", token), "");
        assertEquals(409, start.status(), start.body());
        assertTrue(JSON.readTree(start.body()).get("error").asText().contains("project folder"), start.body());
        RawHttp.Response stop = RawHttp.send(port, "POST", "/api/stop", Map.of("X-CSRF-Token", token), "");
        assertEquals(409, stop.status(), "nothing runs without a project, so nothing to stop: " + stop.body());
        assertTrue(JSON.readTree(stop.body()).get("error").asText().startsWith("Nothing to stop"), stop.body());
        assertEquals(LauncherState.NEEDS_PROJECT, h.launcher().status().state(), "refused requests changed nothing");
    }

    @Test
    void aPostFromAnotherSiteIsRefusedEvenWithTheToken() {
        String token = h.token();
        for (String origin : List.of("http://evil.example", "http://localhost:" + (port + 1), "null", "https://localhost:" + port)) {
            RawHttp.Response r = RawHttp.send(port, "POST", "/api/stop", Map.of("X-CSRF-Token", token, "Origin", origin), "");
            assertEquals(403, r.status(), origin);
        }
        assertEquals(LauncherState.NEEDS_PROJECT, h.launcher().status().state());
        RawHttp.Response own = RawHttp.send(port, "POST", "/api/start", Map.of("X-CSRF-Token", token, "Origin", "http://127.0.0.1:" + port), "");
        assertEquals(409, own.status(), "the launcher's own origin passes the check: " + own.body());
    }

    @Test
    void badJsonAndBadPathsGet400WithAMessageAndChangeNothing() throws Exception {
        record Case(String body, String expected) {
        }
        List<Case> cases = List.of(
                new Case("{\"path\": ", "not valid JSON"),
                new Case("\"just text\"", "JSON object"),
                new Case("{\"scripts\": \"/tmp\"}", "\"path\""),
                new Case("{\"path\": \"/no/such/folder/anywhere\"}", "does not exist"),
                new Case("{\"path\": \"/\"}", "top of a drive"),
                new Case("{\"path\": \"~\"}", "home folder"),
                new Case("{\"path\": \"/var/run/docker.sock\"}", "Docker socket"),
                new Case("{\"path\": \"" + h.project + "\", \"scripts\": \"/no/such/scripts\"}", "does not exist"),
                new Case("{\"path\": \"" + h.project + "\", \"workflow\": \"rm -rf /\"}", "not a workflow name"),
                new Case("{\"path\": \"" + h.project + "\", \"extra\": 1}", "Unknown field"));
        for (Case c : cases) {
            RawHttp.Response r = h.post("/api/project", c.body());
            assertEquals(400, r.status(), c.body() + " -> " + r.body());
            JsonNode error = JSON.readTree(r.body());
            assertTrue(error.get("error").asText().contains(c.expected()), c.body() + " -> " + r.body());
        }
        assertTrue(h.launcher().status().project().isEmpty(), "no project was set");
        assertEquals(LauncherState.NEEDS_PROJECT, h.launcher().status().state());
        assertFalse(Files.exists(h.settings.resolve("remembered.json")), "nothing was remembered");
        assertEquals(400, h.get("/api/logs?tail=abc").status());
        assertEquals(404, h.get("/api/nothing-here").status());
    }

    @Test
    void eventsStreamTheStatusOnePerChange() throws Exception {
        // A launcher of its own: this test changes the project folder.
        try (LauncherHarness own = new LauncherHarness("api-events")) {
            own.start(o -> o.withFolders(java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty()));
            own.await(LauncherState.NEEDS_PROJECT, Duration.ofSeconds(30));
            streamEvents(own);
        }
    }

    private static void streamEvents(LauncherHarness h) throws Exception {
        int port = h.statusPort;
        HttpClient http = HttpClient.newHttpClient();
        assertEquals(406, h.get("/api/events").status(), "not asked as an event stream");
        HttpResponse<InputStream> response = http.send(h.request("/api/events")
                        .header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
        try (BufferedReader events = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            JsonNode first = nextEvent(events);
            assertEquals("NEEDS_PROJECT", first.get("state").asText(), "the current status comes at once");
            // A change (a project folder; its image does not exist, so the launcher ends in ERROR) is announced.
            Files.createDirectories(h.home.resolve("other"));
            assertEquals(202, h.post("/api/project", "{\"path\": \"" + h.home.resolve("other") + "\"}").status());
            List<String> states = new ArrayList<>();
            JsonNode e;
            do {
                e = nextEvent(events);
                states.add(e.get("state").asText());
            } while (!e.get("state").asText().equals("ERROR") && states.size() < 20);
            assertTrue(states.contains("CHECKING"), states.toString());
            assertEquals("ERROR", states.get(states.size() - 1), states.toString());
            assertEquals(h.home.resolve("other").toString(), e.get("project").get("path").asText());
            assertTrue(e.get("message").asText().contains("does not exist") || e.get("message").asText().contains("cannot be downloaded"),
                    e.get("message").asText());
        }
    }

    private static JsonNode nextEvent(BufferedReader in) throws Exception {
        String name = null;
        String line;
        while ((line = in.readLine()) != null) {
            if (line.startsWith("event:")) {
                name = line.substring(6).trim();
            } else if (line.startsWith("data:") && "status".equals(name)) {
                return JSON.readTree(line.substring(5).trim());
            }
        }
        throw new AssertionError("the event stream ended");
    }

    @Test
    void aSecondLauncherOnTheSameStatusPortSaysSo() {
        try (LauncherHarness second = new LauncherHarness("api-second", LauncherHarness.newRepository("api-second"), port)) {
            UserFacingException e = assertThrows(UserFacingException.class, second::start);
            assertTrue(e.getMessage().contains("port " + port), e.getMessage());
            assertTrue(e.hint().contains("Another launcher"), e.hint());
        }
    }
}
