package org.siplims.core.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.net.URI;
import java.time.Duration;

/** Opens docker-java clients to the engine and tells whether one answers. */
public final class DockerEngine {
    private DockerEngine() {
    }

    /** A client for the engine at {@link DockerHost#resolve()}; nothing is contacted yet. */
    public static DockerClient client() {
        return client(DockerHost.resolve());
    }

    public static DockerClient client(URI host) {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(host.toString())
                .build();
        DockerHttpClient http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(32)
                .connectionTimeout(Duration.ofSeconds(3))
                // No response timeout: pulls, builds and log streams legitimately take long.
                .build();
        return DockerClientImpl.getInstance(config, http);
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
            throw new DockerUnavailableException(host.toString(), e);
        }
    }
}
