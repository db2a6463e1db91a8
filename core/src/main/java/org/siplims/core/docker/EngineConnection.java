package org.siplims.core.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Version;
import java.io.IOException;
import java.net.URI;
import org.siplims.core.image.Platform;

/**
 * The connection to the Docker engine at one address, for the launcher and the publisher alike.
 * The docker-java client is made on first use, not at construction, so the launcher's HTTP server
 * answers before any of docker-java is loaded.
 */
public final class EngineConnection implements AutoCloseable {
    private final URI host;
    private DockerClient client;
    private EngineInfo info;

    public EngineConnection(URI host) {
        this.host = host;
    }

    /** The engine {@code DOCKER_HOST} names, else the platform's default. */
    public static EngineConnection fromEnvironment() {
        return new EngineConnection(DockerHost.resolve());
    }

    public URI host() {
        return host;
    }

    /** The client; nothing is contacted by this call. */
    public synchronized DockerClient client() {
        if (client == null) {
            client = DockerEngine.client(host);
        }
        return client;
    }

    /**
     * The client of an engine known to answer: the first call asks the engine for its version.
     *
     * @throws DockerUnavailableException when no engine answers
     */
    public DockerClient answeringClient() {
        info();
        return client();
    }

    /**
     * Asks the engine for its version and platform, every time (the answer also proves it is up).
     *
     * @throws DockerUnavailableException when no engine answers
     */
    public EngineInfo ping() {
        Version v = DockerEngine.ping(client(), host);
        String os = v.getOperatingSystem() == null || v.getOperatingSystem().isBlank() ? "linux" : v.getOperatingSystem();
        String arch = v.getArch() == null || v.getArch().isBlank() ? System.getProperty("os.arch") : v.getArch();
        EngineInfo answer = new EngineInfo(v.getVersion(), v.getApiVersion(), new Platform(os, arch));
        synchronized (this) {
            info = answer;
        }
        return answer;
    }

    /**
     * What the engine said the last time it was asked; asks it if it never was.
     *
     * @throws DockerUnavailableException when it has to ask and no engine answers
     */
    public EngineInfo info() {
        synchronized (this) {
            if (info != null) {
                return info;
            }
        }
        return ping();
    }

    /** The platform the engine runs containers on natively, e.g. linux/arm64 on an Apple-silicon Mac. */
    public Platform nativePlatform() {
        return info().platform();
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
                // closing the connection pool of an engine that may have gone away: nothing to report
            }
            client = null;
        }
    }
}
