package org.siplims.launcher.it;

import static org.junit.jupiter.api.Assertions.fail;

import com.github.dockerjava.api.command.InspectContainerResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.siplims.core.image.ImageReference;
import org.siplims.core.registry.RegistryClient;
import org.siplims.launcher.Launcher;
import org.siplims.launcher.LauncherEnvironment;
import org.siplims.launcher.config.LauncherOptions;
import org.siplims.launcher.engine.HostUser;
import org.siplims.launcher.paths.FolderRules;
import org.siplims.launcher.paths.OsFlavor;
import org.siplims.launcher.state.LauncherState;
import org.siplims.launcher.state.Status;
import org.siplims.testenv.FixtureImages;
import org.siplims.testenv.TestEnvironment;

/**
 * Runs a real launcher in this JVM against the test engine and registries, with its own ports,
 * container name, settings folder and project folder, so tests (and parallel runs) never collide.
 * Every status the launcher announces is recorded, and its console output is kept.
 */
final class LauncherHarness implements AutoCloseable {
    private static final Pattern TOKEN = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]+)\">");

    final TestEnvironment env = TestEnvironment.get();
    final FixtureImages fixtures = new FixtureImages(env);
    final String containerName;
    final int appPort = freePort();
    final int statusPort = freePort();
    final Path home;
    final Path project;
    final Path scripts;
    final Path settings;
    final ImageReference repository;
    final List<Status> seen = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private Launcher launcher;

    LauncherHarness(String prefix) {
        this(prefix, ImageReference.parse(TestEnvironment.get().plainRegistry() + "/" + TestEnvironment.uniqueRepository(prefix)));
    }

    LauncherHarness(String prefix, ImageReference repository) {
        this.containerName = TestEnvironment.uniqueContainerName(prefix);
        this.repository = repository;
        try {
            home = Files.createTempDirectory("siplims-launcher-it-");
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

    /** Options as a lab user would give them, pointed at this test's registry repository, ports and folders. */
    LauncherOptions options() {
        return new LauncherOptions(repository, "latest", Optional.of(project.toString()), Optional.of(scripts.toString()),
                Optional.of("SIP"), appPort, statusPort, containerName, false, false, Duration.ofHours(1),
                Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMillis(300), env.dockerHost(), settings);
    }

    Launcher start() {
        return start(o -> o);
    }

    Launcher start(UnaryOperator<LauncherOptions> change) {
        PrintStream out = new PrintStream(new TeeStream(console, System.out), true, StandardCharsets.UTF_8);
        LauncherEnvironment environment = new LauncherEnvironment(FolderRules.forThisMachine(),
                HostUser.forContainers(OsFlavor.current()), out, false, Clock.systemUTC(), RegistryClient::create,
                // Never the keys a maintainer may have built into the launcher: tests give their own (--trusted-keys).
                Optional::empty);
        launcher = Launcher.start(change.apply(options()), environment);
        launcher.subscribe(seen::add);
        return launcher;
    }

    Launcher launcher() {
        return launcher;
    }

    String consoleText() {
        synchronized (console) {
            return console.toString(StandardCharsets.UTF_8);
        }
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
        fail("Timed out after " + timeout.toSeconds() + " s waiting for " + what + "; the status is " + s.state() + ": " + s.message()
                + "\nConsole:\n" + consoleText());
        return s;
    }

    Status await(LauncherState state, Duration timeout) {
        return await("state " + state, s -> s.state() == state, timeout);
    }

    /** The CSRF token, read from the page as a browser would. */
    String token() {
        RawHttp.Response page = RawHttp.send(statusPort, "GET", "/", Map.of(), null);
        Matcher m = TOKEN.matcher(page.body());
        if (!m.find()) {
            fail("The page carries no csrf-token meta tag: " + page.body());
        }
        return m.group(1);
    }

    RawHttp.Response post(String path, String body) {
        return RawHttp.send(statusPort, "POST", path, Map.of("X-CSRF-Token", token(), "Origin", "http://localhost:" + statusPort,
                "Content-Type", "application/json"), body);
    }

    RawHttp.Response get(String path) {
        return RawHttp.send(statusPort, "GET", path, Map.of(), null);
    }

    InspectContainerResponse inspectContainer() {
        return env.docker().inspectContainerCmd(containerName).exec();
    }

    boolean containerExists() {
        return !env.docker().listContainersCmd().withShowAll(true).withNameFilter(List.of(containerName)).exec().stream()
                .filter(c -> c.getNames() != null && List.of(c.getNames()).contains("/" + containerName)).toList().isEmpty();
    }

    /** Quits the launcher (stopping its container) and waits. */
    void quit() {
        if (launcher != null) {
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
            if (launcher != null && !launcher.terminated().isDone()) {
                quit();
            }
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

    /** Writes to two streams: the test's copy and the build log. */
    private static final class TeeStream extends OutputStream {
        private final ByteArrayOutputStream copy;
        private final OutputStream other;

        TeeStream(ByteArrayOutputStream copy, OutputStream other) {
            this.copy = copy;
            this.other = other;
        }

        @Override
        public void write(int b) throws IOException {
            synchronized (copy) {
                copy.write(b);
            }
            other.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            synchronized (copy) {
                copy.write(b, off, len);
            }
            other.write(b, off, len);
        }
    }
}
