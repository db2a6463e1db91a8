package org.siplims.launcher.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Version;
import java.io.IOException;
import java.net.URI;
import org.siplims.core.docker.DockerEngine;
import org.siplims.core.docker.DockerUnavailableException;
import org.siplims.core.image.Platform;

/**
 * The connection to the Docker engine at one address. The docker-java client is made on first use,
 * not at construction, so the launcher's HTTP server answers before any of docker-java is loaded.
 */
public final class DockerConnection implements AutoCloseable {
    private final URI host;
    private DockerClient client;

    public DockerConnection(URI host) {
        this.host = host;
    }

    public URI host() {
        return host;
    }

    public synchronized DockerClient client() {
        if (client == null) {
            client = DockerEngine.client(host);
        }
        return client;
    }

    /**
     * Asks the engine for its version and platform.
     *
     * @throws DockerUnavailableException when no engine answers
     */
    public EngineInfo ping() {
        Version v = DockerEngine.ping(client(), host);
        String os = v.getOperatingSystem() == null ? "linux" : v.getOperatingSystem();
        String arch = v.getArch() == null ? System.getProperty("os.arch") : v.getArch();
        return new EngineInfo(v.getVersion(), new Platform(os, arch));
    }

    /** Wraps a failed engine call: a refused or broken connection means the engine went away. */
    public RuntimeException translate(RuntimeException e) {
        Throwable t = e;
        while (t != null) {
            if (t instanceof IOException || t instanceof DockerUnavailableException) {
                return e instanceof DockerUnavailableException ? e : new DockerUnavailableException(host.toString(), e);
            }
            t = t.getCause();
        }
        return e;
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            try {
                client.close();
            } catch (IOException ignored) {
                // closing a client of an engine that went away
            }
            client = null;
        }
    }
}
