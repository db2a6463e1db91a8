package org.siplims.core.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one HTTP request: the one place every registry and login-service request goes through.
 * Turns network failures into {@link RegistryUnreachableException}; knows nothing about
 * authentication; never logs headers (they may carry credentials). It enforces, for every request:
 * <ul>
 *   <li>an Authorization header only goes to the origin it belongs to (scheme, host and port);</li>
 *   <li>never from https down to plain http;</li>
 *   <li>a deadline for the whole exchange, body included: a registry that trickles its answer one
 *       byte at a time cannot keep the caller waiting;</li>
 *   <li>a size cap on the body ({@link Limit}): a huge answer is refused without reading it.</li>
 * </ul>
 */
final class HttpTransport {
    private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(?:\\.[0-9]{1,3}){3}");
    private static final long MIB = 1024 * 1024;

    /** The most a body of each kind may hold: far more than a real one, far less than memory. */
    record Limit(long bytes, String what) {
        static final Limit MANIFEST = new Limit(4 * MIB, "an image manifest");
        static final Limit TOKEN = new Limit(MIB, "a login token");
        static final Limit CONFIG = new Limit(8 * MIB, "an image configuration");
        /** Tag lists, and the answers to writes and deletes (an error message at most). */
        static final Limit OTHER = new Limit(4 * MIB, "this answer");
    }

    private final HttpClient client;
    private final Duration deadline;

