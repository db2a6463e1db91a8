package org.siplims.launcher.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.siplims.core.docker.LocalImage;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.release.ReleaseLabels;
import org.siplims.launcher.api.ApiServer;
import org.siplims.launcher.api.CsrfToken;
import org.siplims.launcher.api.LauncherActions;
import org.siplims.launcher.api.LoginLinks;
import org.siplims.launcher.api.OwnerSecret;
import org.siplims.launcher.config.LauncherOptions;
import org.siplims.launcher.config.RememberedSettingsStore;
import org.siplims.launcher.lifecycle.FolderChange;
import org.siplims.launcher.lifecycle.LauncherContext;
import org.siplims.launcher.lifecycle.Supervisor;
import org.siplims.launcher.paths.FolderBrowser;
import org.siplims.launcher.paths.FolderProbe;
import org.siplims.launcher.paths.FolderRules;
import org.siplims.launcher.paths.HostFolder;
import org.siplims.launcher.paths.OsFlavor;
import org.siplims.launcher.status.EventBus;
import org.siplims.launcher.status.LauncherState;
import org.siplims.launcher.status.PullProgress;
import org.siplims.launcher.status.StateMachine;
import org.siplims.launcher.status.Status;
import org.siplims.launcher.status.StatusStore;
import org.siplims.launcher.testing.FakeEngine;
import org.siplims.launcher.testing.FakeReleases;
import org.siplims.launcher.testing.FakeVerifier;

