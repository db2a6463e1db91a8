package org.siplims.launcher.engine;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Asks the app the question Streamlit answers when it is ready: GET /_stcore/health → 200. */
public final class HealthProbe {
    /**
     * Made on the first probe, not with the launcher: building an HttpClient sets up the default
     * TLS context (the CA store is read and parsed), work the status page should not wait for.
     */
    private HttpClient http;

    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(2))
                    .proxy(HttpClient.Builder.NO_PROXY) // loopback: a configured proxy must not intercept it
                    .build();
        }
        return http;
    }

    /** True when the app on this loopback port answers its health path with 200 within two seconds. */
    public boolean healthy(int appPort) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + appPort + "/_stcore/health"))
                .timeout(Duration.ofSeconds(2))
                .GET()
                .build();
        try {
            return http().send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }
}
