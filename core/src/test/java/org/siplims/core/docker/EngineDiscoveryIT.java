package org.siplims.core.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.siplims.core.docker.EngineDiscovery.Os;
import org.siplims.core.testing.TestEnvironment;

/** Finding a real engine: the ping answers for each engine, not for a dead socket, and the first that answers wins. */
class EngineDiscoveryIT {
    private final EnginePing ping = new EnginePing(Duration.ofSeconds(2));

    @Test
    void everyTestEngineAnswersThePingAndADeadSocketOrClosedPortDoesNot() throws Exception {
        for (TestEnvironment.Engine engine : TestEnvironment.everyEngine()) {
            assertTrue(ping.test(engine.host()), engine + " answers at " + engine.host());
        }
        Path dir = Files.createTempDirectory("siplims-dead-socket");
        Path dead = Files.writeString(dir.resolve("docker.sock"), "");
        assertFalse(ping.test(URI.create("unix://" + dead)), "a file that is no socket");
        assertFalse(ping.test(URI.create("unix://" + dir.resolve("missing.sock"))));
        int port;
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        assertFalse(ping.test(URI.create("tcp://127.0.0.1:" + port)), "a closed port");
    }

    @Test
    void aDeadDockerHostIsPassedOverForTheCurrentContextsEngineThatAnswers() throws Exception {
        TestEnvironment env = TestEnvironment.get();
        URI podman = env.engine("podman").orElseGet(() -> env.defaultEngine()).host();
        Path home = Files.createTempDirectory("siplims-fake-home");
        String name = "lab-engine";
        String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8)));
        Path meta = Files.createDirectories(home.resolve(".docker/contexts/meta").resolve(hex)).resolve("meta.json");
        Files.writeString(meta, "{\"Name\":\"" + name + "\",\"Endpoints\":{\"docker\":{\"Host\":\"" + podman + "\"}}}");
        Files.writeString(home.resolve(".docker/config.json"), "{\"currentContext\":\"" + name + "\"}");
        Path dead = Files.writeString(home.resolve("dead.sock"), "");

        EngineDiscovery.Found found = new EngineDiscovery(Os.LINUX, home, Map.of("DOCKER_HOST", "unix://" + dead)).find(ping);

        assertEquals(podman, found.engine().orElseThrow().host());
        assertEquals("Docker context '" + name + "'", found.engine().get().source());
        assertEquals("DOCKER_HOST", found.tried().get(0).source(), "DOCKER_HOST was tried first");
    }
}
