package org.siplims.core.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Version;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import org.siplims.core.image.Platform;

/**
 * The connection to the Docker engine at one address, for the launcher and the publisher alike.
 * The docker-java client is made on first use, not at construction, so the launcher's HTTP server
 * answers before any of docker-java is loaded.
 *
 * <p>With a call timeout (the launcher's), every call made through {@link #client()} fails with
 * {@link EngineNotAnsweringException} when the engine sends nothing for that long, so a hung engine
 * cannot freeze Stop or Quit; pulls and log streams, which legitimately take long, use
 * {@link #streamingClient()}. Without one (the publisher: builds and pushes stream for minutes) no
 * call is bounded.
 */
public final class EngineConnection implements AutoCloseable {
    private final URI host;
    private final Duration callTimeout;
    private DockerClient client;
    private DockerClient streaming;
    private EngineInfo info;

    public EngineConnection(URI host) {
        this(host, null);
    }

    /** @param callTimeout how long any one call (but pulls and log streams) may wait for the engine's reply; {@code null}: no limit */
    public EngineConnection(URI host, Duration callTimeout) {
        this.host = host;
        this.callTimeout = callTimeout;
    }

    /** The engine {@code DOCKER_HOST} names, else the platform's default. */
    public static EngineConnection fromEnvironment() {
        return new EngineConnection(DockerHost.resolve());
    }

    public URI host() {
        return host;
    }

    /** The client, bounded by the call timeout if there is one; nothing is contacted by this call. */
    public synchronized DockerClient client() {
        if (client == null) {
            client = DockerEngine.client(host, callTimeout);
        }
        return client;
    }

    /** The client for pulls and log streams: never bounded by the call timeout. */
    public synchronized DockerClient streamingClient() {
        if (callTimeout == null) {
            return client();
        }
        if (streaming == null) {
            streaming = DockerEngine.client(host);
        }
        return streaming;
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
        Version v;
        try {
            v = DockerEngine.ping(client(), host);
        } catch (EngineNotAnsweringException e) {
            throw notAnswering(e);
        }
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
        if (EngineNotAnsweringException.timedOut(e)) {
            return notAnswering(e);
        }
        Throwable t = e;
        while (t != null) {
            if (t instanceof IOException || t instanceof DockerUnavailableException) {
                return e instanceof DockerUnavailableException ? e : new DockerUnavailableException(host.toString(), e);
            }
            t = t.getCause();
        }
        return e;
    }

    private RuntimeException notAnswering(RuntimeException e) {
        return new EngineNotAnsweringException(host.toString(), callTimeout == null ? Duration.ZERO : callTimeout, e);
    }

    @Override
    public synchronized void close() {
        for (DockerClient c : new DockerClient[] {client, streaming}) {
            if (c != null) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // closing the connection pool of an engine that may have gone away: nothing to report
                }
            }
        }
        client = null;
        streaming = null;
    }
}