/**
 * The status page in Chromium for each state a lab user meets (issue 16): the real supervisor,
 * state machine, API server and page, over the in-memory engine and registry, so that states real
 * timing makes hard to catch (checking, a download half-way, a switch) are shown on purpose. Each
 * asserts the visible words and which buttons can be used, and leaves a screenshot in
 * target/screenshots (states-*.png). The real-engine page tests are StatusPageIT and DockerUnavailablePageIT.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PageStatesIT {
    private static final ImageReference REPO = ImageReference.parse("fake.registry/lab/app");
    private static final Instant T0 = Instant.parse("2026-03-01T09:30:00Z");
    private static final String READY = "Ready: open the workflow manager";
    private Browser browser;

    @BeforeAll
    void browser() {
        browser = new Browser();
    }

    @AfterAll
    void close() {
        if (browser != null) {
            browser.close();
        }
    }

    /** Release 1.n, built n days after T0, with a commit label. */
    private static LocalImage release(int n) {
        LocalImage plain = FakeEngine.image(REPO, Digest.of("page release " + n), "1." + n, T0.plus(Duration.ofDays(n)));
        return new LocalImage(plain.id(), plain.platform(), Map.of(ReleaseLabels.VERSION, "1." + n,
                ReleaseLabels.COMMIT, "c0ffee" + n + "5b4a39281706f5e4d3c2b1a09f8e7d6c5b",
                ReleaseLabels.BUILD_DATE, T0.plus(Duration.ofDays(n)).toString()), plain.created(), plain.references());
    }

    /** One launcher over fakes, serving its page on a free port. */
    private static final class Scene implements AutoCloseable {
        final FakeEngine engine = new FakeEngine();
        final FakeReleases registry = new FakeReleases();
        final StateMachine status;
        final Supervisor supervisor;
        final ApiServer server;
        final int port;
        final Path home;
        OwnerSecret secret;
        LoginLinks links;

        Scene(boolean withProject) {
            try {
                home = Files.createTempDirectory("siplims-page-states-");
                Path project = Files.createDirectories(home.resolve("Lab/Project 42"));
                try (ServerSocket s = new ServerSocket(0)) {
                    port = s.getLocalPort();
                }
                LauncherOptions options = new LauncherOptions(REPO, "latest", Optional.empty(), Optional.empty(), Optional.empty(),
                        18501, port, "fake-app", false, false, Duration.ofHours(4), Duration.ofSeconds(5), Duration.ofSeconds(1),
                        Duration.ofMillis(200), URI.create("tcp://127.0.0.1:9"), home.resolve("settings"));
                EventBus<Status> changes = new EventBus<>();
                Optional<HostFolder> folder = withProject ? Optional.of(new HostFolder(project.toString(), OsFlavor.current())) : Optional.empty();
                status = new StateMachine(new StatusStore(Status.initial(folder, Optional.empty(), Optional.empty()), changes));
                LauncherContext ctx = new LauncherContext(options, engine, registry, FakeVerifier.noKeys(), status, Clock.systemUTC());
                FolderRules rules = new FolderRules(OsFlavor.current(), home.toString(), FolderProbe.local());
                supervisor = new Supervisor(ctx, rules, new RememberedSettingsStore(home.resolve("settings"), w -> { }, Clock.systemUTC()));
                secret = OwnerSecret.loadOrCreate(home.resolve("settings"));
                links = new LoginLinks(secret, Clock.systemUTC());
                server = new ApiServer(port, actions(supervisor, new FolderBrowser(rules, home.toString())), changes, CsrfToken.random(),
                        secret, links);
                server.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The page through a one-time sign-in link, as the launcher opens it for its owner. */
        String url() {
            return "http://127.0.0.1:" + port + links.mint();
        }

        Status await(String what, java.util.function.Predicate<Status> condition) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!condition.test(status.get())) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("waiting for " + what + "; the status is " + status.get());
                }
                Thread.sleep(20);
            }
            return status.get();
        }

        /** The HTTP status of the folder listing of {@code path}. */
        int listStatus(String path) throws Exception {
            java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/api/folders?path=" + java.net.URLEncoder.encode(path, java.nio.charset.StandardCharsets.UTF_8)))
                    .header("Authorization", secret.bearerHeader()).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return r.statusCode();
        }

        @Override
        public void close() {
            try {
                server.close();
            } finally {
                supervisor.close();
            }
        }
    }

    private static LauncherActions actions(Supervisor s, FolderBrowser browser) {
        return new LauncherActions() {
            @Override public Status status() { return s.status(); }
            @Override public Status changeFolders(FolderChange change) { return s.changeFolders(change); }
            @Override public Status start() { return s.start(); }
            @Override public Status stop() { return s.stop(); }
            @Override public Status restart() { return s.restart(); }
            @Override public Status update() { return s.update(); }
            @Override public Status checkForUpdates() { return s.checkForUpdates(); }
            @Override public Status skipUpdate() { return s.skipUpdate(); }
            @Override public Status quit() { return s.status(); }
            @Override public String logs(int tail) { return ""; }
            @Override public FolderBrowser.Listing listFolders(Optional<String> path) { return browser.list(path); }
        };
    }

    /** Release one runs; the page shows it Ready. */
    private Scene runningOne() throws InterruptedException {
        Scene scene = new Scene(true);
        scene.engine.has(release(1));
        scene.registry.channelNames(release(1));
        scene.supervisor.begin();
        scene.await("release 1.1 running", s -> s.state() == LauncherState.RUNNING);
        browser.open(scene.url());
        browser.awaitHeadline(READY);
        return scene;
    }

    private boolean enabled(String id) {
        return browser.element(id).isEnabled();
    }

    @Test
    void needsAProjectSaysBothWaysToGiveOne() throws Exception {
        try (Scene scene = new Scene(false)) {
            scene.engine.has(release(1));
            scene.registry.channelNames(release(1));
            scene.supervisor.begin();
            scene.await("the project asked for", s -> s.state() == LauncherState.NEEDS_PROJECT);
            browser.open(scene.url());
            browser.awaitHeadline("No project folder yet");
            assertEquals("No project folder yet: choose one below, or start the launcher with --project FOLDER.", browser.text("advice-text"));
            assertFalse(enabled("start"), "nothing to start without a folder");
            assertFalse(enabled("check-updates"));
            assertTrue(enabled("folders-submit"));
            browser.screenshot("states-needs-project");
        }
    }

    /** Finding 6: the project folder is chosen by browsing, with the keyboard only, starting at home. */
    @Test
    void theFolderPickerChoosesAProjectWithTheKeyboard() throws Exception {
        try (Scene scene = new Scene(false)) {
            scene.engine.has(release(1));
            scene.registry.channelNames(release(1));
            Files.createDirectories(scene.home.resolve(".hidden-settings"));
            Files.writeString(scene.home.resolve("notes.txt"), "a file, not a folder");
            scene.supervisor.begin();
            scene.await("the project asked for", s -> s.state() == LauncherState.NEEDS_PROJECT);
            browser.open(scene.url());
            browser.awaitHeadline("No project folder yet");
            browser.element("browse-project").sendKeys(org.openqa.selenium.Keys.ENTER);
            browser.await("the picker at home", d -> browser.visible("picker") && scene.home.toString().equals(browser.text("picker-path")));
            String listed = browser.text("picker-list");
            assertTrue(listed.contains("Lab"), listed);
            assertFalse(listed.contains("notes.txt") || listed.contains(".hidden"), "folders only, no hidden ones: " + listed);
            assertFalse(browser.element("picker-choose").isEnabled(), "the home folder itself is refused, as the folder rules say");
            browser.await("the focus on the first folder", d -> "Lab".equals(browser.driver.switchTo().activeElement().getText()));
            browser.driver.switchTo().activeElement().sendKeys(org.openqa.selenium.Keys.ENTER);
            browser.await("inside Lab", d -> browser.text("picker-path").endsWith("Lab") && browser.text("picker-list").contains("Project 42"));
            browser.driver.switchTo().activeElement().sendKeys(org.openqa.selenium.Keys.ENTER);
            browser.await("inside Project 42", d -> browser.text("picker-path").endsWith("Project 42") && browser.element("picker-choose").isEnabled());
            browser.screenshot("states-folder-picker");
            browser.element("picker-choose").sendKeys(org.openqa.selenium.Keys.ENTER);
            String chosen = scene.home.resolve("Lab/Project 42").toString();
            browser.await("the path in the field", d -> chosen.equals(browser.element("project").getAttribute("value")));
            browser.element("folders-submit").click();
            scene.await("running with the chosen folder", s -> s.state() == LauncherState.RUNNING
                    && s.project().map(HostFolder::path).equals(Optional.of(chosen)));
            assertEquals(400, scene.listStatus("/etc"), "outside home and the data drives: refused");
        }
    }

    @Test
    void offlineWithNoCopySaysToConnectOnceAndOffersOnlyTryAgain() throws Exception {
        try (Scene scene = new Scene(true)) {
            scene.registry.down();
            scene.supervisor.begin();
            scene.await("the failure", s -> s.state() == LauncherState.ERROR);
            browser.open(scene.url());
            browser.awaitHeadline("Something needs your attention");
            String message = browser.text("message");
            assertTrue(message.contains("The launcher needs the internet once, to download the workflow manager (about 2.6 GB). "
                    + "Connect, then choose Try again."), message);
            assertTrue(message.contains("(the registry, fake.registry)"), "the registry is explained: " + message);
            assertFalse(message.contains("image reference"), message);
            assertEquals("Try again", browser.text("restart"));
            assertTrue(enabled("restart"));
            assertFalse(enabled("start"), "a button that cannot help is greyed out");
            assertFalse(enabled("stop"));
            assertFalse(message.contains("  "), "no double spaces: " + message);
            browser.screenshot("states-offline-no-copy");
        }
    }

    @Test
    void dockerUnavailableSaysSoAndGreysOutTheButtons() throws Exception {
        try (Scene scene = new Scene(true)) {
            scene.engine.available(false);
            scene.supervisor.begin();
            scene.await("Docker missing", s -> s.state() == LauncherState.DOCKER_UNAVAILABLE);
            browser.open(scene.url());
            browser.awaitHeadline("Docker Desktop is not running");
            assertEquals("not answering", browser.text("docker-version"));
            for (String id : new String[] {"start", "restart", "check-updates", "update"}) {
                assertFalse(enabled(id), id + " cannot help");
            }
            browser.screenshot("states-docker-unavailable");
        }
    }

    @Test
    void runningThenAnUpdateOfferedThenSkipped() throws Exception {
        try (Scene scene = runningOne()) {
            assertEquals("1.1", browser.text("image-version"));
            assertFalse(browser.visible("offer"));
            assertFalse(browser.text("message").contains("Unverified"), "no warning in every Ready message");
            assertTrue(browser.text("image-signature").contains("No trusted key"), "said once, in the Version box: "
                    + browser.text("image-signature"));
            browser.screenshot("states-running");

            scene.engine.offer(release(2));
            scene.registry.channelNames(release(2));
            browser.element("check-updates").click();
            browser.await("the offer", d -> browser.visible("offer"));
            assertTrue(browser.text("offer-text").startsWith("Update available: 1.2 (released 2026-03-03, commit c0ffee25b4a3)"),
                    browser.text("offer-text"));
            assertEquals(READY, browser.text("headline"), "the banner stays Ready");
            assertEquals("Ready", browser.text("state"));
            assertEquals("1.1", browser.text("image-version"), "checking did not install");
            assertTrue(scene.engine.pulls().isEmpty(), "nothing downloaded");
            assertEquals("Update now", browser.text("update"));
            assertTrue(enabled("update") && enabled("skip-update"));
            browser.screenshot("states-update-offered");

            browser.element("skip-update").click();
            browser.await("the offer gone", d -> !browser.visible("offer"));
            assertEquals(Optional.of(release(2).repoDigest().get().toString()),
                    new RememberedSettingsStore(scene.home.resolve("settings"), w -> { }, Clock.systemUTC()).load().skippedRelease(),
                    "the skipped release is remembered");
            scene.supervisor.checkForUpdates();
            Thread.sleep(300);
            assertFalse(browser.visible("offer"), "a skipped release is not offered again");
        }
    }

    @Test
    void aWithdrawnReleaseIsOfferedAsGoingBack() throws Exception {
        try (Scene scene = new Scene(true)) {
            scene.engine.has(release(2)).has(release(1));
            scene.registry.channelNames(release(2));
            scene.supervisor.begin();
            scene.await("release 1.2 running", s -> s.state() == LauncherState.RUNNING);
            scene.registry.channelNames(release(1));
            scene.supervisor.checkForUpdates();
            browser.open(scene.url());
            browser.await("the withdrawn offer", d -> browser.visible("offer"));
            assertTrue(browser.text("offer-text").startsWith("The maintainer withdrew 1.2; going back to 1.1 is recommended"),
                    browser.text("offer-text"));
            assertEquals("Go back to 1.1", browser.text("update"));
            browser.screenshot("states-withdrawn");
            browser.element("update").click();
            browser.await("1.1 running", d -> "1.1".equals(browser.text("image-version")) && READY.equals(browser.text("headline")));
            assertFalse(browser.text("message").contains("Updated"), browser.text("message"));
            assertTrue(browser.text("message").contains("withdrew"), browser.text("message"));
        }
    }

    @Test
    void aFailedUpdateIsRolledBackAndSaysSo() throws Exception {
        try (Scene scene = runningOne()) {
            scene.engine.offer(release(2)).crashes(release(2));
            scene.registry.channelNames(release(2));
            scene.supervisor.update();
            browser.await("rolled back", d -> browser.visible("update-error") && READY.equals(browser.text("headline")));
            assertEquals("1.1", browser.text("image-version"));
            assertTrue(browser.text("update-error").contains("did not start properly"), browser.text("update-error"));
            browser.screenshot("states-rolled-back");
        }
    }

    /**
     * Checking, a download half-way and a switch last milliseconds over fakes: the state machine is
     * moved there on purpose (legal transitions only), to see the page in each.
     */
    @Test
    void checkingDownloadingStartingAndSwitching() throws Exception {
        try (Scene scene = runningOne()) {
            scene.supervisor.close(); // the worker stays out of the way: this test moves the states
            StateMachine sm = scene.status;
            sm.checking("Checking fake.registry for the newest release…");
            browser.awaitHeadline("Checking for the newest version…");
            browser.screenshot("states-checking");

            sm.downloading("Downloading the workflow manager 1.2…");
            sm.pullProgress(new PullProgress(1_300_000_000L, 2_600_000_000L));
            browser.await("the progress", d -> browser.text("headline").matches("Downloading (update|the workflow manager) 50% \\(1\\.3 GB of 2\\.6 GB\\)"));
            assertTrue(browser.visible("progress-box"));
            browser.screenshot("states-downloading");

            sm.starting("Starting the workflow manager 1.2…");
            browser.awaitHeadline("Starting the workflow manager…");
            browser.screenshot("states-starting");

            sm.running("ready", URI.create("http://localhost:18501/"), s -> s);
            sm.switching("Switching to 1.2… (1.1 is stopped)");
            browser.awaitHeadline("Switching to 1.2… (1.1 is stopped)");
            assertFalse(browser.visible("offer"), "no offer while switching");
            assertFalse(enabled("update"));
            browser.screenshot("states-switching");
        }
    }
}
