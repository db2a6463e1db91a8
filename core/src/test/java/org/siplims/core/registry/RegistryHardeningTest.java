package org.siplims.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;

/**
 * Security and robustness of the registry client against a hostile or broken registry (issue 17,
 * items 6 and 7): credentials never leave the registry's origin, and no answer can keep the client
 * waiting past its deadline or make it read more than it needs.
 */
class RegistryHardeningTest {
    private static final String SECRET = "pa55-SECRET-value";
    private static final int MIB = 1024 * 1024;
    /** What the kernel's socket buffers may hold between what the server wrote and what the client read. */
    private static final long SOCKET_SLACK = 16L * MIB;

    /** A loopback HTTP server with one handler per "METHOD path", recording every request's Authorization header. */
    private static final class Fake implements AutoCloseable {
        interface Handler {
            void handle(HttpExchange exchange) throws IOException;
        }

        final HttpServer server;
        final Map<String, Handler> routes = new ConcurrentHashMap<>();
        final List<String> requests = new CopyOnWriteArrayList<>();
        final List<String> authorizations = new CopyOnWriteArrayList<>();
        final AtomicLong bytesWritten = new AtomicLong();

        Fake() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(Executors.newCachedThreadPool());
            server.createContext("/", exchange -> {
                String key = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
                requests.add(key);
                String authorization = exchange.getRequestHeaders().getFirst("Authorization");
                if (authorization != null) {
                    authorizations.add(authorization);
                }
                Handler h = routes.get(key);
                try (exchange) {
                    if (h == null) {
                        exchange.sendResponseHeaders(404, -1);
                    } else {
                        h.handle(exchange);
                    }
                } catch (IOException e) {
                    // the client hung up: expected when it refuses an answer
                }
            });
            server.start();
        }

        String host() {
            return "127.0.0.1:" + server.getAddress().getPort();
        }

