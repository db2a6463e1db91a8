package org.siplims.core.docker;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** An engine that accepts connections and requests and never replies: with a call timeout, calls end in time and say so. */
class EngineCallTimeoutTest {
    @Test
    void everyCallThroughTheBoundedClientEndsWithinTheTimeout() throws Exception {
        try (SilentEngine engine = new SilentEngine()) {
            EngineConnection docker = new EngineConnection(URI.create("tcp://127.0.0.1:" + engine.port()), Duration.ofSeconds(1));
            try {
                Instant start = Instant.now();
                EngineNotAnsweringException ping = assertThrows(EngineNotAnsweringException.class, docker::ping);
                RuntimeException inspect = assertThrows(RuntimeException.class, () -> {
                    try {
                        docker.client().inspectContainerCmd("app").exec();
                    } catch (RuntimeException e) {
                        throw docker.translate(e);
                    }
                });
                assertTrue(inspect instanceof EngineNotAnsweringException, inspect.toString());
                assertTrue(Duration.between(start, Instant.now()).compareTo(Duration.ofSeconds(10)) < 0, "both calls ended in time");
                assertTrue(ping.getMessage().contains("1 s"), ping.getMessage());
                assertFalse(ping.describe().contains("Exception"), ping.describe());
                assertTrue(engine.requests() >= 2, "the requests reached the engine");
            } finally {
                docker.close();
            }
        }
    }

    /** Accepts, reads and never answers. */
    private static final class SilentEngine implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<Socket> open = new CopyOnWriteArrayList<>();

        SilentEngine() throws IOException {
            Thread t = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        open.add(s);
                        Thread reader = new Thread(() -> drain(s));
                        reader.setDaemon(true);
                        reader.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            t.setDaemon(true);
            t.start();
        }

        private static void drain(Socket s) {
            try (InputStream in = s.getInputStream()) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            } catch (IOException ignored) {
                // closed
            }
        }

        int port() {
            return server.getLocalPort();
        }

        int requests() {
            return open.size();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : open) {
                s.close();
            }
        }
    }
}
