package org.siplims.core.container;

import com.github.dockerjava.api.DockerClient;

/** How much memory the engine has (Docker Desktop: its virtual machine's), for a memory limit given as a share. */
public final class EngineMemory {
    private EngineMemory() {
    }

    /** The engine's total memory in bytes, or 0 when it does not say. */
    public static long of(DockerClient client) {
        Long total = client.infoCmd().exec().getMemTotal();
        return total == null || total < 0 ? 0 : total;
    }
}
