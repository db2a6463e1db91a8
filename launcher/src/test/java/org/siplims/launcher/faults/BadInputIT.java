package org.siplims.launcher.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.siplims.launcher.testing.LauncherAuth;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.siplims.launcher.cli.LaunchCommand;
import org.siplims.launcher.status.LauncherState;
import org.siplims.launcher.testing.RawHttp;
import picocli.CommandLine;

/**
 * Bad input for the launcher: hostile API requests (huge bodies, wrong content types, paths with
 * {@code ..}, NUL bytes, very long strings, JSON of the wrong shape), a bounded fuzz loop over the
 * API, and malformed image references, option values and config files on the command line. Each
 * gets a 4xx or a clear error, never a crash, and nothing changes: the launcher still waits for a
 * project, remembers nothing, and answers at once afterwards.
 */
class BadInputIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static FaultHarness h;
    private static int port;

    @BeforeAll
    static void startLauncherWithoutProject() {
        h = new FaultHarness("badinput");
        h.start(o -> o.withFolders(Optional.empty(), Optional.empty(), Optional.empty()));
        h.await(LauncherState.NEEDS_PROJECT, Duration.ofSeconds(30));
        port = h.statusPort;
    }

    @AfterAll
    static void quit() {
        h.close();
    }

    /** After every hostile request: nothing changed, and the launcher still answers at once. */
    @AfterEach
    void nothingChanged() {
        assertEquals(LauncherState.NEEDS_PROJECT, h.launcher().status().state());
        assertTrue(h.launcher().status().project().isEmpty(), "no project was set");
        assertFalse(Files.exists(h.settings.resolve("remembered.json")), "nothing was remembered");
        long t0 = System.nanoTime();
        assertEquals(200, h.get("/api/status").status());
        assertTrue(System.nanoTime() - t0 < 2_000_000_000L, "the status still answers at once");
    }

    private static Map<String, String> withToken(String contentType) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("X-CSRF-Token", h.token());
        m.put("Origin", "http://localhost:" + port);
        if (contentType != null) {
            m.put("Content-Type", contentType);
        }
        return m;
    }

    private static void assertRefused(RawHttp.Response r, String what) {
        assertTrue(r.status() >= 400 && r.status() < 500, what + " -> " + r.status() + " " + abbreviate(r.body()));
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…(" + s.length() + " chars)" : s;
    }

    @Test
    void hugeBodiesAreRefusedWithoutHarm() {
        String huge = "{\"path\": \"" + "a".repeat(12 * 1024 * 1024) + "\"}";
        RawHttp.Response r = RawHttp.send(port, "POST", "/api/project", withToken("application/json"), huge);
        assertRefused(r, "a 12 MB body");
        assertTrue(r.body().length() < 64 * 1024, "the answer does not echo the body: " + r.body().length() + " chars");
        // A body larger than its Content-Length says, and one that is shorter (the connection then ends).
        Map<String, String> lying = withToken("application/json");
        lying.put("Content-Length", "5");
        assertRefused(RawHttp.send(port, "POST", "/api/project", lying, "{\"path\": \"/tmp\"}"), "a body longer than its length");
        Map<String, String> shortBody = withToken("application/json");
        shortBody.put("Content-Length", "100000");
        try {
            RawHttp.Response s = RawHttp.send(port, "POST", "/api/project", shortBody, "{\"path\":");
            assertRefused(s, "a body shorter than its length");
        } catch (RuntimeException closed) {
            // the server may just drop the connection: fine, as long as nothing changed
        }
    }

    @Test
    void wrongContentTypesAndShapesAre400WithAMessage() throws Exception {
        List<String> bodies = List.of("[]", "1", "null", "true", "\"/tmp\"", "{\"path\": 5}", "{\"path\": [\"/tmp\"]}",
                "{\"path\": {\"x\": 1}}", "{\"path\": null}", "{\"path\": \"\"}", "{\"path\": \"   \"}",
                "{\"path\": \"" + h.project + "\", \"scripts\": 7}", "{\"path\": \"" + h.project + "\", \"workflow\": {}}",
                "{\"path\": \"" + h.project + "\", \"__proto__\": {}}", "{\"path\": \"" + h.project + "\"", "{path: 'x'}",
                "{\"path\": \"relative/folder\"}", "{\"path\": \"" + h.project + "/../../../../../../../../..\"}", 
                "{\"path\": \"/dev/null\"}", "{\"path\": \"" + h.project + "\\u0000/x\"}", "{\"path\": \"" + h.project + "\", \"workflow\": \"a\\u0000b\"}",
                "{\"path\": \"" + h.project + "\", \"workflow\": \"" + "W".repeat(100_000) + "\"}",
                "{\"path\": \"" + "/x".repeat(50_000) + "\"}",
                "[".repeat(100_000) + "]".repeat(100_000),
                "{\"a\":".repeat(50_000) + "1" + "}".repeat(50_000),
                "\uFEFF{\"path\": \"/tmp\"}");
        for (String contentType : new String[] {"application/json", "text/plain", "application/x-www-form-urlencoded", null}) {
            for (String body : bodies) {
                RawHttp.Response r = RawHttp.send(port, "POST", "/api/project", withToken(contentType), body);
                assertEquals(400, r.status(), contentType + " " + abbreviate(body) + " -> " + abbreviate(r.body()));
                JsonNode error = JSON.readTree(r.body());
                assertFalse(error.path("error").asText().isBlank(), "a message: " + r.body());
                assertFalse(r.body().contains("Exception") || r.body().contains("at org."), "no stack trace: " + abbreviate(r.body()));
                assertTrue(r.body().length() < 2 * body.length() + 4096, "the answer is bounded: " + r.body().length());
            }
        }
        // Bytes that are not UTF-8, and a form post as an attacker's page would send it.
        byte[] head = ("POST /api/project HTTP/1.1\r\nHost: localhost:" + port + "\r\nX-CSRF-Token: " + h.token()
                + "\r\nAuthorization: " + LauncherAuth.authorization(port).orElseThrow() + "\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: 16\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        raw.writeBytes(head);
        raw.writeBytes(new byte[] {'{', '"', 'p', 'a', 't', 'h', '"', ':', '"', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, 0, '"', '}', ' '});
        assertEquals(400, RawHttp.sendBytes(port, raw.toByteArray()).status(), "invalid UTF-8 and a NUL");
        assertEquals(403, RawHttp.send(port, "POST", "/api/project", Map.of("Content-Type", "application/x-www-form-urlencoded",
                "Origin", "http://evil.example"), "path=/tmp").status(), "a cross-site form post");
    }

    @Test
    void pathsWithDotDotNulAndOddMethodsServeNothingOutsideTheAssets() {
        List<String> paths = List.of("/assets/../../../../etc/passwd", "/assets/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
                "/assets/..%2f..%2f..%2fetc%2fpasswd", "/assets/%252e%252e/%252e%252e/etc/passwd", "/assets/....//....//etc/passwd",
                "/assets/..\\..\\..\\etc\\passwd", "/assets/../org/siplims/launcher/Main.class", "/assets/../../org/siplims/launcher/Main.class",
                "/assets/%2e%2e/index.html", "/assets/launcher.css%00.html", "/api/status%00", "/api/%00", "/%00",
                "/assets/" + "a/".repeat(2000), "/api/logs?tail=" + "9".repeat(5000), "/api/logs?tail=-1", "/api/logs?tail=0",
                "/api/logs?tail=1e3", "/api/logs?tail=%00", "/api/logs?tail=99999999999999999999", "//etc/passwd", "/./api/../../etc/passwd",
                "/api/status/../../../etc/passwd", "/" + "x".repeat(100_000));
        for (String path : paths) {
            RawHttp.Response r;
            try {
                r = RawHttp.send(port, "GET", path, Map.of(), null);
            } catch (RuntimeException dropped) {
                continue; // a request line too long may just be cut off; the checks after each test still run
            }
            assertFalse(r.body().contains("root:x:0:0"), path + " served /etc/passwd");
            assertFalse(r.body().contains("CAFEBABE") || r.body().startsWith("\u00ca\u00fe"), path + " served a class file");
            if (path.startsWith("/api/logs")) {
                assertTrue(r.status() == 400 || r.status() == 409 || r.status() == 414, path + " -> " + r.status());
            } else {
                assertRefused(r, path);
            }
            assertFalse(r.body().contains(h.token()), path + " revealed the token");
        }
        for (String method : List.of("PUT", "DELETE", "PATCH", "TRACE", "OPTIONS", "CONNECT", "FOO")) {
            for (String path : List.of("/api/status", "/api/project", "/api/quit", "/")) {
                RawHttp.Response r = RawHttp.send(port, method, path, withToken("application/json"), "{}");
                assertRefused(r, method + " " + path);
            }
        }
        // Header tricks: a NUL or an enormous header, a second Host.
        RawHttp.Response nulHeader = RawHttp.sendBytes(port, ("GET /api/status HTTP/1.1\r\nHost: localhost:" + port + "\r\nX-A: a\0b\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(nulHeader.status() == 400 || nulHeader.status() == 200, "a NUL in a header -> " + nulHeader.status());
        RawHttp.Response bigHeader = RawHttp.send(port, "GET", "/api/status", Map.of("X-Big", "b".repeat(200_000)), null);
        assertRefused(bigHeader, "a 200 KB header");
        RawHttp.Response twoHosts = RawHttp.sendBytes(port, ("GET /api/status HTTP/1.1\r\nHost: localhost:" + port + "\r\nHost: evil.example\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        assertRefused(twoHosts, "two Host headers");
    }

    @Test
    void aBoundedFuzzLoopOverTheApiNeverCrashesIt() {
        long seed = Long.getLong("fuzz.seed", 20261123L);
        int count = Integer.getInteger("fuzz.count", 500);
        System.out.println("API fuzz: seed " + seed + " (rerun with -Dfuzz.seed=" + seed + "), " + count + " requests");
        Random random = new Random(seed);
        String token = h.token();
        Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        int sent = 0;
        for (; sent < count && System.nanoTime() < deadline; sent++) {
            String path = "/api/project";
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("X-CSRF-Token", token);
            headers.put("Content-Type", random.nextBoolean() ? "application/json" : randomText(random, 20));
            String body = fuzzBody(random);
            RawHttp.Response r = RawHttp.send(port, "POST", path, headers, body);
            statuses.merge(r.status(), 1, Integer::sum);
            // /api/project must refuse the body (400); the actions ignore bodies and are refused (409: no project) or accepted (update).
            boolean fine = path.equals("/api/project") ? r.status() == 400 : r.status() == 409 || r.status() == 202;
            assertTrue(fine, "request " + sent + " (seed " + seed + "): " + path + " " + abbreviate(body)
                    + " -> " + r.status() + " " + abbreviate(r.body()));
        }
        System.out.println("API fuzz: " + sent + " requests, statuses " + statuses);
        assertTrue(sent >= Math.min(count, 200), "at least 200 requests in 20 s: " + sent);
    }

    /** A random body: bytes, text, or a mutated version of a valid request. */
    private static String fuzzBody(Random random) {
        String valid = "{\"path\": \"" + h.project + "\", \"scripts\": null, \"workflow\": \"SIP\"}";
        switch (random.nextInt(6)) {
            case 0:
                return randomText(random, random.nextInt(2000));
            case 1: {
                StringBuilder b = new StringBuilder(valid);
                for (int i = 0, n = 1 + random.nextInt(5); i < n && b.length() > 0; i++) {
                    int at = random.nextInt(b.length());
                    switch (random.nextInt(3)) {
                        case 0 -> b.deleteCharAt(at);
                        case 1 -> b.insert(at, (char) random.nextInt(0x3000));
                        default -> b.setCharAt(at, (char) (32 + random.nextInt(95)));
                    }
                }
                String s = b.toString();
                // A mutation that is still the valid request (or names another existing folder) would be accepted: skip it.
                return s.equals(valid) || s.contains("\"path\": \"" + h.project + "\"") ? "[" + s : s;
            }
            case 2:
                return "{\"path\": " + randomJson(random, 0) + "}";
            case 3:
                return "{\"" + randomText(random, 8) + "\": " + randomJson(random, 0) + "}";
            case 4:
                return "{\"path\": \"/" + randomText(random, 40).replace("\"", "").replace("\\", "") + "\"}";
            default:
                return randomJson(random, 0);
        }
    }

    private static String randomJson(Random random, int depth) {
        int kind = depth > 4 ? random.nextInt(4) : random.nextInt(6);
        return switch (kind) {
            case 0 -> Integer.toString(random.nextInt());
            case 1 -> "null";
            case 2 -> random.nextBoolean() ? "true" : "1e999";
            case 3 -> "\"" + randomText(random, 30).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
            case 4 -> "[" + randomJson(random, depth + 1) + "," + randomJson(random, depth + 1) + "]";
            default -> "{\"k\": " + randomJson(random, depth + 1) + "}";
        };
    }

    private static String randomText(Random random, int length) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int r = random.nextInt(10);
            b.append(r < 6 ? (char) (32 + random.nextInt(95)) : r < 8 ? (char) random.nextInt(32) : (char) (0xA0 + random.nextInt(0x2000)));
        }
        return b.toString();
    }

    // ---- the command line ----------------------------------------------------------------------

    private record Run(int code, String err) {
    }

    /**
     * Runs the command line in-process with a settings folder whose launcher.conf makes any run
     * that is (wrongly) accepted harmless: free ports, a container name and repository of its own,
     * offline. Such a run is quit through its API and fails the test.
     */
    private static Run launch(String... args) throws Exception {
        Path settings = Files.createDirectories(h.home.resolve("cli-settings"));
        int statusPort = FaultHarness.freePort();
        LauncherAuth.register(statusPort, settings);
        Files.writeString(settings.resolve("launcher.conf"), "status-port = " + statusPort + "\napp-port = " + FaultHarness.freePort()
                + "\nname = " + h.containerName + "-cli\nimage = " + h.repository + "-cli\noffline = true\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--settings-dir", settings.toString(), "--no-browser"));
        CommandLine cl = new CommandLine(new LaunchCommand(e));
        cl.setErr(new java.io.PrintWriter(e, true));
        java.util.concurrent.CompletableFuture<Integer> code = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> cl.execute(all.toArray(String[]::new)));
        try {
            return new Run(code.get(15, java.util.concurrent.TimeUnit.SECONDS), err.toString(StandardCharsets.UTF_8));
        } catch (java.util.concurrent.TimeoutException started) {
            try {
                String page = RawHttp.send(statusPort, "GET", "/", Map.of(), null).body();
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("csrf-token\" content=\"([^\"]+)\"").matcher(page);
                if (m.find()) {
                    RawHttp.send(statusPort, "POST", "/api/quit", Map.of("X-CSRF-Token", m.group(1)), "");
                }
            } catch (RuntimeException ignored) {
                // not listening: nothing to quit
            }
            throw new AssertionError("The launcher accepted " + String.join(" ", args) + " and started; stderr: " + err);
        }
    }

    @Test
    void malformedImageReferencesOptionValuesAndConfigFilesAreClearErrors() throws Exception {
        String[][] cases = {
            {"--image", "UPPER/Case"}, {"--image", "repo@sha256:abc"}, {"--image", "repo:tag"},
            {"--image", "a//b"}, {"--image", "127.0.0.1:99999999/x"}, {"--image", "x\u0000y"}, {"--image", "r".repeat(5000)},
            {"--image", "../../etc/passwd"}, {"--image", "-rf"}, {"--channel", "bad tag!"},
            {"--channel", "t".repeat(200)}, {"--name", "bad name/"}, {"--name", "-x"},
            {"--app-port", "abc"}, {"--app-port", "70000"}, {"--app-port", "0"}, {"--app-port", "-1"}, {"--app-port", "8501.5"},
            {"--status-port", "99999999999999999999"}, {"--app-port", "8600", "--status-port", "8600"},
            {"--update-check-hours", "x"}, {"--update-check-hours", "-3"}, {"--health-timeout-seconds", "0"},
            {"--stop-grace-seconds", "NaN"}, {"--update-check-hours", "0.001"}, {"--update-check-hours", "0.05"},
            {"--health-timeout-seconds", "0.4"}, {"--stop-grace-seconds", "0.2"}, {"--docker-host", "ftp://nowhere"}, {"--docker-host", "not a uri"},
            {"--config", "/no/such/launcher.conf"}, {"--no-such-option"}, {"--offline=maybe"}, {"unexpected-argument"},
        };
        for (String[] args : cases) {
            Run r = launch(args);
            assertEquals(2, r.code(), String.join(" ", args) + " -> " + r.err());
            assertFalse(r.err().isBlank(), "a message for " + String.join(" ", args));
            assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), "no stack trace: " + r.err());
        }
        Path configs = Files.createDirectories(h.home.resolve("configs"));
        Map<String, String> files = new LinkedHashMap<>();
        files.put("no-equals.conf", "image\n");
        files.put("unknown.conf", "colour = blue\n");
        files.put("bad-port.conf", "app-port = eighty\n");
        files.put("bad-image.conf", "image = Not/A/Valid@Reference\n");
        files.put("binary.conf", "\u0000\u0001\u0002\uFFFD = \u0000\n");
        files.put("huge-line.conf", "image = " + "x".repeat(1_000_000) + "\n");
        files.put("bad-bool.conf", "offline = perhaps\n");
        files.put("tiny-update-interval.conf", "update-check-hours = 0.001\n");
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path file = Files.writeString(configs.resolve(f.getKey()), f.getValue());
            Run r = launch("--config", file.toString());
            assertEquals(2, r.code(), f.getKey() + " -> " + r.err());
            assertTrue(r.err().contains("Error:") || r.err().contains("Invalid"), f.getKey() + " -> " + r.err());
            assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
            assertTrue(r.err().length() < 20_000, "the message does not echo a huge line whole: " + r.err().length());
        }
        Path folder = Files.createDirectories(configs.resolve("a-folder.conf"));
        assertEquals(2, launch("--config", folder.toString()).code(), "a folder given as the config file");
        assertFalse(Files.exists(h.home.resolve("cli-settings/remembered.json")), "nothing remembered from refused runs");
        Set<String> ignored = Set.of();
        assertTrue(ignored.isEmpty());
    }
}
