package org.siplims.publisher.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Version;
import java.io.IOException;
import java.net.URI;
import org.siplims.core.docker.DockerEngine;
import org.siplims.core.docker.DockerHost;
import org.siplims.core.image.Platform;

/**
 * The Docker engine the publisher builds, tests and pushes with: opened on first use, asked once
 * whether it answers and which platform it runs natively.
 */
public final class Engine implements AutoCloseable {
    private final URI host;
    private DockerClient client;
    private Version version;

    public Engine(URI host) {
        this.host = host;
    }

    public static Engine fromEnvironment() {
        return new Engine(DockerHost.resolve());
    }

    public URI host() {
        return host;
    }

    /** A client; the first call checks that the engine answers. @throws org.siplims.core.docker.DockerUnavailableException */
    public synchronized DockerClient client() {
        if (client == null) {
            client = DockerEngine.client(host);
        }
        if (version == null) {
            version = DockerEngine.ping(client, host);
        }
        return client;
    }

    /** The platform the engine runs containers on natively, e.g. linux/arm64 on an Apple-silicon Mac. */
    public Platform nativePlatform() {
        client();
        String os = version.getOperatingSystem();
        return new Platform(os == null || os.isBlank() ? "linux" : os, version.getArch());
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            try {
                client.close();
            } catch (IOException ignored) {
                // closing a connection pool; nothing to report
            }
        }
    }
}
