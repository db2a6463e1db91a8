package org.siplims.core.container;

import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import java.util.List;
import java.util.Objects;

/**
 * What the app container may do beyond running its programs: nothing more than it needs.
 * <ul>
 *   <li><b>Capabilities</b>: all dropped, none added back ({@link #CAPABILITIES_ADDED} is empty).
 *       The image's entrypoint needs none: the container starts as the right user (so nothing
 *       calls setuid/setgid or chowns), the app listens on 8501 (above 1024, so no
 *       NET_BIND_SERVICE), and the init process ({@code --init}) only forwards signals to its own
 *       child. A non-root process has no effective capabilities anyway; dropping the bounding set
 *       also keeps a setuid program in the image from regaining them.</li>
 *   <li><b>no-new-privileges</b>: a setuid or file-capability program cannot raise privileges.</li>
 *   <li><b>A PID limit</b>: a runaway script that forks without end stops at the limit instead of
 *       exhausting the engine's process table.</li>
 *   <li><b>A memory limit</b>: {@link MemoryLimit}, by default a share of the engine's memory;
 *       swap is not added on top of it.</li>
 * </ul>
 * The user the container runs as is chosen by {@link ContainerUser} (never uid 0).
 */
public record Confinement(MemoryLimit memory, long pidsLimit) {
    /** Workflow scripts start a few processes each; a fork bomb starts thousands. */
    public static final long DEFAULT_PIDS_LIMIT = 1024;
    public static final List<String> CAPABILITIES_DROPPED = List.of("ALL");
    public static final List<String> CAPABILITIES_ADDED = List.of();
    public static final String NO_NEW_PRIVILEGES = "no-new-privileges";
    public static final Confinement DEFAULT = new Confinement(MemoryLimit.DEFAULT, DEFAULT_PIDS_LIMIT);

    public Confinement {
        Objects.requireNonNull(memory);
        if (pidsLimit < 16) {
            throw new IllegalArgumentException("a PID limit below 16 leaves the app no room: " + pidsLimit);
        }
    }

    public static Confinement withMemory(MemoryLimit memory) {
        return new Confinement(memory, DEFAULT_PIDS_LIMIT);
    }

    /**
     * Sets these limits on a container's host configuration (the publisher's image tests use this
     * too, so a release is tested as users run it).
     *
     * @param engineMemory the engine's memory in bytes, for a limit given as a share (0: unknown, no memory limit)
     */
    public HostConfig applyTo(HostConfig host, long engineMemory) {
        host.withCapDrop(capabilities(CAPABILITIES_DROPPED))
                .withSecurityOpts(List.of(NO_NEW_PRIVILEGES))
                .withPidsLimit(pidsLimit);
        if (!CAPABILITIES_ADDED.isEmpty()) {
            host.withCapAdd(capabilities(CAPABILITIES_ADDED));
        }
        long bytes = memory.bytesFor(engineMemory);
        if (bytes > 0) {
            host.withMemory(bytes).withMemorySwap(bytes); // no swap on top of the limit
        }
        return host;
    }

    private static Capability[] capabilities(List<String> names) {
        return names.stream().map(Capability::valueOf).toArray(Capability[]::new);
    }
}