    /** @param deadline the longest one request may take, from sending it to the last byte of the answer */
    HttpTransport(Duration deadline) {
        // Redirects are followed by RegistryClient itself: the JDK would carry the Authorization
        // header to the storage host a registry redirects blob downloads to.
        this.client = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT.compareTo(deadline) < 0 ? CONNECT_TIMEOUT : deadline)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.deadline = deadline;
    }

    /**
     * @param credentialsOrigin the only origin an Authorization header on this request may go to
     * @param registry          the registry this request is for (named in errors)
     * @param where             what is contacted, for "Cannot reach ..." messages
     * @param limit             the most the answer's body may hold
     */
    HttpResponse<byte[]> send(HttpRequest.Builder request, URI credentialsOrigin, String registry, String where, Limit limit) {
        request.timeout(deadline);
        HttpRequest built = request.build();
        if (built.uri().getScheme().equals("http")) {
            // Plain HTTP is only used on loopback; HTTP/1.1 avoids the JDK's h2c upgrade dance.
            built = request.version(HttpClient.Version.HTTP_1_1).build();
        }
        if (downgrade(credentialsOrigin, built.uri())) {
            throw new RegistryBadResponseException(registry, "The registry " + registry + " sent this program from an encrypted "
                    + "(https) address to an unencrypted one (" + built.uri().getScheme() + "://" + built.uri().getAuthority()
                    + "); refusing, because anyone on the way could read or change what is sent.");
        }
        if (built.headers().firstValue("Authorization").isPresent() && !sameOrigin(credentialsOrigin, built.uri())) {
            // Callers strip the header for other hosts; this is the last line of defence.
            throw new IllegalStateException("Refusing to send credentials for " + credentialsOrigin.getAuthority()
                    + " to " + built.uri().getAuthority());
        }
        AtomicReference<CappedBody> body = new AtomicReference<>();
        boolean head = built.method().equals("HEAD");
        CompletableFuture<HttpResponse<byte[]>> exchange = client.sendAsync(built, info -> {
            CappedBody b = new CappedBody(limit, head ? -1 : info.headers().firstValueAsLong("Content-Length").orElse(-1));
            body.set(b);
            return b;
        });
        try {
            HttpResponse<byte[]> response = exchange.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
            LOG.debug("{} {} -> {}", built.method(), built.uri(), response.statusCode());
            return response;
        } catch (TimeoutException e) {
            abort(exchange, body.get());
            throw new RegistryUnreachableException(registry, where, "no answer within " + seconds(deadline), e);
        } catch (InterruptedException e) {
            abort(exchange, body.get());
            Thread.currentThread().interrupt();
            throw new RegistryUnreachableException(registry, where, "interrupted", e);
        } catch (ExecutionException e) {
            throw failure(e.getCause(), registry, where, limit);
        }
    }

    private static void abort(CompletableFuture<?> exchange, CappedBody body) {
        if (body != null) {
            body.abort(); // closes the connection: the registry stops sending
        }
        exchange.cancel(true);
    }

    private RegistryException failure(Throwable cause, String registry, String where, Limit limit) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof BodyTooLarge) {
                return new RegistryBadResponseException(registry, "The answer from " + where + " is larger than "
                        + limit.bytes() / MIB + " MiB, far more than " + limit.what() + " ever needs, so it was not read.", cause);
            }
        }
        Throwable t = cause;
        while ((t instanceof java.util.concurrent.CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof HttpConnectTimeoutException) {
            return new RegistryUnreachableException(registry, where, "no connection within " + seconds(CONNECT_TIMEOUT), t);
        }
        if (t instanceof HttpTimeoutException) {
            return new RegistryUnreachableException(registry, where, "no answer within " + seconds(deadline), t);
        }
        if (t instanceof ConnectException) {
            return new RegistryUnreachableException(registry, where, unknownHost(t) ? "the host name is unknown" : "connection refused", t);
        }
        if (t instanceof UnknownHostException || unknownHost(t)) {
            return new RegistryUnreachableException(registry, where, "the host name is unknown", t);
        }
        return new RegistryUnreachableException(registry, where, "the connection failed: " + t.getClass().getSimpleName(), t);
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** The JDK reports an unknown host as a ConnectException with the real reason a few causes down. */
    private static boolean unknownHost(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return true;
            }
        }
        return false;
    }

    /** Scheme, host and port equal: the same origin, as browsers define it. */
    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
    }

    /** Whether going from {@code origin} to {@code target} would drop TLS. */
    static boolean downgrade(URI origin, URI target) {
        return "https".equalsIgnoreCase(origin.getScheme()) && !"https".equalsIgnoreCase(target.getScheme());
    }

    private static int port(URI u) {
        return u.getPort() != -1 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    /** The scheme, host and port of a URI, with nothing after them. */
    static URI origin(URI u) {
        return URI.create(u.getScheme() + "://" + u.getRawAuthority());
    }

    /**
     * The base URI of a registry's API: http:// on loopback (127.0.0.0/8, localhost, [::1]), where
     * local registries run without TLS, as Docker allows; https:// everywhere else.
     */
    static URI baseUri(String registryApiHost) {
        return URI.create((isLoopback(registryApiHost) ? "http://" : "https://") + registryApiHost);
    }

    /** True for host[:port] on the loopback interface; decided from the name alone, without DNS. */
    static boolean isLoopback(String hostPort) {
        String host = hostPort;
        if (host.startsWith("[")) {
            host = host.substring(1, Math.max(1, host.indexOf(']')));
        } else if (host.indexOf(':') >= 0) {
            host = host.substring(0, host.lastIndexOf(':'));
        }
        return host.equalsIgnoreCase("localhost") || host.equals("::1") || IPV4_LOOPBACK.matcher(host).matches();
    }

    /** The body exceeded its {@link Limit}. */
    private static final class BodyTooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        BodyTooLarge() {
            super("body larger than its limit");
        }
    }

    /**
     * Collects a body in memory up to its limit. Refuses at once when the announced length is over
     * the limit, and otherwise as soon as the bytes received pass it; refusing cancels the
     * subscription, which closes the connection.
     */
    private static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final Limit limit;
        private final long announced;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();
        private volatile Flow.Subscription subscription;

        CappedBody(Limit limit, long announced) {
            this.limit = limit;
            this.announced = announced;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (announced > limit.bytes()) {
                refuse();
            } else {
                s.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer b : items) {
                if (received.size() + (long) b.remaining() > limit.bytes()) {
                    refuse();
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                received.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(received.toByteArray());
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        private void refuse() {
            result.completeExceptionally(new BodyTooLarge());
            subscription.cancel();
        }

        void abort() {
            result.completeExceptionally(new HttpTimeoutException("deadline passed"));
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }
    }
}
