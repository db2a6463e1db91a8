package org.siplims.core.testing.faults;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A registry front on loopback that forwards every request to a real registry and, when a rule
 * matches, injects a fault instead: a status (500, 401, 429 with {@code Retry-After}), a delay, a
 * stall that never answers, a body cut off halfway (the connection closed), or a body changed by
 * one byte under the original {@code Docker-Content-Digest}. Both the programs' own registry
 * client and the Docker engine (which treats 127.0.0.0/8 as an insecure registry) can go through
 * it: the registry builds upload URLs from {@code X-Forwarded-Host}, so pushes work too.
 *
 * <p>Everything stays on loopback: it listens on 127.0.0.1 and talks only to the upstream given.
 */
public final class FaultProxy implements AutoCloseable {
    /** What a request looks like to the rules. */
    public record Request(String method, String path, String userAgent) {
        /** True for the Docker engine's requests (its User-Agent starts with "docker/"). */
        public boolean fromEngine() {
            return userAgent != null && userAgent.toLowerCase(Locale.ROOT).startsWith("docker/");
        }

        public boolean manifest() {
            return path.contains("/manifests/");
        }

        public boolean blob() {
            return path.contains("/blobs/") && !path.contains("/blobs/uploads");
        }
    }

    private enum Kind { STATUS, DELAY, STALL, CUT, CORRUPT, DROP }

    /** One fault: which requests, what happens, how many times (then the rule is spent). */
    public final class Rule {
        private final Predicate<Request> match;
        private Kind kind;
        private int status;
        private Map<String, String> headers = Map.of();
        private long delayMillis;
        private int remaining = Integer.MAX_VALUE;
        private final AtomicInteger hits = new AtomicInteger();

        private Rule(Predicate<Request> match) {
            this.match = match;
        }

        /** Answer with this status (and headers) without asking the registry. */
        public Rule status(int code, Map<String, String> extraHeaders) {
            kind = Kind.STATUS;
            status = code;
            headers = extraHeaders;
            return this;
        }

        /** Forward after a pause. */
        public Rule delay(Duration pause) {
            kind = Kind.DELAY;
            delayMillis = pause.toMillis();
            return this;
        }

        /** Never answer (until the proxy closes). */
        public Rule stall() {
            kind = Kind.STALL;
            return this;
        }

        /** Forward, announce the full length (at least 1), send half the body, then close the connection. */
        public Rule cutHalfway() {
            kind = Kind.CUT;
            return this;
        }

        /** Forward (the registry does what was asked), then close the connection without any answer. */
        public Rule dropAnswer() {
            kind = Kind.DROP;
            return this;
        }

        /** Forward, but change the body by one byte and keep the registry's Docker-Content-Digest. */
        public Rule corrupt() {
            kind = Kind.CORRUPT;
            return this;
        }

        /** Only for the first {@code n} matching requests. */
        public Rule times(int n) {
            synchronized (FaultProxy.this) {
                remaining = n;
            }
            return this;
        }

        /** How many requests this rule has hit. */
        public int hits() {
            return hits.get();
        }

        /** Stops this rule. */
        public void remove() {
            rules.remove(this);
        }
    }

    private final String upstream;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fault-proxy");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);

    /** @param upstream the real registry, {@code 127.0.0.1:PORT} */
    public FaultProxy(String upstream) {
        this.upstream = upstream;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code 127.0.0.1:PORT}, to use as the registry part of image references. */
    public String hostPort() {
        return "127.0.0.1:" + port();
    }

    /** A new rule for the requests that match; give it a fault with one of its methods. */
    public Rule when(Predicate<Request> match) {
        Rule rule = new Rule(match);
        rules.add(rule);
        return rule;
    }

    /** Removes every rule: the proxy forwards faithfully from now on. */
    public void clearRules() {
        rules.clear();
    }

    /** One line per request: method, path, user agent and what the proxy did. */
    public List<String> log() {
        return new ArrayList<>(log);
    }

