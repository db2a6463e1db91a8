package org.siplims.launcher.engine;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerPort;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.siplims.core.container.EngineMemory;
import org.siplims.core.container.AppContainerSpec;
import org.siplims.core.docker.ContainerLogs;
import org.siplims.core.docker.EngineConnection;

/**
 * The app container's life in the engine: find it by name, create it from a {@link ContainerSpec},
 * start, stop gracefully, remove, and read its log. Only containers carrying the launcher's label
 * are ever stopped or removed.
 */
public final class AppContainers {
    private final EngineConnection docker;

    public AppContainers(EngineConnection docker) {
        this.docker = docker;
    }

    public Optional<ExistingContainer> find(String name) {
        try {
            InspectContainerResponse r = docker.client().inspectContainerCmd(name).exec();
            // Inspect by name also matches an ID prefix: make sure it is the name.
            if (r.getName() == null || !r.getName().replaceFirst("^/", "").equals(name)) {
                return Optional.empty();
            }
            return Optional.of(toExisting(r));
        } catch (NotFoundException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            throw docker.translate(e);
        }
    }

    public Optional<ExistingContainer> inspect(String id) {
        try {
            return Optional.of(toExisting(docker.client().inspectContainerCmd(id).exec()));
        } catch (NotFoundException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            throw docker.translate(e);
        }
    }

    private static ExistingContainer toExisting(InspectContainerResponse r) {
        Map<String, String> labels = r.getConfig() != null && r.getConfig().getLabels() != null ? r.getConfig().getLabels() : Map.of();
        var state = r.getState();
        boolean running = state != null && Boolean.TRUE.equals(state.getRunning());
        return new ExistingContainer(r.getId(), r.getName().replaceFirst("^/", ""),
                "true".equals(labels.get(ContainerSpec.MANAGED_LABEL)), running,
                state != null && state.getStatus() != null ? state.getStatus() : "unknown",
                Optional.ofNullable(labels.get(ContainerSpec.FINGERPRINT_LABEL)),
                Optional.ofNullable(state == null || state.getExitCodeLong() == null ? null : state.getExitCodeLong().intValue()));
    }

    /**
     * Creates the container from core's shared spec ({@link ContainerSpec#app()}): pinned image,
     * loopback-only port, structured bind mounts, an init process, the user and the confinement.
     */
    public String create(ContainerSpec spec) {
        try {
            return create(spec, spec.app());
        } catch (NotFoundException e) {
            // Docker's containerd image store keeps a "repo@sha256:…" name only while a tag or a pull
            // by digest holds it: an image built here and pushed loses that name when its tag moves
            // to a newer build. The image itself is still there, under its ID, which no tag can move.
            String id = spec.image().imageId().toString();
            if (id.equals(spec.image().runReference()) || !imageExists(id)) {
                throw docker.translate(e);
            }
            return create(spec, spec.app().withImage(id));
        }
    }

    private boolean imageExists(String id) {
        try {
            docker.client().inspectImageCmd(id).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        } catch (RuntimeException e) {
            throw docker.translate(e);
        }
    }

    private String create(ContainerSpec spec, AppContainerSpec app) {
        try {
            return app.createCommand(docker.client(), spec.name(), spec.labels(), EngineMemory.of(docker.client())).exec().getId();
        } catch (ConflictException e) {
            throw new ContainerNameTakenException(spec.name());
        } catch (NotFoundException e) {
            throw e;
        } catch (RuntimeException e) {
            throw docker.translate(e);
        }
    }

    /**
     * Starts a created container. A port the engine cannot bind is reported naming the port; the
     * half-made container is removed. An image for a processor the engine cannot run is an
     * {@link ExecFormatException}.
     */
    public void start(String id, int appPort) {
        try {
            docker.client().startContainerCmd(id).exec();
        } catch (NotModifiedException e) {
            // already running
        } catch (RuntimeException e) {
            RuntimeException translated = docker.translate(e);
            String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            if (message.contains("port is already allocated") || message.contains("address already in use")) {
                removeQuietly(id);
                throw new PortInUseException(appPort, portHolder(appPort).orElse(null));
            }
            if (isExecFormatError(message)) {
                throw new ExecFormatException(e);
            }
            throw translated;
        }
    }

    /** Stops gracefully: SIGTERM, then SIGKILL after the grace period. A stopped container is fine. */
    public void stop(String id, Duration grace) {
        try {
            docker.client().stopContainerCmd(id).withTimeout((int) Math.max(1, grace.toSeconds())).exec();
        } catch (NotModifiedException | NotFoundException e) {
            // already stopped or gone
        } catch (RuntimeException e) {
            throw docker.translate(e);
        }
    }

    public void remove(String id) {
        try {
            docker.client().removeContainerCmd(id).withForce(true).exec();
        } catch (NotFoundException e) {
            // gone already
        } catch (ConflictException e) {
            // "removal already in progress"
        } catch (RuntimeException e) {
            throw docker.translate(e);
        }
    }

    private void removeQuietly(String id) {
        try {
            remove(id);
        } catch (RuntimeException ignored) {
            // best effort; the next start finds and replaces it
        }
    }

    /** The last {@code lines} lines the container wrote, stdout and stderr together; empty if it is gone. */
    public String logTail(String id, int lines) throws InterruptedException {
        try {
            List<String> tail = ContainerLogs.tail(docker.client(), id, lines);
            return tail.isEmpty() ? "" : String.join("\n", tail) + "\n";
        } catch (RuntimeException e) {
            throw docker.translate(e);
        }
    }

    /**
     * Fails when something else listens on the loopback port: a quick bind, released at once. A
     * container of the launcher's own that was just removed may hold it for a moment longer
     * (the engine's port proxy), so the check is repeated for a few seconds before it gives up.
     */
    public void requirePortFree(int port) throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try (ServerSocket socket = new ServerSocket()) {
                // Reuse allowed: closed connections in TIME_WAIT (from health checks) do not hold the port.
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                return;
            } catch (IOException e) {
                if (attempt >= 20) {
                    throw new PortInUseException(port, portHolder(port).orElse(null));
                }
                Thread.sleep(250);
            }
        }
    }

    /** Names the container that publishes this host port, if one does: "the container 'x'". */
    public Optional<String> portHolder(int port) {
        try {
            for (Container c : docker.client().listContainersCmd().exec()) {
                for (ContainerPort p : c.getPorts() == null ? new ContainerPort[0] : c.getPorts()) {
                    if (p.getPublicPort() != null && p.getPublicPort() == port) {
                        String name = c.getNames() != null && c.getNames().length > 0 ? c.getNames()[0].replaceFirst("^/", "") : c.getId();
                        return Optional.of("the container '" + name + "'");
                    }
                }
            }
        } catch (RuntimeException e) {
            // the engine is asked only to name the holder; the port is taken either way
        }
        return Optional.empty();
    }

    /** The "exec format error" an engine reports when the image's processor cannot run here. */
    static boolean isExecFormatError(String text) {
        return text != null && text.toLowerCase(Locale.ROOT).contains("exec format error");
    }
}
