package org.siplims.core.testing;

import com.github.dockerjava.api.DockerClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.UUID;
import org.siplims.core.docker.DockerEngine;

/**
 * The real engine and registries that {@code scripts/test-env} started, as described in its
 * {@code env.properties}. Missing or silent parts fail the test with a message saying to run
 * {@code scripts/test-env}: tests never skip for want of an engine or a registry.
 */
public final class TestEnvironment {
    private static TestEnvironment instance;

    private final Properties props;
    private final Path stateDir;
    private DockerClient docker;

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
            DockerEngine.ping(env.docker(), env.dockerHost());
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

    public URI dockerHost() {
        return URI.create(prop("docker.host"));
    }

    /** A docker-java client to the test engine, shared by the tests of this JVM. */
    public synchronized DockerClient docker() {
        if (docker == null) {
            docker = DockerEngine.client(dockerHost());
        }
        return docker;
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
