package org.siplims.core.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.net.URI;
import java.time.Duration;

/** Opens docker-java clients to the engine and tells whether one answers. */
public final class DockerEngine {
    /** Said when the client's own deadline is not known here. */
    private static final Duration CALL_TIMEOUT_UNKNOWN = Duration.ZERO;
    private DockerEngine() {
    }

    /** A client for the engine at {@link DockerHost#resolve()}; nothing is contacted yet. */
    public static DockerClient client() {
        return client(DockerHost.resolve());
    }

    public static DockerClient client(URI host) {
        return client(host, null);
    }

    /**
     * A client whose every call fails when the engine has sent nothing for {@code responseTimeout}
     * ({@code null}: never, for pulls, builds, pushes and log streams, which legitimately take long).
     */
    public static DockerClient client(URI host, Duration responseTimeout) {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(host.toString())
                .build();
        ZerodepDockerHttpClient.Builder http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(32)
                .connectionTimeout(Duration.ofSeconds(3));
        if (responseTimeout != null) {
            http.responseTimeout(responseTimeout);
        }
        return DockerClientImpl.getInstance(config, http.build());
    }

    /**
     * Asks the engine for its version: the cheapest call that proves it answers.
     *
     * @throws DockerUnavailableException when nothing answers
     */
    public static Version ping(DockerClient client, URI host) {
        try {
            return client.versionCmd().exec();
        } catch (RuntimeException e) {
            if (EngineNotAnsweringException.timedOut(e)) {
                throw new EngineNotAnsweringException(host.toString(), CALL_TIMEOUT_UNKNOWN, e);
            }
            throw new DockerUnavailableException(host.toString(), e);
        }
    }
}
