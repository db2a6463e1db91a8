package org.siplims.core.docker;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineConnectionTest {
    private final EngineConnection engine = new EngineConnection(URI.create("unix:///nonexistent/docker.sock"));

    @Test
    void aBrokenConnectionMeansTheEngineWentAway() {
        RuntimeException failed = new RuntimeException("request failed", new UncheckedIOException(new IOException("Connection refused")));
        assertInstanceOf(DockerUnavailableException.class, engine.translate(failed));
    }

    @Test
    void otherFailuresStayAsTheyAre() {
        IllegalStateException conflict = new IllegalStateException("Conflict: the name is taken");
        assertSame(conflict, engine.translate(conflict));
        DockerUnavailableException gone = new DockerUnavailableException("here", null);
        assertSame(gone, engine.translate(gone));
    }

    @Test
    void noEngineAtTheAddressIsDockerUnavailable(@TempDir Path dir) {
        try (EngineConnection nowhere = new EngineConnection(URI.create("unix://" + dir.resolve("docker.sock")))) {
            assertThrows(DockerUnavailableException.class, nowhere::ping);
            assertThrows(DockerUnavailableException.class, nowhere::nativePlatform);
            assertThrows(DockerUnavailableException.class, nowhere::answeringClient);
        }
    }
}
