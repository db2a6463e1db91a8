package org.siplims.launcher.testing;

import static org.junit.jupiter.api.Assertions.fail;

import com.github.dockerjava.api.command.InspectContainerResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.siplims.core.image.ImageReference;
import org.siplims.core.registry.RegistryClient;
import org.siplims.launcher.service.Launcher;
import org.siplims.launcher.service.LauncherEnvironment;
import org.siplims.core.testing.FixtureImages;
import org.siplims.core.testing.TestEnvironment;
import org.siplims.launcher.config.LauncherOptions;
import org.siplims.launcher.paths.FolderProbe;
import org.siplims.launcher.paths.FolderRules;
import org.siplims.launcher.paths.OsFlavor;
import org.siplims.launcher.status.LauncherState;
import org.siplims.launcher.status.Status;
import org.siplims.core.testing.FixtureImages;
import org.siplims.core.testing.TestEnvironment;

/**
 * Runs a real launcher in this JVM against the test engine and registries, with its own ports,
 * container name, settings folder and project folder, so tests (and parallel runs) never collide.
 * Every status the launcher announces is recorded, and its console output is kept (and also goes
 * to the build log). Used by the integration, page and fault tests; what only the fault tests need
 * lives in their own subclass.
 */
public class LauncherHarness implements AutoCloseable {
    private static final Pattern TOKEN = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]+)\">");
    private static final String DEFAULT_PROJECT_FOLDER = "Lab Projects/Project 42";
    /** The uid and gid that own the test's project and scripts folders: a lab user's, not root's. */
    public static final int FOLDER_OWNER = 23456;

    public final TestEnvironment env = TestEnvironment.get();
    /** The engine this launcher and its fixtures use: the default test engine unless the test names one. */
    public final TestEnvironment.Engine engine;
    public final FixtureImages fixtures;
    public final String containerName;
    public final int appPort = freePort();
    public final int statusPort;
    /** A temporary folder of this launcher's own and its home folder; the project, scripts and settings folders are in it. */
    public final Path home;
    public final Path project;
    public final Path scripts;
    public final Path settings;
    public final ImageReference repository;
    /** Every status the launcher announced, in order; a test may clear it before the step it watches. */
    public final List<Status> seen = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private Duration updateCheckInterval = Duration.ofHours(1);
    private Supplier<RegistryClient> registry = RegistryClient::create;
    private Launcher launcher;

    /** A launcher for a repository of its own in the plain test registry. */
    public LauncherHarness(String prefix) {
        this(prefix, newRepository(prefix));
    }

    public LauncherHarness(String prefix, ImageReference repository) {
        this(prefix, repository, freePort());
    }

    /** A launcher on a given status port: where another launcher was, or is (to see the clash). */
    public LauncherHarness(String prefix, ImageReference repository, int statusPort) {
        this(prefix, repository, statusPort, DEFAULT_PROJECT_FOLDER);
    }

    /**
     * @param prefix        the start of the container name, to tell a test's containers apart
     * @param projectFolder the project folder's path inside {@link #home}, created here
     */
    public LauncherHarness(String prefix, ImageReference repository, int statusPort, String projectFolder) {
        this(prefix, repository, statusPort, projectFolder, TestEnvironment.get().defaultEngine());
    }

    /** A launcher for a repository of its own, on one of {@link TestEnvironment#engines()}. */
    public LauncherHarness(String prefix, TestEnvironment.Engine engine) {
        this(prefix, newRepository(prefix), freePort(), DEFAULT_PROJECT_FOLDER, engine);
    }

    /** A launcher for this repository, on one of {@link TestEnvironment#engines()}. */
    public LauncherHarness(String prefix, ImageReference repository, TestEnvironment.Engine engine) {
        this(prefix, repository, freePort(), DEFAULT_PROJECT_FOLDER, engine);
    }

    private LauncherHarness(String prefix, ImageReference repository, int statusPort, String projectFolder, TestEnvironment.Engine engine) {
        this.engine = engine;
        this.fixtures = new FixtureImages(env, new org.siplims.core.testing.DockerCli(tempDir("docker-config"), engine.host()));
        this.containerName = TestEnvironment.uniqueContainerName(prefix);
        this.repository = repository;
        this.statusPort = statusPort;
        try {
            home = Files.createTempDirectory("siplims-launcher-test-");
            project = Files.createDirectories(home.resolve(projectFolder));
            scripts = Files.createDirectories(home.resolve("workflow-scripts"));
            settings = home.resolve("settings");
            ownAsLabUser(project);
            ownAsLabUser(scripts);
            // RawHttp, the browser and request() act as this launcher's owner (also for a launcher process
            // the test starts with --settings-dir settings).
            LauncherAuth.registerUnlessTaken(statusPort, settings);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Gives a folder to {@link #FOLDER_OWNER}, as a lab user's project folder belongs to them. The
     * tests run as root, and the app container runs as the project folder's owner but never as
     * root (a root-owned folder gets uid 1000, which could not write into it).
     */
    public static void ownAsLabUser(Path folder) throws IOException {
        Files.setAttribute(folder, "unix:uid", FOLDER_OWNER);
        Files.setAttribute(folder, "unix:gid", FOLDER_OWNER);
    }

    /** A repository no other test uses, in the plain test registry (no login). */
    public static ImageReference newRepository(String prefix) {
        return ImageReference.parse(TestEnvironment.get().plainRegistry() + "/" + TestEnvironment.uniqueRepository(prefix));
    }

    /** A loopback port that was free a moment ago. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How often the launcher asks the registry for updates (an hour unless a test wants to see one soon). */
    public LauncherHarness checkForUpdatesEvery(Duration interval) {
        this.updateCheckInterval = interval;
        return this;
    }

    /** The registry client the launcher uses, instead of the user's one ({@link RegistryClient#create()}). */
    public LauncherHarness registryClient(Supplier<RegistryClient> client) {
        this.registry = client;
        return this;
    }

    /** Options as a lab user would give them, pointed at this test's registry repository, ports and folders. */
    public LauncherOptions options() {
        return new LauncherOptions(repository, "latest", Optional.of(project.toString()), Optional.of(scripts.toString()),
                Optional.of("SIP"), appPort, statusPort, containerName, false, false, updateCheckInterval,
                Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMillis(300), engine.host(), settings);
    }

    public Launcher start() {
        return start(o -> o);
    }

    /** Starts the launcher with {@link #options()} as {@code change} leaves them. */
    public Launcher start(UnaryOperator<LauncherOptions> change) {
        PrintStream out = new PrintStream(new TeeStream(console, System.out), true, StandardCharsets.UTF_8);
        // The launcher's home folder is this test's own: project folders must be inside a home folder or on a data drive.
        LauncherEnvironment environment = new LauncherEnvironment(new FolderRules(OsFlavor.current(), home.toString(), FolderProbe.local()),
                out, false, Clock.systemUTC(), registry,
                // Never the keys a maintainer may have built into the launcher: tests give their own (--trusted-keys).
                Optional::empty);
        LauncherOptions options = change.apply(options());
        launcher = Launcher.start(options, environment);
        LauncherAuth.register(options.statusPort(), options.configDirectory()); // it serves that port now
        launcher.subscribe(seen::add);
        return launcher;
    }

    public Launcher launcher() {
        return launcher;
    }

    public String consoleText() {
        synchronized (console) {
            return console.toString(StandardCharsets.UTF_8);
        }
    }

    /** The status page's address, as the launcher prints it. */
    public String pageUrl() {
        return "http://localhost:" + statusPort + "/";
    }

    public URI appUrl() {
        return URI.create("http://localhost:" + appPort + "/");
    }

    /** Polls the status until {@code condition} holds; fails with the last status and the console if it does not in time. */
    public Status await(String what, Predicate<Status> condition, Duration timeout) {
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

    public Status await(LauncherState state, Duration timeout) {
        return await("state " + state, s -> s.state() == state, timeout);
    }

    /** The CSRF token, read from the page as a browser would. */
    public String token() {
        RawHttp.Response page = get("/");
        Matcher m = TOKEN.matcher(page.body());
        if (!m.find()) {
            fail("The page carries no csrf-token meta tag: " + page.body());
        }
        return m.group(1);
    }

    /** A POST as the launcher's own page sends it: with the token, its own origin, and a JSON body. */
    public RawHttp.Response post(String path, String body) {
        return RawHttp.send(statusPort, "POST", path, Map.of("X-CSRF-Token", token(), "Origin", "http://localhost:" + statusPort,
                "Content-Type", "application/json"), body);
    }

    public RawHttp.Response get(String path) {
        return RawHttp.send(statusPort, "GET", path, Map.of(), null);
    }

    /** A java.net.http request to the status port, as the launcher's owner (with the bearer secret). */
    public HttpRequest.Builder request(String path) {
        return LauncherAuth.authorize(HttpRequest.newBuilder(URI.create("http://localhost:" + statusPort + path)), statusPort);
    }

    /** The app answers its health path on the app port with 200. */
    public boolean appAnswers() {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + appPort + "/_stcore/health"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public InspectContainerResponse inspectContainer() {
        return env.connection(engine).client().inspectContainerCmd(containerName).exec();
    }

    public boolean containerExists() {
        return !env.connection(engine).client().listContainersCmd().withShowAll(true).withNameFilter(List.of(containerName)).exec().stream()
                .filter(c -> c.getNames() != null && List.of(c.getNames()).contains("/" + containerName)).toList().isEmpty();
    }

    /** Quits the launcher (stopping its container) and waits; nothing to do if it never started or has quit. */
    public void quit() {
        if (launcher != null && !launcher.terminated().isDone()) {
            launcher.quit();
            try {
                launcher.terminated().get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                fail("The launcher did not quit within 60 s: " + e);
            }
        }
    }

    /** Quits, and removes the container in any case: a failed test must not leave it to the next one. */
    @Override
    public void close() {
        try {
            quit();
        } finally {
            fixtures.cli().exec(null, "rm", "-f", containerName);
            deleteQuietly(home); // the project, scripts and settings folders of this test
        }
    }

    private static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory("siplims-" + prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            // a leftover temporary folder is not worth failing a test for
        }
    }

    public static void sleep(long millis) {
        sleep(millis, 0);
    }

    public static void sleep(long millis, int nanos) {
        try {
            Thread.sleep(millis, nanos);
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
