package org.siplims.core.docker;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Asks an app on a loopback port whether it is ready: GET on its health path, 200 means yes. */
public final class LoopbackHealth {
    private final Duration requestTimeout;
    /**
     * Made on the first probe, not with its owner: building an HttpClient sets up the default TLS
     * context (the CA store is read and parsed), work the launcher's status page should not wait for.
     */
    private HttpClient http;

    /** @param requestTimeout how long one probe may take, connecting included */
    public LoopbackHealth(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    /**
     * One answer to a probe.
     *
     * @param status the HTTP status, or 0 when nothing answered
     */
    public record Answer(int status) {
        public boolean ok() {
            return status == 200;
        }

        /** Short words for a message: "last answer HTTP 404" or "not answering yet". */
        public String describe() {
            return status == 0 ? "not answering yet" : "last answer HTTP " + status;
        }
    }

    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder()
                    .connectTimeout(requestTimeout)
                    .proxy(HttpClient.Builder.NO_PROXY) // loopback: a configured proxy must not intercept it
                    .build();
        }
        return http;
    }

    /** GET http://127.0.0.1:{port}{path}; a refused or timed-out connection is status 0. */
    public Answer ask(int port, String path) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(requestTimeout)
                .GET()
                .build();
        try {
            return new Answer(http().send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
        } catch (IOException e) {
            return new Answer(0);
        }
    }
}
