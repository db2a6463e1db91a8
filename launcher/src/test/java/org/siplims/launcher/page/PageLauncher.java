package org.siplims.launcher.page;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.siplims.core.image.ImageReference;
import org.siplims.core.registry.RegistryClient;
import org.siplims.launcher.Launcher;
import org.siplims.launcher.LauncherEnvironment;
import org.siplims.launcher.config.LauncherOptions;
import org.siplims.launcher.engine.HostUser;
import org.siplims.launcher.paths.FolderRules;
import org.siplims.launcher.paths.OsFlavor;
import org.siplims.launcher.state.Status;
import org.siplims.testenv.FixtureImages;
import org.siplims.testenv.TestEnvironment;

/**
 * A real launcher in this JVM for the page tests (like the API tests' harness, which lives in
 * another package): the test engine and registry, ports, container name, settings folder and
 * project folders of its own. Its console goes to the build log.
 */
final class PageLauncher implements AutoCloseable {
    final TestEnvironment env = TestEnvironment.get();
    final FixtureImages fixtures = new FixtureImages(env);
    final String containerName;
    final int appPort = freePort();
    final int statusPort;
    final Path home;
    final Path project;
    final Path scripts;
    final Path settings;
    private Launcher launcher;

    PageLauncher(String prefix) {
        this(prefix, freePort());
    }

    PageLauncher(String prefix, int statusPort) {
        this.containerName = TestEnvironment.uniqueContainerName(prefix);
        this.statusPort = statusPort;
        try {
            home = Files.createTempDirectory("siplims-page-it-");
            project = Files.createDirectories(home.resolve("Lab Projects/Project 42"));
            scripts = Files.createDirectories(home.resolve("workflow-scripts"));
            settings = home.resolve("settings");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Options as a lab user would give them, for this repository, with short timeouts for tests. */
    LauncherOptions options(ImageReference repository, Duration updateCheckInterval) {
        return new LauncherOptions(repository, "latest", Optional.of(project.toString()), Optional.of(scripts.toString()),
                Optional.of("SIP"), appPort, statusPort, containerName, false, false, updateCheckInterval,
                Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMillis(300), env.dockerHost(), settings);
    }

    /** Starts the launcher; it looks for updates every {@code updateCheckInterval}. */
    Launcher start(ImageReference repository, Duration updateCheckInterval, UnaryOperator<LauncherOptions> change) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        LauncherEnvironment environment = new LauncherEnvironment(FolderRules.forThisMachine(),
                HostUser.forContainers(OsFlavor.current()), out, false, Clock.systemUTC(), RegistryClient::create);
        launcher = Launcher.start(change.apply(options(repository, updateCheckInterval)), environment);
        return launcher;
    }

    Launcher launcher() {
        return launcher;
    }

    /** The page's address, as the launcher prints it. */
    String pageUrl() {
        return "http://localhost:" + statusPort + "/";
    }

    URI appUrl() {
        return URI.create("http://localhost:" + appPort + "/");
    }

    Status await(String what, Predicate<Status> condition, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        Status s = launcher.status();
        while (Instant.now().isBefore(deadline)) {
            s = launcher.status();
            if (condition.test(s)) {
                return s;
            }
            sleep(100);
        }
        fail("Timed out after " + timeout.toSeconds() + " s waiting for " + what + "; the launcher is " + s.state() + ": " + s.message());
        return s;
    }

    boolean containerExists() {
        return fixtures.cli().exec(null, "container", "inspect", containerName).exitCode() == 0;
    }

    /** Quits the launcher (stopping its container) and waits for it. */
    void quit() {
        if (launcher != null && !launcher.terminated().isDone()) {
            launcher.quit();
            try {
                launcher.terminated().get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                fail("The launcher did not quit within 60 s: " + e);
            }
        }
    }

    @Override
    public void close() {
        try {
            quit();
        } finally {
            fixtures.cli().exec(null, "rm", "-f", containerName);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
