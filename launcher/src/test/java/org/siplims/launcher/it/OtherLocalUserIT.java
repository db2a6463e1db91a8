package org.siplims.launcher.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.siplims.launcher.status.LauncherState;
import org.siplims.launcher.testing.LauncherAuth;
import org.siplims.launcher.testing.LauncherHarness;
import org.siplims.launcher.testing.RawHttp;

/**
 * Another account on the same computer (a shared lab PC) must not use the launcher of the person who
 * started it. The test runs curl as a user id of its own, with {@code setpriv}, against every route;
 * the settings folder is made world-readable, as {@code ~/.config} usually is, so the secret file's own
 * permissions are what keeps that user out.
 */
class OtherLocalUserIT {
    private static LauncherHarness h;
    private static int otherUid;

    @BeforeAll
    static void startLauncher() throws Exception {
        otherUid = unusedUid();
        h = new LauncherHarness("other-user");
        Files.createDirectories(h.settings);
        for (Path dir : List.of(h.home, h.settings)) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        h.start(o -> o.withFolders(Optional.empty(), Optional.empty(), Optional.empty()));
        h.await(LauncherState.NEEDS_PROJECT, Duration.ofSeconds(30));
    }

    @AfterAll
    static void quit() {
        h.close();
    }

    @Test
    void theSecretIsAFileOnlyItsOwnerCanRead() throws Exception {
        Path secret = LauncherAuth.secretFile(h.settings);
        assertTrue(Files.isRegularFile(secret), "no secret file at " + secret);
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE), Files.getPosixFilePermissions(secret));
        Run cat = asOtherUser("cat", secret.toString());
        assertNotEquals(0, cat.exitCode(), "the other user read the secret: " + cat.output());
    }

    @Test
    void anotherLocalUserGets401FromEveryRoute() throws Exception {
        // What such a user would try: read the token from the page, then act with it.
        Run page = asOtherUser(curl("GET", "/", List.of()));
        assertEquals("401", page.status(), page.output());
        assertFalse(page.output().contains("csrf-token"), "the page without the cookie carries no token: " + page.output());
        assertFalse(page.output().contains("NEEDS_PROJECT"), "nor the status: " + page.output());
        String token = h.token();
        List<String> withToken = List.of("-H", "X-CSRF-Token: " + token, "-H", "Origin: http://localhost:" + h.statusPort,
                "-H", "Content-Type: application/json");
        List<String> failures = new ArrayList<>();
        for (String path : List.of("/api/status", "/api/logs", "/api/logs?tail=5", "/api/nothing-here")) {
            expect401(failures, "GET " + path, asOtherUser(curl("GET", path, List.of())));
        }
        expect401(failures, "GET /api/events", asOtherUser(curl("GET", "/api/events", List.of("-H", "Accept: text/event-stream"))));
        for (String path : List.of("/api/project", "/api/start", "/api/stop", "/api/restart", "/api/update", "/api/quit")) {
            expect401(failures, "POST " + path, asOtherUser(curl("POST", path, withToken)));
        }
        // Guessing is no better: a wrong bearer secret, a wrong cookie, a used or forged sign-in link.
        expect401(failures, "a wrong bearer", asOtherUser(curl("GET", "/api/status", List.of("-H", "Authorization: Bearer " + token))));
        expect401(failures, "a wrong cookie", asOtherUser(curl("GET", "/api/status",
                List.of("-H", "Cookie: " + LauncherAuth.cookieName(h.statusPort) + "=" + token))));
        expect401(failures, "a forged sign-in link", asOtherUser(curl("GET", "/login?code=" + token, List.of())));
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        // The owner's launcher went on as before: nothing was stopped, quit or changed.
        assertEquals(LauncherState.NEEDS_PROJECT, h.launcher().status().state());
        assertFalse(h.launcher().terminated().isDone());
        assertEquals(200, h.get("/api/status").status(), "the owner still gets in");
    }

    @Test
    void theOneTimeLinkSignsTheOwnersBrowserInOnce() {
        String link = LauncherAuth.signInLink(java.net.URI.create(h.pageUrl())).orElseThrow().getRawPath() + "?"
                + LauncherAuth.signInLink(java.net.URI.create(h.pageUrl())).orElseThrow().getRawQuery();
        RawHttp.Response first = RawHttp.sendAnonymously(h.statusPort, "GET", link, java.util.Map.of(), null);
        assertEquals(303, first.status(), first.body());
        assertEquals("/", first.headers().get("location"));
        String cookie = first.headers().getOrDefault("set-cookie", "");
        assertTrue(cookie.startsWith(LauncherAuth.cookieName(h.statusPort) + "="), cookie);
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
        String pair = cookie.substring(0, cookie.indexOf(';'));
        RawHttp.Response page = RawHttp.sendAnonymously(h.statusPort, "GET", "/", java.util.Map.of("Cookie", pair), null);
        assertEquals(200, page.status());
        assertTrue(page.body().contains("csrf-token"), "the owner's page carries the token");
        assertEquals(401, RawHttp.sendAnonymously(h.statusPort, "GET", link, java.util.Map.of(), null).status(), "a link works once");
        RawHttp.Response none = RawHttp.sendAnonymously(h.statusPort, "GET", "/api/status", java.util.Map.of(), null);
        assertEquals(401, none.status());
        assertTrue(none.headers().containsKey("www-authenticate"));
        assertTrue(none.body().contains("\"error\""), none.body());
    }

    private static void expect401(List<String> failures, String what, Run r) {
        if (!r.status().equals("401")) {
            failures.add(what + ": HTTP " + r.status() + " " + r.output());
        } else if (r.output().contains("\"state\"")) {
            failures.add(what + ": the refusal carries the status: " + r.output());
        }
    }

    private static List<String> curl(String method, String path, List<String> headers) {
        List<String> command = new ArrayList<>(List.of("curl", "-q", "-s", "--max-time", "5", "-X", method,
                "-w", "\n%{http_code}", "http://localhost:" + h.statusPort + path));
        command.addAll(headers);
        if (method.equals("POST")) {
            command.addAll(List.of("--data", "{}"));
        }
        return command;
    }

    private static Run asOtherUser(List<String> command) throws IOException, InterruptedException {
        return asOtherUser(command.toArray(String[]::new));
    }

    /** Runs a command as a user id that has no account and no group of the test's, and no environment of ours. */
    private static Run asOtherUser(String... command) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of("setpriv", "--reuid=" + otherUid, "--regid=" + otherUid, "--clear-groups",
                "env", "-i", "HOME=/nonexistent", "PATH=/usr/bin:/bin"));
        all.addAll(List.of(command));
        Process p = new ProcessBuilder(all).redirectErrorStream(true).start();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** A user id with no entry in /etc/passwd: nobody's account, made up for this test. */
    private static int unusedUid() throws IOException {
        String passwd = Files.readString(Path.of("/etc/passwd"));
        for (int uid = 61_234; ; uid++) {
            if (!passwd.contains(":" + uid + ":")) {
                return uid;
            }
        }
    }

    private record Run(int exitCode, String output) {
        /** curl's last line: the HTTP status code ("000" when nothing answered). */
        String status() {
            String trimmed = output.strip();
            return trimmed.substring(trimmed.lastIndexOf('\n') + 1).strip();
        }
    }
}
