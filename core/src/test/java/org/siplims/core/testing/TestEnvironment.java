package org.siplims.core.testing;

import com.github.dockerjava.api.DockerClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.siplims.core.docker.DockerEngine;
import org.siplims.core.docker.EngineConnection;
import org.siplims.core.docker.LoopbackHealth;
import org.siplims.core.docker.Readiness;

/**
 * The real engine and registries that {@code scripts/test-env} started, as described in its
 * {@code env.properties}. Missing or silent parts fail the test with a message saying to run
 * {@code scripts/test-env}: tests never skip for want of an engine or a registry.
 *
 * <p>Besides the default engine (Debian 12's Docker 20.10) there are further engines users run:
 * Docker Engine 28 with the containerd image store, and Podman's Docker-compatible API; see
 * {@link #engines()}. The variable {@code SIPLIMS_TEST_ENGINE} (one of {@link #ENGINE_NAMES})
 * points every test that uses {@link #docker()} and {@link #dockerHost()} at another engine, to
 * find what breaks there.
 */
public final class TestEnvironment {
    /** The engines {@code scripts/test-env} starts, by the name tests and reports use. */
    public static final List<String> ENGINE_NAMES = List.of("docker20", "docker28", "podman");

    /** An engine the tests can run against: its name (one of {@link #ENGINE_NAMES}) and address. */
    public record Engine(String name, URI host) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static TestEnvironment instance;

    private final Properties props;
    private final Path stateDir;
    private EngineConnection engine;
    private final java.util.Map<String, EngineConnection> connections = new java.util.HashMap<>();

    private TestEnvironment(Path stateDir, Properties props) {
        this.stateDir = stateDir;
        this.props = props;
    }

