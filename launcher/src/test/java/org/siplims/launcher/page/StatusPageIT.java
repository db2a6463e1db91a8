package org.siplims.launcher.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.testing.FixtureImages;
import org.siplims.core.testing.FixtureImages.Mode;
import org.siplims.core.testing.TestEnvironment;
import org.siplims.launcher.paths.HostFolder;
import org.siplims.launcher.status.LauncherState;
import org.siplims.launcher.testing.LauncherHarness;
import org.siplims.launcher.testing.LoopbackProxy;
import org.siplims.launcher.testing.RawHttp;

/**
 * The status page in a real (headless) Chromium, against a launcher running the fixture app on the
 * real engine: ready with a working app link, the page without JavaScript and in a narrow window,
 * the log, a project change and bad paths through the form, Stop and Start, and an update offered
 * and applied with its progress on the page. A screenshot of each state goes to target/screenshots.
 *
 * <p>The methods run in any order. They share one launcher running release 1.0.0 and one browser;
 * each starts from a freshly loaded page with the app running and leaves the launcher as it found
 * it (the project change puts the folders back). The update, which cannot be undone, runs on a
 * launcher of its own.
 *
 * <p>A launcher reaches the registry through a throttled {@link LoopbackProxy}, so that the update's
 * download takes a few seconds, as it does for a lab user, and its progress can be seen.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatusPageIT {
    private static final String READY = "Ready: open the workflow manager";
    private static final long PROXY_BYTES_PER_SECOND = 6_000_000;
    private static final int BALLAST_BYTES = 24_000_000;
    private static final String COMMIT_1 = "3f9a1c2b7d4e8f60a1b2c3d4e5f60718293a4b5c";
    private static final String COMMIT_2 = "8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b";
    private static final String BUILD_DATE = "2026-03-14T09:30:00Z";

    /** A launcher running release 1.0.0 of a repository of its own, which it reaches through a throttled proxy. */
    private static final class PageLauncher implements AutoCloseable {
        final LoopbackProxy proxy;
        final ImageReference pushTo;
        final LauncherHarness h;
        final FixtureImages.PushedImage v1;

        PageLauncher(String prefix) {
            TestEnvironment env = TestEnvironment.get();
            String repository = TestEnvironment.uniqueRepository(prefix);
            pushTo = ImageReference.parse(env.plainRegistry() + "/" + repository);
            int registryPort = Integer.parseInt(env.plainRegistry().substring(env.plainRegistry().lastIndexOf(':') + 1));
            proxy = LoopbackProxy.throttledTo(registryPort, PROXY_BYTES_PER_SECOND);
            ImageReference viaProxy = ImageReference.parse("127.0.0.1:" + proxy.port() + "/" + repository);
            // Looks for updates every 2 s, so an update pushed by a test shows up on the page soon.
            h = new LauncherHarness(prefix, viaProxy).checkForUpdatesEvery(Duration.ofSeconds(2));
            v1 = pushRelease(h, pushTo, "1.0.0", COMMIT_1, 0);
            h.start();
        }

        @Override
        public void close() {
            try {
                h.close();
            } finally {
                proxy.close();
            }
        }
    }

    private PageLauncher shared;
    private LauncherHarness h;
    private Browser browser;
    private FixtureImages.PushedImage v1;

    @BeforeAll
    void startLauncherAndBrowser() {
        shared = new PageLauncher("page");
        h = shared.h;
        v1 = shared.v1;
        browser = new Browser();
    }

    @AfterAll
    void quitEverything() {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (shared != null) {
                shared.close();
            }
        }
    }

    /**
     * Builds the fixture app as a release, labelled as the publisher labels them, with a layer of
     * {@code ballastBytes} random bytes when not 0, and pushes it as the channel tag.
     */
    private static FixtureImages.PushedImage pushRelease(LauncherHarness h, ImageReference pushTo, String version, String commit, int ballastBytes) {
        try {
            Path context = Files.createTempDirectory("siplims-page-release-");
            h.fixtures.writeAppContext(context, Mode.HEALTHY);
            StringBuilder extra = new StringBuilder()
                    .append("LABEL org.siplims.release.version=\"").append(version).append("\" ")
                    .append("org.siplims.release.commit=\"").append(commit).append("\" ")
                    .append("org.siplims.release.build-date=\"").append(BUILD_DATE).append("\"\n");
            if (ballastBytes > 0) {
                byte[] ballast = new byte[ballastBytes];
                new SecureRandom().nextBytes(ballast); // incompressible: the download is as large as the layer
                Files.write(context.resolve("ballast.bin"), ballast);
                extra.append("COPY ballast.bin /opt/ballast.bin\n");
            }
            Files.writeString(context.resolve("Dockerfile"), extra, StandardOpenOption.APPEND);
            ImageReference latest = pushTo.withTag("latest");
            String id = h.fixtures.build(context, latest, version);
            return new FixtureImages.PushedImage(latest, h.fixtures.push(latest), id);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every test starts from a running app, on a freshly loaded page. */
    private void reloadAndAwaitReady() {
        reloadAndAwaitReady(h);
    }

    private void reloadAndAwaitReady(LauncherHarness launcher) {
        browser.open(launcher.pageUrl());
        browser.awaitHeadline(READY);
    }

    private boolean enabled(String id) {
        return browser.element(id).isEnabled();
    }

    @Test
    void reachesReadyWithTheAppLinkAsTheMainButtonAndTheVersion() throws Exception {
        browser.consoleErrors(); // reading empties the log: only what this page load logs is checked below
        reloadAndAwaitReady();
        assertEquals("Ready", browser.text("state"));
        assertEquals("RUNNING", browser.driver.findElement(By.tagName("body")).getAttribute("data-state"));
        WebElement link = browser.element("app-link");
        assertTrue(link.isDisplayed(), "the app link is shown");
        assertEquals(h.appUrl().toString(), link.getAttribute("href"));
        assertTrue(link.getAttribute("class").contains("button-primary"), "the app link is the main button");
        assertEquals("Open the workflow manager", link.getText());

        assertEquals("1.0.0", browser.text("image-version"));
        assertEquals(COMMIT_1.substring(0, 12), browser.text("image-commit"));
        assertEquals("sha256:" + v1.digest().shortForm(), browser.text("image-digest"));
        assertEquals(v1.digest().toString(), browser.element("image-digest").getAttribute("title"));
        assertTrue(browser.text("image-built").matches(".*14.*2026.*|.*2026.*14.*"), "the build date: " + browser.text("image-built"));
        assertTrue(browser.text("image-platform").contains("linux/amd64") && browser.text("image-platform").contains("natively"),
                browser.text("image-platform"));
        assertFalse(browser.visible("emulation-note"));
        // This launcher has no trusted key: the Version box says so, once.
        String signature = browser.text("image-signature");
        assertTrue(!signature.equals("–") && !signature.startsWith("verified") && signature.contains("key"), signature);
        // The engine by name and where it answers, e.g. "Docker Engine 20.10.24 at unix:///var/run/docker.sock".
        var docker = h.launcher().status().docker();
        assertTrue(docker.engine().matches("(Docker Engine|Podman) [0-9].*"), docker.engine());
        assertEquals(docker.engine() + " at " + h.engine.host(), browser.text("docker-version"));
        assertEquals(h.project.toString(), browser.element("project").getAttribute("value"));
        assertEquals(h.scripts.toString(), browser.element("scripts").getAttribute("value"));
        assertEquals("SIP", browser.element("workflow").getAttribute("value"));
        browser.await("the update check", d -> browser.text("update-text").startsWith("You have the current release"));

        assertFalse(enabled("start"), "Start makes no sense while running");
        assertTrue(enabled("stop"));
        assertTrue(enabled("restart"));
        assertTrue(enabled("quit"));
        assertTrue(enabled("check-updates"));
        assertEquals("Check for updates", browser.text("check-updates"));
        assertFalse(browser.visible("offer"), "nothing offered");
        assertFalse(browser.visible("advice"), "nothing to do when all is well");
        assertFalse(browser.visible("progress-box"));
        assertFalse(browser.visible("connection"));
        browser.screenshot("01-ready");
        // The picture in the README: the top of the page, as a user first sees it.
        browser.topScreenshot("status-page", 960, "update-card");
        assertEquals(List.of(), browser.consoleErrors(), "no script errors, refused loads or CSP reports");
        HttpResponse<String> pageResponse = HttpClient.newHttpClient().send(h.request("/").build(),
                HttpResponse.BodyHandlers.ofString());
        String csp = pageResponse.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp.contains("script-src 'self'") && csp.contains("style-src 'self'") && !csp.contains("unsafe-inline"),
                "the page works under a strict policy: " + csp);

        // Follow the link, as a user would: it opens the app in a new tab.
        String page = browser.driver.getWindowHandle();
        link.click();
        browser.await("the app's tab", d -> d.getWindowHandles().size() == 2);
        String tab = browser.driver.getWindowHandles().stream().filter(w -> !w.equals(page)).findFirst().orElseThrow();
        browser.driver.switchTo().window(tab);
        try {
            browser.await("the fixture app's page", d -> d.getPageSource().contains("Fixture app 1.0.0"));
            assertTrue(browser.driver.getCurrentUrl().startsWith(h.appUrl().toString()), browser.driver.getCurrentUrl());
        } finally {
            browser.driver.close();
            browser.driver.switchTo().window(page);
        }
        HttpResponse<String> app = HttpClient.newHttpClient().send(HttpRequest.newBuilder(h.appUrl()).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, app.statusCode(), "the app link answers");
        assertTrue(app.body().contains("Fixture app 1.0.0"), app.body());
    }

    @Test
    void fitsANarrowWindow() {
        reloadAndAwaitReady();
        Dimension before = browser.driver.manage().window().getSize();
        try {
            browser.driver.manage().window().setSize(new Dimension(400, 900));
            browser.await("the narrow layout", d -> ((Number) browser.script("return window.innerWidth;")).intValue() <= 400);
            Number overflow = (Number) browser.script("return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
            assertTrue(overflow.intValue() <= 0, "no sideways scrolling at 400 px: " + overflow + " px too wide");
            WebElement link = browser.element("app-link");
            assertTrue(link.isDisplayed());
            assertTrue(link.getSize().getWidth() >= 300, "the app link spans the narrow window: " + link.getSize());
            for (String id : List.of("start", "stop", "restart", "quit", "folders-submit", "project")) {
                WebElement e = browser.element(id);
                assertTrue(e.getLocation().getX() + e.getSize().getWidth() <= 400, id + " fits: " + e.getRect());
            }
            browser.screenshot("02-ready-narrow-400px");
        } finally {
            browser.driver.manage().window().setSize(before);
        }
    }

    @Test
    void showsTheEssentialsWithoutJavaScript() {
        try (Browser noScript = new Browser(false, 1000, 800)) {
            noScript.open(h.pageUrl());
            String message = h.launcher().status().message();
            assertEquals("RUNNING", noScript.text("state"), "the state, as the server wrote it");
            assertEquals(message.replaceAll("\\s+", " ").strip(), noScript.text("headline").replaceAll("\\s+", " ").strip(),
                    "the message, as the server wrote it");
            WebElement link = noScript.element("app-link");
            assertTrue(link.isDisplayed(), "the app link works without JavaScript");
            assertEquals(h.appUrl().toString(), link.getAttribute("href"));
            assertFalse(noScript.visible("start"), "buttons that need the script are not offered");
            // The page as the server sent it agrees with its state (issue 16, finding 4).
            // (the boxes need the script to be shown, so their text is read as the server sent it)
            assertEquals("1.0.0", noScript.element("image-version").getAttribute("textContent"));
            String docker = noScript.element("docker-version").getAttribute("textContent");
            assertFalse(docker.isBlank() || docker.startsWith("not") || docker.equals("–"), "the engine, as the server wrote it: " + docker);
            assertEquals(h.project.toString(), noScript.element("project").getAttribute("value"));
            assertFalse(noScript.driver.getPageSource().contains("not known yet"));
            assertTrue(noScript.driver.getPageSource().contains("Turn on JavaScript"));
            noScript.screenshot("03-ready-without-javascript");
        }
    }

    @Test
    void showsTheLastLogLinesScrolledToTheEnd() {
        reloadAndAwaitReady();
        // Give the log more lines than its box shows.
        String id = h.launcher().status().container().orElseThrow().id();
        h.fixtures.cli().run("exec", id, "/bin/sh", "-c", "i=1; while [ $i -le 80 ]; do echo \"log line $i\" > /proc/1/fd/1; i=$((i+1)); done");
        assertFalse(browser.visible("log"), "the log is shown on demand only");
        browser.element("show-log").click();
        browser.await("the log", d -> browser.visible("log") && browser.text("log").contains("log line 80"));
        assertTrue(browser.text("log").contains("fixture app 1.0.0 starting"), browser.text("log"));
        Number fromEnd = (Number) browser.script("var l = document.getElementById('log'); return l.scrollHeight - l.clientHeight - l.scrollTop;");
        Number scrolled = (Number) browser.script("return document.getElementById('log').scrollTop;");
        assertTrue(scrolled.intValue() > 0, "the log is long enough to scroll");
        assertTrue(fromEnd.intValue() <= 2, "the log is scrolled to its end: " + fromEnd + " px left");
        assertEquals("Refresh the log", browser.text("show-log"));
        browser.screenshot("04-log");
    }

    @Test
    void changesTheProjectThroughTheForm() throws Exception {
        reloadAndAwaitReady();
        try {
            changeTheProjectThroughTheForm();
        } finally {
            // The folders the other methods expect, back as they were.
            RawHttp.Response back = h.post("/api/project", new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                    .put("path", h.project.toString()).put("scripts", h.scripts.toString()).put("workflow", "SIP").toString());
            assertEquals(202, back.status(), back.body());
            h.await("the first project running again", s -> s.state() == LauncherState.RUNNING
                    && s.project().map(HostFolder::path).equals(Optional.of(h.project.toString())), Duration.ofSeconds(60));
        }
    }

    private void changeTheProjectThroughTheForm() throws Exception {
        Path other = Files.createDirectories(h.home.resolve("Lab Projects/Project 43"));
        WebElement project = browser.element("project");
        project.clear();
        project.sendKeys(other.toString());
        WebElement workflow = browser.element("workflow");
        workflow.clear();
        workflow.sendKeys("SPS-CE");
        browser.element("folders-submit").click();
        browser.await("the folders saved", d -> browser.visible("folders-result")
                && !browser.element("folders-result").getAttribute("class").contains("is-error"));
        h.await("the new project running", s -> s.state() == LauncherState.RUNNING
                && s.project().map(HostFolder::path).equals(Optional.of(other.toString())), Duration.ofSeconds(60));
        browser.awaitHeadline(READY);
        assertEquals(Optional.of("SPS-CE"), h.launcher().status().workflow());
        String mounts = h.fixtures.cli().run("inspect", "--format", "{{range .Mounts}}{{.Source}}>{{.Destination}};{{end}}", h.containerName);
        assertTrue(mounts.contains(other + ">/data"), "the app sees the new project: " + mounts);
        assertEquals(other.toString(), browser.element("project").getAttribute("value"));
        browser.screenshot("05-project-changed");
    }

    @Test
    void aBadPathShowsItsErrorBesideItsField() {
        reloadAndAwaitReady();
        String projectBefore = h.launcher().status().project().orElseThrow().path();
        WebElement project = browser.element("project");
        project.clear();
        project.sendKeys("/no/such/folder/anywhere", Keys.ENTER); // the keyboard submits the form
        browser.await("the project folder's error", d -> browser.visible("project-error"));
        assertTrue(browser.text("project-error").contains("/no/such/folder/anywhere"), "names the folder: " + browser.text("project-error"));
        assertEquals("true", project.getAttribute("aria-invalid"));
        assertTrue(project.getAttribute("aria-describedby").contains("project-error"), "read out with the field");
        assertEquals(project, browser.driver.switchTo().activeElement(), "the field with the error gets the focus");
        assertFalse(browser.visible("scripts-error"));
        browser.screenshot("06-bad-project-folder");

        // The same for the scripts folder: its error beside it, not beside the project's.
        project.clear();
        project.sendKeys(projectBefore);
        WebElement scripts = browser.element("scripts");
        scripts.clear();
        scripts.sendKeys("/no/such/scripts");
        browser.element("folders-submit").click();
        browser.await("the scripts folder's error", d -> browser.visible("scripts-error"));
        assertTrue(browser.text("scripts-error").contains("/no/such/scripts"), "names the folder: " + browser.text("scripts-error"));
        assertFalse(browser.visible("project-error"));
        assertEquals("true", scripts.getAttribute("aria-invalid"));
        assertEquals(null, project.getAttribute("aria-invalid"));

        // And a bad workflow name beside the workflow.
        scripts.clear();
        WebElement workflow = browser.element("workflow");
        workflow.clear();
        workflow.sendKeys("rm -rf /");
        browser.element("folders-submit").click();
        browser.await("the workflow's error", d -> browser.visible("workflow-error"));
        assertEquals("true", workflow.getAttribute("aria-invalid"));

        assertEquals(LauncherState.RUNNING, h.launcher().status().state(), "refused changes change nothing");
        assertEquals(projectBefore, h.launcher().status().project().orElseThrow().path());
        assertEquals(READY, browser.text("headline"));
    }

    @Test
    void stopsAndStarts() {
        reloadAndAwaitReady();
        browser.element("stop").click();
        browser.awaitHeadline("The workflow manager is stopped");
        assertEquals("Stopped", browser.text("state"));
        assertTrue(enabled("start"), "Start is offered");
        assertFalse(enabled("stop"));
        assertFalse(enabled("restart"));
        assertTrue(enabled("quit"));
        assertFalse(browser.visible("app-link"), "no link to an app that is not there");
        assertTrue(browser.visible("advice") && browser.text("advice-text").contains("Start"), browser.text("advice-text"));
        assertFalse(h.containerExists(), "the container was stopped and removed");
        browser.screenshot("07-stopped");

        browser.element("start").click();
        browser.awaitHeadline(READY);
        assertTrue(browser.visible("app-link"));
        assertFalse(enabled("start"));
        assertTrue(enabled("stop"));
        assertTrue(h.containerExists());
    }

    @Test
    void anUpdateIsOfferedAndAppliedWithItsProgressOnThePage() throws Exception {
        // A launcher of its own: the update cannot be undone, and the other methods expect 1.0.0.
        try (PageLauncher updating = new PageLauncher("page-update")) {
            reloadAndAwaitReady(updating.h);
            offerAndApplyAnUpdate(updating);
        }
    }

    private void offerAndApplyAnUpdate(PageLauncher updating) throws Exception {
        LauncherHarness h = updating.h;
        // A newer release, with a layer large enough that its download takes a few seconds through the proxy.
        FixtureImages.PushedImage pushed = pushRelease(h, updating.pushTo, "2.0.0", COMMIT_2, BALLAST_BYTES);
        Digest v2 = pushed.digest();
        h.fixtures.removeLocal(pushed.imageId()); // built here, but a lab user's computer has to download it

        browser.await("the update offered", d -> browser.visible("offer") && browser.text("offer-text").startsWith("Update available: 2.0.0"));
        assertTrue(browser.text("offer-text").contains("released 2026-03-14") && browser.text("offer-text").contains(COMMIT_2.substring(0, 12)),
                browser.text("offer-text"));
        assertFalse(browser.text("offer-text").contains("sha256"), "a version, not a digest");
        assertEquals("Update now", browser.text("update"));
        assertTrue(enabled("update"));
        assertTrue(enabled("skip-update"));
        assertFalse(browser.text("offer-explain").isBlank(), "what an update does is explained");
        assertTrue(h.launcher().status().image().orElseThrow().version().equals("1.0.0"), "offered, not installed");
        assertEquals(READY, browser.text("headline"), "an update is offered, never forced");
        browser.screenshot("08-update-available");

        // Record every headline and progress line the page shows from now on.
        browser.script("""
                var seen = window.__seen = {headlines: [], progress: [], states: []};
                function add(list, value) { if (value && list[list.length - 1] !== value) { list.push(value); } }
                function record() {
                  add(seen.headlines, document.getElementById('headline').textContent);
                  add(seen.states, document.body.getAttribute('data-state'));
                  if (!document.getElementById('progress-box').hidden) {
                    add(seen.progress, document.getElementById('progress-text').textContent);
                  }
                }
                new MutationObserver(record).observe(document.body,
                    {subtree: true, childList: true, characterData: true, attributes: true});
                """);
        browser.element("update").click();
        // The download takes about 4 s through the proxy: catch it half-way, with its estimate.
        browser.await("the download's progress", Duration.ofSeconds(30),
                d -> browser.text("headline").matches("Downloading update [1-9]\\d?% \\(.+ of .+\\)")
                        && browser.text("progress-text").matches(".*, (about .+|a few seconds) left"));
        assertTrue(browser.visible("progress-box"), "a progress bar while downloading");
        assertTrue(browser.visible("app-link"), "the old version keeps serving while the new one downloads");
        assertFalse(enabled("update"), "one update at a time");
        assertFalse(enabled("start"));
        browser.screenshot("09-downloading-update");

        browser.await("version 2.0.0 running", Duration.ofSeconds(120),
                d -> READY.equals(browser.text("headline")) && "2.0.0".equals(browser.text("image-version")));
        assertEquals("sha256:" + v2.shortForm(), browser.text("image-digest"));
        assertEquals(COMMIT_2.substring(0, 12), browser.text("image-commit"));
        assertTrue(browser.text("message").contains("1.0.0"), "names the version it came from: " + browser.text("message"));
        browser.await("the update no longer offered", d -> browser.text("update-text").startsWith("You have the current release"));
        assertFalse(browser.visible("offer"));

        @SuppressWarnings("unchecked")
        Map<String, List<String>> seen = (Map<String, List<String>>) browser.script("return window.__seen;");
        assertNotNull(seen);
        List<String> headlines = seen.get("headlines");
        List<String> progress = seen.get("progress");
        List<String> states = seen.get("states");
        long percentages = headlines.stream().filter(t -> t.matches("Downloading update \\d+% \\(.+ of .+\\)")).distinct().count();
        assertTrue(percentages >= 2, "the download's progress moved on the page: " + headlines);
        assertTrue(progress.stream().anyMatch(t -> t.matches(".+ of .+ downloaded \\(\\d+%\\), .*")), "bytes on the page: " + progress);
        assertTrue(progress.stream().anyMatch(t -> t.matches(".*, (about .+|a few seconds) left")), "an estimate of the time left: " + progress);
        assertTrue(states.indexOf("PULLING") >= 0 && states.lastIndexOf("RUNNING") > states.indexOf("PULLING"), "states: " + states);
        assertTrue(states.indexOf("STARTING") > states.indexOf("PULLING"), "started after the download: " + states);
        browser.screenshot("10-updated");
    }
}