        /** Streams {@code total} bytes of '{' in 64 KiB pieces, counting what the socket accepted, until the client hangs up. */
        void stream(HttpExchange ex, long total, boolean announceLength) throws IOException {
            ex.sendResponseHeaders(200, announceLength ? total : 0);
            byte[] piece = new byte[64 * 1024];
            java.util.Arrays.fill(piece, (byte) ' ');
            try (OutputStream out = ex.getResponseBody()) {
                for (long sent = 0; sent < total; sent += piece.length) {
                    out.write(piece, 0, (int) Math.min(piece.length, total - sent));
                    bytesWritten.addAndGet(Math.min(piece.length, total - sent));
                }
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (exchange.getRequestMethod().equals("HEAD") || bytes.length == 0) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private final Fake registry = new Fake();
    private final Fake elsewhere = new Fake();

    RegistryHardeningTest() throws IOException {
    }

    @AfterEach
    void stop() {
        registry.close();
        elsewhere.close();
    }

    private RegistryClient client(Duration deadline) {
        CredentialResolver r = new CredentialResolver(Map.of(), Path.of("/nonexistent-home"), List.of())
                .withExplicit(registry.host(), "user", SECRET);
        return new RegistryClient(r, deadline);
    }

    private ImageReference repo() {
        return ImageReference.parse(registry.host() + "/team/app");
    }

    /** Answers with a Basic challenge unless the request carries the credentials. */
    private static boolean challenged(HttpExchange ex) throws IOException {
        if (ex.getRequestHeaders().getFirst("Authorization") == null) {
            ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"fake\"");
            send(ex, 401, "");
            return true;
        }
        return false;
    }

    // ---- item 6: credentials stay with the registry ---------------------------------------------

    @Test
    void anUploadLocationOnAnotherHostNeverReceivesTheCredentials() {
        registry.routes.put("HEAD /v2/team/app/blobs/" + Digest.of("layer"), ex -> {
            if (!challenged(ex)) {
                send(ex, 404, "");
            }
        });
        registry.routes.put("POST /v2/team/app/blobs/uploads/", ex -> {
            if (!challenged(ex)) {
                ex.getResponseHeaders().set("Location", "http://" + elsewhere.host() + "/v2/team/app/blobs/uploads/1");
                send(ex, 202, "");
            }
        });
        // The foreign host asks for credentials too, with a challenge of its own: it must get none.
        elsewhere.routes.put("PUT /v2/team/app/blobs/uploads/1", ex -> {
            if (!challenged(ex)) {
                send(ex, 201, "");
            }
        });
        elsewhere.routes.put("GET /token", ex -> send(ex, 200, "{\"token\":\"t\"}"));
        try {
            client(Duration.ofSeconds(5)).uploadBlob(repo(), "layer".getBytes(StandardCharsets.UTF_8));
        } catch (RegistryException refused) {
            assertFalse(refused.describe().contains(SECRET), refused.describe());
        }
        assertTrue(registry.authorizations.size() >= 1, "the registry itself got the credentials: " + registry.requests);
        assertEquals(List.of(), elsewhere.authorizations, "the other host never sees an Authorization header");
    }

    @Test
    void aForeignBearerChallengeDoesNotGetTheCredentialsEither() {
        registry.routes.put("HEAD /v2/team/app/blobs/" + Digest.of("layer"), ex -> send(ex, 404, ""));
        registry.routes.put("POST /v2/team/app/blobs/uploads/", ex -> {
            ex.getResponseHeaders().set("Location", "http://" + elsewhere.host() + "/upload/1");
            send(ex, 202, "");
        });
        elsewhere.routes.put("PUT /upload/1", ex -> {
            ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"http://" + elsewhere.host() + "/token\"");
            send(ex, 401, "");
        });
        elsewhere.routes.put("GET /token", ex -> send(ex, 200, "{\"token\":\"t\"}"));
        assertThrows(RegistryException.class, () -> client(Duration.ofSeconds(5)).uploadBlob(repo(), "layer".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of(), elsewhere.authorizations, "neither the upload nor a login service of the other host sees the password");
        assertFalse(elsewhere.requests.contains("GET /token"), "a login service named by another host is not asked: " + elsewhere.requests);
    }

    @Test
    void aDowngradeFromHttpsToHttpIsRefused() {
        assertTrue(HttpTransport.downgrade(java.net.URI.create("https://ghcr.io"), java.net.URI.create("http://ghcr.io/v2/x")));
        assertTrue(HttpTransport.downgrade(java.net.URI.create("https://ghcr.io"), java.net.URI.create("http://storage.example/x")));
        assertFalse(HttpTransport.downgrade(java.net.URI.create("https://ghcr.io"), java.net.URI.create("https://storage.example/x")));
        assertFalse(HttpTransport.downgrade(java.net.URI.create("http://127.0.0.1:5000"), java.net.URI.create("http://127.0.0.1:5000/v2/")));
    }

    // ---- item 7: deadlines and size caps ------------------------------------------------------

    @Test
    void aBodyThatTricklesFailsWithinTheDeadline() {
        registry.routes.put("GET /v2/team/app/manifests/1", ex -> {
            ex.sendResponseHeaders(200, 1000);
            try (OutputStream out = ex.getResponseBody()) {
                for (int i = 0; i < 1000; i++) {
                    out.write('{');
                    out.flush();
                    Thread.sleep(500);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        long start = System.nanoTime();
        RegistryException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertThrows(RegistryException.class, () -> client(Duration.ofSeconds(2)).manifest(repo().withTag("1"))));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "gave up after " + took.toMillis() + " ms, the deadline is 2 s");
        assertTrue(e instanceof RegistryUnreachableException, e.toString());
        assertFalse(e.getMessage().isBlank());
    }

    @Test
    void aHugeManifestIsRefusedWithoutReadingIt() {
        registry.routes.put("GET /v2/team/app/manifests/announced", ex -> registry.stream(ex, 64L * MIB, true));
        RegistryException announced = assertThrows(RegistryBadResponseException.class, () -> client(Duration.ofSeconds(20)).manifest(repo().withTag("announced")));
        assertFalse(announced.getMessage().isBlank());
        assertTrue(registry.bytesWritten.get() <= 4L * MIB + SOCKET_SLACK, "the server could write " + registry.bytesWritten.get() + " bytes");

        registry.bytesWritten.set(0);
        registry.routes.put("GET /v2/team/app/manifests/chunked", ex -> registry.stream(ex, 64L * MIB, false));
        assertThrows(RegistryBadResponseException.class, () -> client(Duration.ofSeconds(20)).manifest(repo().withTag("chunked")));
        assertTrue(registry.bytesWritten.get() <= 4L * MIB + SOCKET_SLACK, "the server could write " + registry.bytesWritten.get() + " bytes");
    }

    @Test
    void aHugeTokenIsRefusedWithoutReadingIt() {
        registry.routes.put("HEAD /v2/team/app/manifests/1", ex -> {
            ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"http://" + registry.host() + "/token\"");
            send(ex, 401, "");
        });
        registry.routes.put("GET /token", ex -> registry.stream(ex, 64L * MIB, false));
        assertThrows(RegistryBadResponseException.class, () -> client(Duration.ofSeconds(20)).digest(repo().withTag("1")));
        assertTrue(registry.bytesWritten.get() <= 1L * MIB + SOCKET_SLACK, "the server could write " + registry.bytesWritten.get() + " bytes");
    }

    @Test
    void aHugeConfigIsRefusedWithoutReadingIt() {
        Digest digest = Digest.of("not this");
        registry.routes.put("GET /v2/team/app/blobs/" + digest, ex -> registry.stream(ex, 64L * MIB, false));
        assertThrows(RegistryBadResponseException.class, () -> client(Duration.ofSeconds(20)).blob(repo(), digest));
        assertTrue(registry.bytesWritten.get() <= 8L * MIB + SOCKET_SLACK, "the server could write " + registry.bytesWritten.get() + " bytes");
    }
}