    /** The environment, checked once per JVM: the engine and each registry must answer. */
    public static synchronized TestEnvironment get() {
        if (instance == null) {
            Path dir = Path.of(System.getenv().getOrDefault("SIPLIMS_TEST_ENV", "/var/tmp/sip-lims-test-env"));
            Path file = dir.resolve("env.properties");
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException("No test environment at " + file + ": run scripts/test-env first (scripts/test does).");
            }
            Properties props = new Properties();
            try (InputStream in = Files.newInputStream(file)) {
                props.load(in);
            } catch (IOException e) {
                throw new IllegalStateException("Cannot read " + file, e);
            }
            TestEnvironment env = new TestEnvironment(dir, props);
            env.requireListening("plain registry", env.plainRegistry());
            env.requireListening("basic-auth registry", env.basicRegistry());
            env.requireListening("token-auth registry", env.tokenRegistry());
            env.engines(); // under CI, every engine must be described
            env.engine().ping();
            instance = env;
        }
        return instance;
    }

    private void requireListening(String what, String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))), 2000);
        } catch (IOException e) {
            throw new IllegalStateException("The " + what + " does not answer at " + hostPort + ": run scripts/test-env.", e);
        }
    }

    private String prop(String key) {
        String value = props.getProperty(key);
        if (value == null) {
            throw new IllegalStateException("env.properties has no '" + key + "': run scripts/test-env again.");
        }
        return value.trim();
    }

    public Path stateDir() {
        return stateDir;
    }

    /** The engine the tests use by default: docker20 unless SIPLIMS_TEST_ENGINE names another. */
    public URI dockerHost() {
        return defaultEngine().host();
    }

    /** The engine tests use unless they name one: docker20 unless SIPLIMS_TEST_ENGINE names another. */
    public Engine defaultEngine() {
        String name = System.getenv().getOrDefault("SIPLIMS_TEST_ENGINE", "docker20").trim();
        if (!ENGINE_NAMES.contains(name)) {
            throw new IllegalStateException("SIPLIMS_TEST_ENGINE is '" + name + "'; use one of " + ENGINE_NAMES + ".");
        }
        return engine(name)
                .orElseThrow(() -> new IllegalStateException("SIPLIMS_TEST_ENGINE names " + name + ", which env.properties does not describe: run scripts/test-env again."));
    }

    /** The connection to one of {@link #engines()}, shared by the tests of this JVM (the default engine's is {@link #engine()}). */
    public synchronized EngineConnection connection(Engine which) {
        if (which.host().equals(dockerHost())) {
            return engine();
        }
        return connections.computeIfAbsent(which.name(), n -> new EngineConnection(which.host()));
    }

    /** The engine of this name, if {@code scripts/test-env} started it. */
    public Optional<Engine> engine(String name) {
        String key = name.equals("docker20") ? "docker.host" : name + ".host";
        String host = props.getProperty(key);
        return host == null || host.isBlank() ? Optional.empty() : Optional.of(new Engine(name, URI.create(host.trim())));
    }

    /**
     * Every engine available, docker20 first. Under CI ({@code CI=true}) a missing one fails the
     * test run instead of shrinking the list: CI must cover every engine users run.
     */
    public List<Engine> engines() {
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        List<Engine> engines = new ArrayList<>();
        for (String name : ENGINE_NAMES) {
            Optional<Engine> engine = engine(name);
            if (engine.isPresent()) {
                engines.add(engine.get());
            } else if (ci) {
                throw new IllegalStateException("env.properties describes no " + name + " engine, and CI must test every engine: run scripts/test-env again.");
            }
        }
        return engines;
    }

    /**
     * {@link #engines()} of the environment, for parameterised tests:
     * {@code @MethodSource("org.siplims.core.testing.TestEnvironment#everyEngine")}.
     */
    public static List<Engine> everyEngine() {
        return get().engines();
    }

    /** The version that engine reported when {@code scripts/test-env} started it; empty if not recorded. */
    public String engineVersion(Engine engine) {
        String key = engine.name().equals("docker20") ? "docker.version" : engine.name() + ".version";
        return props.getProperty(key, "").trim();
    }

    /** A docker-java client to one of {@link #engines()}; the caller closes it. */
    public DockerClient client(Engine engine) {
        return DockerEngine.client(engine.host());
    }

    /** The connection to the test engine, shared by the tests of this JVM. */
    public synchronized EngineConnection engine() {
        if (engine == null) {
            engine = new EngineConnection(dockerHost());
        }
        return engine;
    }

    /** A docker-java client to the test engine, shared by the tests of this JVM. */
    public DockerClient docker() {
        return engine().client();
    }

    /**
     * Waits, as the launcher and the publisher do, until the app in a container answers {@code path}
     * with 200 on the loopback port the engine published for {@code containerPort}. A failure carries
     * the container's exit code and last lines: assert on the outcome to see them.
     */
    public Readiness.Outcome awaitReady(String container, int containerPort, String path, Duration timeout) throws InterruptedException {
        Readiness readiness = new Readiness(engine(), new LoopbackHealth(Duration.ofSeconds(2)),
                Readiness.Polling.every(Duration.ofMillis(100)), 40, Clock.systemUTC());
        return readiness.await(container, Readiness.Endpoint.publishedFrom(containerPort, path), timeout);
    }

    public String plainRegistry() {
        return prop("registry.plain");
    }

    public String basicRegistry() {
        return prop("registry.basic");
    }

    public String basicUsername() {
        return prop("registry.basic.username");
    }

    public String basicPassword() {
        try {
            return Files.readString(Path.of(prop("registry.basic.passwordFile"))).trim();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the test registry password", e);
        }
    }

    public String tokenRegistry() {
        return prop("registry.token");
    }

    public int tokenEndpointPort() {
        return Integer.parseInt(prop("registry.token.endpointPort"));
    }

    public String tokenService() {
        return prop("registry.token.service");
    }

    public String tokenIssuer() {
        return prop("registry.token.issuer");
    }

    public Path tokenKey() {
        return Path.of(prop("registry.token.key"));
    }

    public Path tokenCert() {
        return Path.of(prop("registry.token.cert"));
    }

    /** A DOCKER_CONFIG folder whose cli-plugins hold Docker Engine 28's buildx. */
    public Path docker28Config() {
        return Path.of(prop("docker28.config"));
    }

    /** Docker Engine 28's own docker command (its buildx plugin is in {@link #docker28Config()}). */
    public Path docker28Cli() {
        return Path.of(prop("docker28.cli"));
    }

    /** cosign 2.x (Debian 13), a static binary. */
    public Path cosign2() {
        return Path.of(prop("cosign2.path"));
    }

    /** cosign 3.x (Debian testing), a static binary. */
    public Path cosign3() {
        return Path.of(prop("cosign3.path"));
    }

    public Path busyboxAmd64() {
        return Path.of(prop("busybox.amd64"));
    }

    public Path busyboxArm64() {
        return Path.of(prop("busybox.arm64"));
    }

    /** Whether arm64 binaries run here under QEMU (binfmt_misc handler registered). */
    public boolean arm64Emulation() {
        return Boolean.parseBoolean(prop("emulation.arm64"));
    }

    /** A repository path no other test (or parallel test run) uses, e.g. {@code it/publish-3f9a1c2b}. */
    public static String uniqueRepository(String prefix) {
        return "it/" + prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A container name no other test uses. */
    public static String uniqueContainerName(String prefix) {
        return "it-" + prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
