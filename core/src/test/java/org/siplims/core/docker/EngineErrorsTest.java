package org.siplims.core.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.siplims.core.image.Platform;

/**
 * Engine errors reach a person as a sentence naming the engine and what to do; an engine whose API
 * is too old is told so. The engine here is a tiny HTTP stand-in: only its answers matter.
 */
class EngineErrorsTest {
    /** Podman's answer, as docker-java's exception gets it (it adds "Status 500: " in front). */
    private static final String PODMAN_CATATONIT = "{\"cause\":\"no such file or directory\",\"message\":\"container-init "
            + "binary not found on the host: stat /usr/libexec/podman/catatonit: no such file or directory\",\"response\":500}\n";

    @Test
    void podmansJsonErrorBecomesASentenceNamingTheEngineAndWhatToDo() {
        EngineConnection podman = new EngineConnection(URI.create("unix:///nowhere/podman.sock"));
        RuntimeException translated = podman.translate(new InternalServerErrorException(PODMAN_CATATONIT));
        EngineRefusedException e = (EngineRefusedException) translated;
        assertTrue(e.getMessage().startsWith("The container engine refused the request: container-init binary not found"), e.getMessage());
        assertTrue(e.hint().contains("catatonit"), e.hint());
        for (String text : List.of(e.getMessage(), e.hint())) {
            assertFalse(text.contains("Exception") || text.contains("Status 500") || text.contains("{"), text);
        }
    }

    @Test
    void dockersPlainMessageAndOtherShapesAreReadToo() {
        assertEquals("pull access denied", EngineRefusedException.reasonFrom("Status 404: {\"message\":\"pull access denied\"}"));
        assertEquals("something odd", EngineRefusedException.reasonFrom("Status 500: {\"cause\":\"something odd\"}"));
        assertEquals("plain words", EngineRefusedException.reasonFrom("plain words"));
        assertEquals("it gave no reason", EngineRefusedException.reasonFrom(null));
        assertTrue(EngineRefusedException.hint("Podman 4.3.1", "setrlimit `RLIMIT_NOFILE`: operation not permitted").contains("default_ulimits"));
        assertTrue(EngineRefusedException.hint("Docker Engine 28.5.2", "whatever").contains("restart Docker Engine 28.5.2"));
    }

    @Test
    void theEngineIsDescribedByProductVersionAndImageStore() {
        assertEquals("Podman 4.3.1", new EngineInfo("4.3.1", "1.41", Platform.LINUX_AMD64, EngineInfo.PODMAN, false).describe());
        assertEquals("Docker Engine 28.5.2 (containerd image store)",
                new EngineInfo("28.5.2+dfsg4", "1.51", Platform.LINUX_AMD64, EngineInfo.DOCKER, true).describe());
        assertEquals("Docker Engine 20.10.24", new EngineInfo("20.10.24+dfsg1", "1.41", Platform.LINUX_AMD64).describe());
    }

    @Test
    void apiVersionsCompareAsNumbers() {
        assertTrue(EngineConnection.olderThan("1.40", "1.41"));
        assertFalse(EngineConnection.olderThan("1.41", "1.41"));
        assertFalse(EngineConnection.olderThan("1.100", "1.41"));
        assertFalse(EngineConnection.olderThan("junk", "1.41"));
    }

    @Test
    void anEngineTooOldForTheProgramsGetsASentence() throws Exception {
        HttpServer engine = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        engine.createContext("/", exchange -> {
            byte[] body = ("{\"Version\":\"19.03.15\",\"ApiVersion\":\"1.40\",\"MinAPIVersion\":\"1.12\",\"Os\":\"linux\",\"Arch\":\"amd64\","
                    + "\"Components\":[{\"Name\":\"Engine\",\"Version\":\"19.03.15\"}]}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(exchange.getRequestURI().getPath().endsWith("/version") ? 200 : 404, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        engine.start();
        try (EngineConnection old = new EngineConnection(URI.create("tcp://127.0.0.1:" + engine.getAddress().getPort()))) {
            EngineTooOldException e = assertThrows(EngineTooOldException.class, old::ping);
            assertTrue(e.getMessage().contains("Docker Engine 19.03.15") && e.getMessage().contains("1.40") && e.getMessage().contains("1.41"),
                    e.getMessage());
            assertTrue(e.hint().contains("Update"), e.hint());
        } finally {
            engine.stop(0);
        }
    }
}
