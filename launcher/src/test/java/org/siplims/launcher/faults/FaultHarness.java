package org.siplims.launcher.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.siplims.core.image.ImageReference;
import org.siplims.core.registry.CredentialResolver;
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
 * A real launcher in this JVM for the fault tests, like the integration tests' harness but with
 * the knobs faults need: another engine, a registry client with a short timeout, a project folder
 * of any name. Also hashes the project folder, so a test can prove it was left untouched.
 */
final class FaultHarness implements AutoCloseable {
    private static final Pattern TOKEN = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]+)\">");

    final TestEnvironment env = TestEnvironment.get();
    final FixtureImages fixtures = new FixtureImages(env);
    final String containerName;
    final int appPort = freePort();
    final int statusPort = freePort();
    final Path home;
    final Path project;
    final Path settings;
    final ImageReference repository;
    final List<Status> seen = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private Launcher launcher;
    private Supplier<RegistryClient> registry = RegistryClient::create;

    FaultHarness(String prefix) {
        this(prefix, ImageReference.parse(TestEnvironment.get().plainRegistry() + "/" + TestEnvironment.uniqueRepository(prefix)));
    }

    FaultHarness(String prefix, ImageReference repository) {
        this(prefix, repository, "Lab Projects/Project 42");
    }

    FaultHarness(String prefix, ImageReference repository, String projectName) {
        this.containerName = TestEnvironment.uniqueContainerName("fault-" + prefix);
        this.repository = repository;
        try {
            home = Files.createTempDirectory("siplims-fault-");
            project = Files.createDirectories(home.resolve(projectName));
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

    /** A registry client without the user's credentials, giving up on a silent registry after {@code timeout}. */
    FaultHarness registryTimeout(Duration timeout) {
        registry = () -> new RegistryClient(new CredentialResolver(Map.of(), home, List.of()), timeout);
        return this;
    }

    LauncherOptions options() {
        return new LauncherOptions(repository, "latest", Optional.of(project.toString()), Optional.empty(),
                Optional.of("SIP"), appPort, statusPort, containerName, false, false, Duration.ofHours(1),
                Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMillis(300), env.dockerHost(), settings);
    }

    Launcher start() {
        return start(o -> o);
    }

    Launcher start(UnaryOperator<LauncherOptions> change) {
        PrintStream out = new PrintStream(new Tee(console, System.out), true, StandardCharsets.UTF_8);
        LauncherEnvironment environment = new LauncherEnvironment(FolderRules.forThisMachine(),
                HostUser.forContainers(OsFlavor.current()), out, false, Clock.systemUTC(), registry);
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

    String token() {
        Raw.Response page = Raw.send(statusPort, "GET", "/", Map.of(), null);
        Matcher m = TOKEN.matcher(page.body());
        if (!m.find()) {
            fail("The page carries no csrf-token meta tag: " + page.body());
        }
        return m.group(1);
    }

    Raw.Response post(String path, String body) {
        return Raw.send(statusPort, "POST", path, Map.of("X-CSRF-Token", token(), "Origin", "http://localhost:" + statusPort,
                "Content-Type", "application/json"), body);
    }

    Raw.Response get(String path) {
        return Raw.send(statusPort, "GET", path, Map.of(), null);
    }

    InspectContainerResponse inspectContainer() {
        return env.docker().inspectContainerCmd(containerName).exec();
    }

    boolean containerExists() {
        return !env.docker().listContainersCmd().withShowAll(true).withNameFilter(List.of(containerName)).exec().stream()
                .filter(c -> c.getNames() != null && List.of(c.getNames()).contains("/" + containerName)).toList().isEmpty();
    }

    /** The app answers its health path on the app port with 200. */
    boolean appAnswers() {
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

    /** Every file under the folder (relative path → SHA-256), to compare before and after a fault. */
    static Map<String, String> hashTree(Path dir) {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(p).toString(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** Writes a user's work into the project and returns the folder's hashes. */
    Map<String, String> writeWork() {
        try {
            Files.writeString(project.resolve("results.csv"), "sample,value\n1,2\n");
            Files.createDirectories(project.resolve("run 1"));
            Files.writeString(project.resolve("run 1/notes.txt"), "work in progress\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return hashTree(project);
    }

    /** The project folder holds exactly what it held (the app's own marker file aside). */
    void assertProjectUntouched(Map<String, String> before) {
        Map<String, String> now = hashTree(project);
        now.remove(".fixture-app-was-here");
        Map<String, String> expected = new TreeMap<>(before);
        expected.remove(".fixture-app-was-here");
        assertEquals(expected, now, "the project folder is untouched");
    }

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

    static void sleep(long millis, int nanos) {
        try {
            Thread.sleep(millis, nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static final class Tee extends OutputStream {
        private final ByteArrayOutputStream copy;
        private final OutputStream other;

        Tee(ByteArrayOutputStream copy, OutputStream other) {
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
