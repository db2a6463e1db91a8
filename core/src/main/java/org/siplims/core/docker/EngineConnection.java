package org.siplims.core.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
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
    private Boolean containerdStore;

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
