package org.siplims.core.registry;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one HTTP request and turns network failures into {@link RegistryUnreachableException}.
 * Knows nothing about authentication; never logs headers (they may carry credentials).
 */
final class HttpTransport {
    private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(?:\\.[0-9]{1,3}){3}");

    private final HttpClient client;
    private final Duration requestTimeout;

    HttpTransport(Duration requestTimeout) {
        // Redirects are followed by RegistryClient itself: the JDK would carry the Authorization
        // header to the storage host a registry redirects blob downloads to.
        this.client = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.requestTimeout = requestTimeout;
    }

    /**
     * @param registry the registry this request is for (named in errors)
     * @param where    what is contacted, for "Cannot reach ..." messages
     */
    HttpResponse<byte[]> send(HttpRequest.Builder request, String registry, String where) {
        request.timeout(requestTimeout);
        HttpRequest built = request.build();
        if (built.uri().getScheme().equals("http")) {
            // Plain HTTP is only used on loopback; HTTP/1.1 avoids the JDK's h2c upgrade dance.
            built = request.version(HttpClient.Version.HTTP_1_1).build();
        }
        try {
            HttpResponse<byte[]> response = client.send(built, HttpResponse.BodyHandlers.ofByteArray());
            LOG.debug("{} {} -> {}", built.method(), built.uri(), response.statusCode());
            return response;
        } catch (HttpConnectTimeoutException e) {
            throw new RegistryUnreachableException(registry, where, "no connection within " + CONNECT_TIMEOUT.toSeconds() + " s", e);
        } catch (HttpTimeoutException e) {
            throw new RegistryUnreachableException(registry, where, "no answer within " + requestTimeout.toSeconds() + " s", e);
        } catch (ConnectException e) {
            throw new RegistryUnreachableException(registry, where, unknownHost(e) ? "the host name is unknown" : "connection refused", e);
        } catch (UnknownHostException e) {
            throw new RegistryUnreachableException(registry, where, "the host name is unknown", e);
        } catch (IOException e) {
            throw new RegistryUnreachableException(registry, where, "the connection failed: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryUnreachableException(registry, where, "interrupted", e);
        }
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
}
