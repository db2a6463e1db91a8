package org.siplims.launcher.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.CookieManager;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.siplims.core.testing.TestEnvironment;

/**
 * {@code scripts/demo} end to end, as a newcomer runs it (issue 16): a local registry, a signed demo
 * release through the real publisher, the real launcher (the distribution built here) trusting
 * the demo key, the demo app answering; {@code update} gets 2.0.0 offered, never installed;
 * {@code stop} leaves nothing behind. Ports and folders of its own, so it never meets a user's.
 */
class DemoIT {
    private static final Path ROOT = Path.of(System.getProperty("basedir", "")).toAbsolutePath().getParent();
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void theDemoShowsTheWholeStoryAndRemovesEverythingItMade() throws Exception {
        Path dir = Files.createTempDirectory("siplims-demo-it-").resolve("demo");
        settings = dir.resolve("settings");
        Path home = Files.createTempDirectory("siplims-demo-home-");
        int registry = freePort();
        int status = freePort();
        int app = freePort();
        Map<String, String> env = Map.of("DEMO_DIR", dir.toString(), "DEMO_REGISTRY_PORT", String.valueOf(registry),
                "DEMO_STATUS_PORT", String.valueOf(status), "DEMO_APP_PORT", String.valueOf(app), "DEMO_NO_BROWSER", "1",
                "DEMO_LAUNCHER", Distribution.folder().resolve("bin/sip-lims-launcher").toString(), "HOME", home.toString(),
                "DOCKER_HOST", TestEnvironment.get().dockerHost().toString());
        try {
            String started = demo(env, "start");
            assertTrue(started.contains("ready:"), started);
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(page.body().contains("SIP LIMS demo app 1.0.0"), "the demo app answers on the app port: " + page.body());
            JsonNode s = status(status);
            assertEquals("RUNNING", s.get("state").asText(), s.toString());
            assertEquals("1.0.0", s.get("image").get("version").asText());
            assertEquals("verified", s.get("image").get("signature").asText(), "signed with the demo key, trusted: " + s);

            String updated = demo(env, "update");
            assertTrue(updated.contains("published"), updated);
            JsonNode offered = awaitStatus(status, j -> j.get("update").get("offer").isObject());
            assertEquals("2.0.0", offered.get("update").get("offer").get("version").asText(), offered.toString());
            assertEquals("UPDATE", offered.get("update").get("offer").get("kind").asText());
            assertEquals("1.0.0", offered.get("image").get("version").asText(), "offered, never installed by itself");
        } finally {
            String stopped = demo(env, "stop");
            assertTrue(stopped.contains("stopped"), stopped);
        }
        assertFalse(Files.exists(dir), "the demo's folder is removed");
        assertFalse(Files.exists(home.resolve("sip-lims-demo-project")), "the demo project folder is removed");
        String left = new ProcessBuilder("docker", "-H", TestEnvironment.get().dockerHost().toString(), "image", "ls",
                "--format", "{{.Repository}}").start().inputReader().lines().filter(r -> r.startsWith("127.0.0.1:" + registry + "/"))
                .reduce("", (a, b) -> a + b + "\n");
        assertEquals("", left, "no demo image left");
        String containers = new ProcessBuilder("docker", "-H", TestEnvironment.get().dockerHost().toString(), "ps", "-a",
                "--filter", "name=sip-lims-demo-app", "--format", "{{.Names}}").start().inputReader().lines().reduce("", (a, b) -> a + b);
        assertEquals("", containers, "no demo container left");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Runs scripts/demo with a command; returns what it printed; fails on a non-zero exit. */
    private static String demo(Map<String, String> env, String command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(List.of(ROOT.resolve("scripts/demo").toString(), command)).redirectErrorStream(true);
        pb.environment().putAll(env);
        Path log = Files.createTempFile("siplims-demo-", ".log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        if (!p.waitFor(15, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("scripts/demo " + command + " did not finish: " + Files.readString(log));
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "scripts/demo " + command + ":\n" + out);
        return out;
    }

    private Path settings;

    /** The status, as the launcher's owner asks it (the secret in the demo's settings folder). */
    private JsonNode status(int port) throws Exception {
        String secret = Files.readString(settings.resolve("api-secret")).strip();
        return Distribution.JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/status"))
                .header("Authorization", "Bearer " + secret).build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    private JsonNode awaitStatus(int port, java.util.function.Predicate<JsonNode> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode last = status(port);
        while (!condition.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited 60 s; the status is " + last);
            }
            Thread.sleep(250);
            last = status(port);
        }
        return last;
    }
}