    private Rule take(Request r) {
        synchronized (this) {
            for (Rule rule : rules) {
                if (rule.kind != null && rule.remaining > 0 && rule.match.test(r)) {
                    rule.remaining--;
                    rule.hits.incrementAndGet();
                    return rule;
                }
            }
        }
        return null;
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath() + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery());
        Request r = new Request(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), ex.getRequestHeaders().getFirst("User-Agent"));
        Rule rule = take(r);
        log.add(r.method() + " " + r.path() + " [" + (r.fromEngine() ? "engine" : r.userAgent()) + "] -> " + (rule == null ? "forward" : rule.kind));
        try {
            if (rule != null && rule.kind == Kind.STATUS) {
                rule.headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
                byte[] body = ("{\"errors\":[{\"code\":\"FAULT\",\"message\":\"injected " + rule.status + "\"}]}").getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "application/json");
                if (r.method().equals("HEAD")) {
                    ex.sendResponseHeaders(rule.status, -1);
                } else {
                    ex.sendResponseHeaders(rule.status, body.length);
                    ex.getResponseBody().write(body);
                }
                return;
            }
            if (rule != null && rule.kind == Kind.STALL) {
                closed.await(5, TimeUnit.MINUTES);
                return;
            }
            if (rule != null && rule.kind == Kind.DELAY) {
                closed.await(rule.delayMillis, TimeUnit.MILLISECONDS);
            }
            forward(ex, path, rule == null ? null : rule.kind);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            log.add("  failed: " + e);
        } finally {
            ex.close();
        }
    }

    private static final Set<String> HOP = Set.of("host", "content-length", "connection", "expect", "upgrade", "transfer-encoding",
            "keep-alive", "te", "trailer", "proxy-connection", "http2-settings");

    private void forward(HttpExchange ex, String path, Kind fault) throws IOException, InterruptedException {
        byte[] requestBody = ex.getRequestBody().readAllBytes();
        HttpRequest.Builder out = HttpRequest.newBuilder(URI.create("http://" + upstream + path)).timeout(Duration.ofMinutes(5))
                .method(ex.getRequestMethod(), requestBody.length == 0 && !hasBody(ex) ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(requestBody));
        for (Map.Entry<String, List<String>> h : ex.getRequestHeaders().entrySet()) {
            if (!HOP.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                for (String v : h.getValue()) {
                    out.header(h.getKey(), v);
                }
            }
        }
        out.header("X-Forwarded-Host", hostPort());
        out.header("X-Forwarded-Proto", "http");
        HttpResponse<InputStream> response = client.send(out.build(), HttpResponse.BodyHandlers.ofInputStream());
        if (fault == Kind.DROP) {
            response.body().close();
            // No status line at all: closing the exchange unanswered makes the server drop the connection.
            ex.getResponseBody().close();
            return;
        }
        Headers headers = ex.getResponseHeaders();
        response.headers().map().forEach((k, vs) -> {
            if (!HOP.contains(k.toLowerCase(Locale.ROOT)) && !k.startsWith(":")) {
                for (String v : vs) {
                    headers.add(k, k.equalsIgnoreCase("Location") ? v.replace(upstream, hostPort()) : v);
                }
            }
        });
        long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        try (InputStream in = response.body()) {
            if (ex.getRequestMethod().equals("HEAD") || response.statusCode() == 204 || response.statusCode() == 304) {
                if (length >= 0) {
                    headers.set("Content-Length", Long.toString(length));
                }
                ex.sendResponseHeaders(response.statusCode(), -1);
                in.transferTo(OutputStream.nullOutputStream());
                return;
            }
            if (fault == Kind.CUT || fault == Kind.CORRUPT) {
                byte[] body = in.readAllBytes();
                if (fault == Kind.CUT) {
                    // At least one byte announced, so even an empty answer (a 201 to a PUT) is cut off.
                    ex.sendResponseHeaders(response.statusCode(), Math.max(1, body.length));
                    OutputStream o = ex.getResponseBody();
                    o.write(body, 0, body.length / 2);
                    o.flush();
                    // Closing the exchange with bytes missing makes the server drop the connection.
                    return;
                }
                byte[] changed = new byte[body.length + 1];
                System.arraycopy(body, 0, changed, 0, body.length);
                changed[body.length] = '\n';
                ex.sendResponseHeaders(response.statusCode(), changed.length);
                ex.getResponseBody().write(changed);
                return;
            }
            ex.sendResponseHeaders(response.statusCode(), length == 0 ? -1 : length > 0 ? length : 0);
            if (length != 0) {
                in.transferTo(ex.getResponseBody());
            }
        }
    }

    private static boolean hasBody(HttpExchange ex) {
        String cl = ex.getRequestHeaders().getFirst("Content-Length");
        return ex.getRequestHeaders().containsKey("Transfer-Encoding") || (cl != null && !cl.equals("0"));
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
