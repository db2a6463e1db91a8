package org.siplims.launcher.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.siplims.core.image.ImageReference;
import org.siplims.launcher.status.LauncherState;
import org.siplims.launcher.testing.LauncherAuth;
import org.siplims.launcher.testing.LauncherHarness;
import org.siplims.launcher.testing.RawHttp;

/**
 * The page while no Docker engine answers (the launcher points at a socket that does not exist),
 * and without a project folder: Docker's absence with its advice, the security rules driven from
 * the page's own script, a refused action with the API's message, and the launcher going away and
 * coming back (with a new token) while the page stays open. No container is involved.
 *
 * <p>The methods run in any order: they share one launcher and one browser, and each opens the
 * page it needs; the method that quits a launcher quits one of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DockerUnavailablePageIT {
    private static final String NO_DOCKER = "Docker Desktop is not running";

    private final URI missingEngine = missingSocket();
    private final ImageReference repository = LauncherHarness.newRepository("page-nodocker");
    private LauncherHarness h;
    private Browser browser;

    private static URI missingSocket() {
        try {
            return URI.create("unix://" + Files.createTempDirectory("siplims-no-docker-").resolve("docker.sock"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private LauncherHarness startWithoutDocker(LauncherHarness launcher) {
        launcher.start(o -> o.withDockerHost(missingEngine)
                .withFolders(Optional.empty(), Optional.empty(), Optional.empty()));
        launcher.await("Docker reported missing", s -> s.state() == LauncherState.DOCKER_UNAVAILABLE, Duration.ofSeconds(30));
        return launcher;
    }

    @BeforeAll
    void start() {
        h = startWithoutDocker(new LauncherHarness("page-nodocker", repository));
        browser = new Browser();
    }

    /** The shared launcher's page, freshly loaded, once it shows Docker missing. */
    private void openPage() {
        browser.open(h.pageUrl());
        browser.awaitHeadline(NO_DOCKER);
    }

    @AfterAll
    void stop() {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (h != null) {
                h.close();
            }
        }
    }

    @Test
    void dockerNotRunningIsShownWithWhatToDo() {
        openPage();
        assertEquals("Docker is not running", browser.text("state"));
        assertTrue(browser.visible("advice"));
        assertTrue(browser.text("advice-text").contains("Docker Desktop"), "advice names what to start: " + browser.text("advice-text"));
        assertFalse(browser.text("message").isBlank(), "the launcher's own message is shown");
        assertEquals("not answering", browser.text("docker-version"));
        assertEquals("not known yet", browser.text("image-version"));
        assertFalse(browser.visible("app-link"));
        for (String id : List.of("start", "stop", "restart", "check-updates", "update")) {
            assertFalse(browser.element(id).isEnabled(), id + " makes no sense without Docker");
        }
        assertTrue(browser.element("quit").isEnabled());
        browser.screenshot("11-docker-not-running");
    }

    @Test
    void theTokenIsInThePageEveryPostNeedsItAndTheStatusNeverRevealsIt() {
        openPage();
        String token = browser.driver.findElement(By.cssSelector("meta[name='csrf-token']")).getAttribute("content");
        assertTrue(token != null && token.length() >= 32, "the page carries the token: " + token);

        String status = (String) browser.driver.executeAsyncScript(
                "var done = arguments[arguments.length - 1]; fetch('/api/status').then(r => r.text()).then(done, e => done('failed: ' + e));");
        assertTrue(status.contains("\"DOCKER_UNAVAILABLE\""), status);
        assertFalse(status.contains(token), "GET /api/status does not reveal the token");

        String postFromPage = """
                var done = arguments[arguments.length - 1];
                var headers = {'Content-Type': 'application/json'};
                if (arguments[1] !== null) { headers['X-CSRF-Token'] = arguments[1]; }
                fetch(arguments[0], {method: 'POST', headers: headers, body: JSON.stringify({path: '/no/such/folder'})})
                  .then(r => r.json().then(j => done({status: r.status, error: j.error || '', field: j.field || ''})))
                  .catch(e => done({status: -1, error: String(e), field: ''}));
                """;
        for (String path : List.of("/api/project", "/api/start", "/api/stop", "/api/restart", "/api/update", "/api/quit")) {
            Map<?, ?> without = (Map<?, ?>) browser.driver.executeAsyncScript(postFromPage, path, null);
            assertEquals(403L, without.get("status"), path + " without the token: " + without);
            assertTrue(String.valueOf(without.get("error")).contains("X-CSRF-Token"), String.valueOf(without));
            Map<?, ?> wrong = (Map<?, ?>) browser.driver.executeAsyncScript(postFromPage, path, token + "x");
            assertEquals(403L, wrong.get("status"), path + " with a wrong token: " + wrong);
        }
        Map<?, ?> with = (Map<?, ?>) browser.driver.executeAsyncScript(postFromPage, "/api/project", token);
        assertEquals(400L, with.get("status"), "with the token the request passes, and is judged on its content: " + with);
        assertEquals("path", with.get("field"));
        assertEquals(LauncherState.DOCKER_UNAVAILABLE, h.launcher().status().state(), "nothing changed");
        assertTrue(h.launcher().status().project().isEmpty());
        assertFalse(h.launcher().terminated().isDone(), "the refused quit did not quit");
    }

    @Test
    void aRefusedActionShowsTheApisMessage() {
        openPage();
        // The state may change between showing a button and its click; here Start is forced on
        // without a project folder, and the launcher refuses it.
        browser.script("document.getElementById('start').disabled = false;");
        browser.element("start").click();
        browser.await("the refusal", d -> browser.visible("action-result"));
        String shown = browser.text("action-result");
        RawHttp.Response api = h.post("/api/start", "{}");
        assertEquals(409, api.status(), api.body());
        assertTrue(shown.contains(jsonField(api.body(), "error")), "the API's message, as the API gives it: " + shown + " / " + api.body());
        assertTrue(browser.element("action-result").getAttribute("class").contains("is-error"));
        assertEquals("alert", browser.element("action-result").getAttribute("role"), "announced at once");
        browser.screenshot("12-refused-action");
    }

    @Test
    void theLauncherGoingAwayIsShownAndThePageReconnectsWithTheNewToken() {
        // Launchers of its own: quitting the shared one would leave the other methods without it.
        try (LauncherHarness first = startWithoutDocker(new LauncherHarness("page-nodocker-quit", repository))) {
            LauncherHarness second = null;
            try {
                browser.open(first.pageUrl());
                browser.awaitHeadline(NO_DOCKER);
                second = quitAndStartAgain(first);
            } finally {
                if (second != null) {
                    second.close();
                }
            }
        }
    }

    private static String jsonField(String json, String field) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).path(field).asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Quits {@code first} from its page, starts another launcher on its port, and returns it. */
    private LauncherHarness quitAndStartAgain(LauncherHarness first) {
        String oldToken = browser.driver.findElement(By.cssSelector("meta[name='csrf-token']")).getAttribute("content");
        browser.element("quit").click();
        Alert confirm = new org.openqa.selenium.support.ui.WebDriverWait(browser.driver, Duration.ofSeconds(10))
                .until(ExpectedConditions.alertIsPresent());
        assertTrue(confirm.getText().contains("Quit"), confirm.getText());
        confirm.accept();
        browser.await("the launcher gone", d -> browser.visible("connection"));
        assertFalse(NO_DOCKER.equals(browser.text("headline")), "the last state is not shown as the present");
        assertEquals("Not connected", browser.text("state"));
        assertTrue(first.launcher().terminated().isDone(), "the launcher quit");
        for (String id : List.of("start", "stop", "restart", "quit", "check-updates", "folders-submit")) {
            assertFalse(browser.element(id).isEnabled(), id + " is off while the launcher is away");
        }
        browser.screenshot("13-launcher-went-away");

        // The launcher is started again on the same port: the page notices, with no reload.
        // The same user starts it again: the same settings folder's secret, so the browser's sign-in still counts.
        LauncherHarness again = new LauncherHarness("page-nodocker-again", repository, first.statusPort);
        try {
            Files.createDirectories(again.settings);
            Files.copy(LauncherAuth.secretFile(first.settings), LauncherAuth.secretFile(again.settings), StandardCopyOption.COPY_ATTRIBUTES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LauncherHarness second = startWithoutDocker(again);
        browser.await("the page reconnected", d -> !browser.visible("connection") && NO_DOCKER.equals(browser.text("headline")));
        assertTrue(browser.element("quit").isEnabled());
        // The new launcher has a new token; the page took it, so its requests pass the check.
        String newToken = (String) browser.driver.executeAsyncScript(
                "var done = arguments[arguments.length - 1]; fetch('/').then(r => r.text())"
                        + ".then(t => done(new DOMParser().parseFromString(t, 'text/html').querySelector('meta[name=csrf-token]').content));");
        assertFalse(oldToken.equals(newToken), "a new run has a new token");
        Path missing = second.home.resolve("not made");
        browser.element("project").clear();
        browser.element("project").sendKeys(missing.toString());
        browser.await("the form usable again", d -> browser.element("folders-submit").isEnabled());
        browser.element("folders-submit").click();
        browser.await("the folder's error", d -> browser.visible("project-error"));
        RawHttp.Response api = second.post("/api/project", "{\"path\": " + new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(missing.toString()) + "}");
        assertEquals(400, api.status(), api.body());
        assertTrue(browser.text("project-error").contains(jsonField(api.body(), "error")),
                "judged by the new launcher, as its API judges it: " + browser.text("project-error") + " / " + api.body());
        return second;
    }
}
