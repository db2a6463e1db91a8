package org.siplims.launcher.status;

/**
 * The app container.
 *
 * @param status the engine's word for it: created, running, exited, …
 * @param health the launcher's own probe of {@code /_stcore/health}: starting, healthy or unhealthy
 */
public record ContainerInfo(String id, String name, String status, String health) {
    public ContainerInfo withStatus(String newStatus, String newHealth) {
        return new ContainerInfo(id, name, newStatus, newHealth);
    }
}
