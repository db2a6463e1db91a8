package org.siplims.core.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
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
    private Boolean containerdStore;

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
        String product = isPodman(v) ? EngineInfo.PODMAN : EngineInfo.DOCKER;
        EngineInfo answer = new EngineInfo(v.getVersion(), v.getApiVersion(), new Platform(os, arch), product,
                product.equals(EngineInfo.DOCKER) && containerdImageStore());
        synchronized (this) {
            info = answer;
        }
        if (olderThan(answer.apiVersion(), MINIMUM_API)) {
            throw new EngineTooOldException(answer.describe(), answer.apiVersion(), MINIMUM_API);
        }
        return answer;
    }

    /**
     * The oldest Docker API the programs need (Docker 20.10 and Podman 4 speak 1.41). Requests carry
     * no version in their path, so the engine answers in its own newest one: never pinned below
     * what it offers (Docker Engine 29 refuses versions below 1.44).
     */
    public static final String MINIMUM_API = "1.41";

    /** Whether API version {@code a} is older than {@code b}; an unreadable version is taken as new enough. */
    public static boolean olderThan(String a, String b) {
        try {
            String[] x = a.trim().split("\\.");
            String[] y = b.trim().split("\\.");
            for (int i = 0; i < Math.max(x.length, y.length); i++) {
                int xi = i < x.length ? Integer.parseInt(x[i]) : 0;
                int yi = i < y.length ? Integer.parseInt(y[i]) : 0;
                if (xi != yi) {
                    return xi < yi;
                }
            }
            return false;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean isPodman(Version v) {
        return v.getComponents() != null && v.getComponents().stream()
                .anyMatch(c -> c.getName() != null && c.getName().toLowerCase(java.util.Locale.ROOT).startsWith("podman"));
    }

    /** Asked once per connection: whether Docker keeps images in containerd's store (its info's driver-type). */
    private boolean containerdImageStore() {
        synchronized (this) {
            if (containerdStore != null) {
                return containerdStore;
            }
        }
        boolean found;
        try {
            var statuses = client().infoCmd().exec().getDriverStatuses();
            found = statuses != null && String.valueOf(statuses).contains("io.containerd.snapshotter");
        } catch (RuntimeException e) {
            found = false; // only for the description; the version answered, so the engine is up
        }
        synchronized (this) {
            containerdStore = found;
        }
        return found;
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

    /**
     * Wraps a failed engine call: a refused or broken connection means the engine went away; any
     * other error the engine answered with becomes {@link EngineRefusedException}, a sentence naming
     * the engine with its reason (Docker's and Podman's JSON error bodies alike) and what to do.
     */
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
        if (e instanceof DockerException) {
            return new EngineRefusedException(engineName(), EngineRefusedException.reasonFrom(e.getMessage()), e);
        }
        return e;
    }

    /** The engine as last described ("Podman 4.3.1"), or "The container engine" before it answered once. */
    public synchronized String engineName() {
        return info == null ? "The container engine" : info.describe();
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
