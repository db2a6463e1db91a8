package org.siplims.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;

/**
 * Protocol cases that the real test registries never show (a HEAD-less registry, a wrong digest,
 * rate limits, redirects to storage, OAuth-style token answers), against a small scripted HTTP server.
 * The client's behaviour against real registries is proven in {@link RegistryClientIT}.
 */
class RegistryClientProtocolTest {
    private static final String SECRET = "pa55-SECRET-value";
    private static final byte[] MANIFEST = ("{\"schemaVersion\":2,\"mediaType\":\"" + ManifestMediaTypes.DOCKER_MANIFEST
            + "\",\"config\":{\"mediaType\":\"x\",\"size\":2,\"digest\":\"" + Digest.of("{}") + "\"},\"layers\":[]}")
            .getBytes(StandardCharsets.UTF_8);

    /** A scripted server: a handler per "METHOD path" (path without query), and what it was sent. */
    private static final class Fake implements AutoCloseable {
        interface Handler {
            void handle(HttpExchange exchange) throws IOException;
        }

        final HttpServer server;
        final Map<String, Handler> routes = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
        final Map<String, String> lastAuthorization = new ConcurrentHashMap<>();

        Fake() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                String key = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
                hits.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                lastAuthorization.put(key, Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization")).orElse("-"));
                Handler h = routes.get(key);
                try (exchange) {
                    if (h == null) {
                        send(exchange, 404, "{\"errors\":[{\"code\":\"NOT_FOUND\",\"message\":\"no route\"}]}");
                    } else {
                        h.handle(exchange);
                    }
                }
            });
            server.start();
        }

        String host() {
            return "127.0.0.1:" + server.getAddress().getPort();
        }

        int hits(String key) {
            return hits.getOrDefault(key, new AtomicInteger()).get();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        send(exchange, status, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        if (exchange.getRequestMethod().equals("HEAD") || body.length == 0) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private final Fake fake;
    private final Fake storage;

    RegistryClientProtocolTest() throws IOException {
        fake = new Fake();
        storage = new Fake();
    }

    @AfterEach
    void stop() {
        fake.close();
        storage.close();
    }

    private ImageReference ref(String suffix) {
        return ImageReference.parse(fake.host() + "/team/app" + suffix);
    }

    private RegistryClient client(boolean withCredentials) {
        CredentialResolver r = new CredentialResolver(Map.of(), Path.of("/nonexistent-home"), List.of());
        return new RegistryClient(withCredentials ? r.withExplicit(fake.host(), "user", SECRET) : r, Duration.ofSeconds(5));
    }

    /** No secret anywhere a person or a log could see it. */
    private static <T extends Throwable> T noSecret(T e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains(SECRET), t.toString());
            assertFalse(t.toString().contains(SECRET));
            if (t instanceof org.siplims.core.UserFacingException u) {
                assertFalse(u.describe().contains(SECRET));
            }
        }
        return e;
    }

    @Test
    void headRefusedFallsBackToGetAndHashesTheBody() {
        fake.routes.put("HEAD /v2/team/app/manifests/1", ex -> send(ex, 405, ""));
        fake.routes.put("GET /v2/team/app/manifests/1", ex -> {
            ex.getResponseHeaders().set("Content-Type", ManifestMediaTypes.DOCKER_MANIFEST);
            send(ex, 200, MANIFEST);
        });
        assertEquals(Digest.of(MANIFEST), client(false).digest(ref(":1")));
        assertEquals(1, fake.hits("HEAD /v2/team/app/manifests/1"));
    }

    @Test
    void aBodyThatDoesNotMatchItsDigestIsRefused() {
        Digest asked = Digest.of("something else");
        fake.routes.put("GET /v2/team/app/manifests/" + asked, ex -> send(ex, 200, MANIFEST));
        RegistryBadResponseException e = assertThrows(RegistryBadResponseException.class,
                () -> client(false).manifest(ref("@" + asked)));
        assertTrue(e.getMessage().contains(asked.toString()) && e.getMessage().contains(Digest.of(MANIFEST).toString()), e.getMessage());

        // By tag, a Docker-Content-Digest that disagrees with the body is refused as well.
        fake.routes.put("GET /v2/team/app/manifests/1", ex -> {
            ex.getResponseHeaders().set("Docker-Content-Digest", asked.toString());
            send(ex, 200, MANIFEST);
        });
        assertThrows(RegistryBadResponseException.class, () -> client(false).manifest(ref(":1")));
    }

    @Test
    void rateLimitedWithRetryAfter() {
        fake.routes.put("HEAD /v2/team/app/manifests/1", ex -> {
            ex.getResponseHeaders().set("Retry-After", "17");
            send(ex, 429, "");
        });
        RegistryRateLimitedException e = assertThrows(RegistryRateLimitedException.class, () -> client(false).digest(ref(":1")));
        assertEquals(Optional.of(Duration.ofSeconds(17)), e.retryAfter());
        assertTrue(e.hint().contains("17 seconds"), e.hint());
    }

    @Test
    void anonymousBearerTokenFromAccessTokenIsCachedAndSentUpFront() {
        fake.routes.put("GET /token", ex -> {
            assertNull(ex.getRequestHeaders().getFirst("Authorization"));
            assertTrue(ex.getRequestURI().getQuery().contains("scope=repository:team/app:pull"), ex.getRequestURI().toString());
            send(ex, 200, "{\"access_token\":\"tok-1\",\"expires_in\":120}");
        });
        fake.routes.put("HEAD /v2/team/app/manifests/1", ex -> {
            if (!"Bearer tok-1".equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"http://" + fake.host() + "/token\",service=\"fake\"");
                send(ex, 401, "");
                return;
            }
            ex.getResponseHeaders().set("Docker-Content-Digest", Digest.of(MANIFEST).toString());
            send(ex, 200, "");
        });
        RegistryClient client = client(false);
        assertEquals(Digest.of(MANIFEST), client.digest(ref(":1")));
        assertEquals(Digest.of(MANIFEST), client.digest(ref(":1")));
        assertEquals(1, fake.hits("GET /token"));
        assertEquals(3, fake.hits("HEAD /v2/team/app/manifests/1")); // one 401, then two with the token
    }

    @Test
    void tokenServiceRejectingTheCredentials() {
        fake.routes.put("GET /token", ex -> send(ex, 401, "{\"details\":\"bad password " + SECRET + "\"}"));
        fake.routes.put("HEAD /v2/team/app/manifests/1", ex -> {
            ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"http://" + fake.host() + "/token\"");
            send(ex, 401, "");
        });
        RegistryUnauthorizedException e = noSecret(assertThrows(RegistryUnauthorizedException.class, () -> client(true).digest(ref(":1"))));
        assertTrue(e.getMessage().contains("rejected the credentials for user 'user'"), e.getMessage());
        assertTrue(fake.lastAuthorization.get("GET /token").startsWith("Basic "));
    }

    @Test
    void basicChallengeIsAnsweredWithTheCredentials() {
        fake.routes.put("GET /v2/team/app/tags/list", ex -> {
            String expected = "Basic " + java.util.Base64.getEncoder().encodeToString(("user:" + SECRET).getBytes(StandardCharsets.UTF_8));
            if (!expected.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"fake\"");
                send(ex, 401, "");
                return;
            }
            send(ex, 200, "{\"name\":\"team/app\",\"tags\":[\"1\"]}");
        });
        assertEquals(List.of("1"), client(true).tags(ref("")));
        RegistryUnauthorizedException e = assertThrows(RegistryUnauthorizedException.class, () -> client(false).tags(ref("")));
        assertTrue(e.hint().contains("docker login " + fake.host()), e.hint());
    }

    @Test
    void tagsFollowRelativeNextLinks() {
        fake.routes.put("GET /v2/team/app/tags/list", ex -> {
            String query = String.valueOf(ex.getRequestURI().getQuery());
            if (query.contains("last=b")) {
                send(ex, 200, "{\"tags\":[\"c\"]}");
            } else {
                assertTrue(query.contains("n=2"), query);
                ex.getResponseHeaders().set("Link", "</v2/team/app/tags/list?n=2&last=b>; rel=\"next\"");
                send(ex, 200, "{\"tags\":[\"a\",\"b\"]}");
            }
        });
        assertEquals(List.of("a", "b", "c"), client(false).tags(ref(""), 2));
    }

    @Test
    void aRedirectedBlobDownloadDoesNotCarryTheAuthorizationHeader() {
        byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Labels\":{\"k\":\"v\"}}}".getBytes(StandardCharsets.UTF_8);
        Digest digest = Digest.of(config);
        storage.routes.put("GET /blob", ex -> send(ex, 200, config));
        fake.routes.put("GET /v2/team/app/blobs/" + digest, ex -> {
            if (ex.getRequestHeaders().getFirst("Authorization") == null) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"fake\"");
                send(ex, 401, "");
                return;
            }
            // "localhost" rather than 127.0.0.1: another host, as a storage bucket is.
            ex.getResponseHeaders().set("Location", "http://localhost:" + storage.server.getAddress().getPort() + "/blob");
            send(ex, 307, "");
        });
        assertEquals(new String(config, StandardCharsets.UTF_8), new String(client(true).blob(ref(""), digest), StandardCharsets.UTF_8));
        assertEquals("-", storage.lastAuthorization.get("GET /blob"));
    }

    @Test
    void malformedAnswersAndServerErrorsAreBadResponses() {
        fake.routes.put("GET /v2/team/app/tags/list", ex -> send(ex, 200, "<html>oops</html>"));
        RegistryBadResponseException json = assertThrows(RegistryBadResponseException.class, () -> client(false).tags(ref("")));
        assertTrue(json.getMessage().contains("malformed JSON"), json.getMessage());

        fake.routes.put("HEAD /v2/team/app/manifests/1", ex -> send(ex, 500, ""));
        fake.routes.put("GET /v2/team/app/manifests/1", ex -> send(ex, 500, "{\"errors\":[{\"code\":\"UNKNOWN\",\"message\":\"disk full\"}]}"));
        RegistryBadResponseException server = assertThrows(RegistryBadResponseException.class, () -> client(false).digest(ref(":1")));
        assertTrue(server.getMessage().contains("HTTP 500") && server.getMessage().contains("disk full"), server.getMessage());
    }

    @Test
    void credentialsAreNeverSentInClearTextToARemoteLoginService() {
        fake.routes.put("HEAD /v2/team/app/manifests/1", ex -> {
            ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"http://login.example.com/token\"");
            send(ex, 401, "");
        });
        RegistryBadResponseException e = noSecret(assertThrows(RegistryBadResponseException.class, () -> client(true).digest(ref(":1"))));
        assertTrue(e.getMessage().contains("without encryption"), e.getMessage());
    }

    @Test
    void aManifestPutIsSentByteForByteWithItsMediaType() {
        AtomicInteger puts = new AtomicInteger();
        fake.routes.put("PUT /v2/team/app/manifests/moved", ex -> {
            assertEquals(ManifestMediaTypes.DOCKER_MANIFEST, ex.getRequestHeaders().getFirst("Content-Type"));
            assertEquals(new String(MANIFEST, StandardCharsets.UTF_8), new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            puts.incrementAndGet();
            ex.getResponseHeaders().set("Docker-Content-Digest", Digest.of(MANIFEST).toString());
            send(ex, 201, "");
        });
        Manifest m = new Manifest(ref(":1"), ManifestMediaTypes.DOCKER_MANIFEST, MANIFEST);
        assertEquals(Digest.of(MANIFEST), client(false).putManifest(ref(":moved"), m));
        assertEquals(1, puts.get());
    }
}
