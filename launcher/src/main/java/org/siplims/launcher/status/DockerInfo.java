package org.siplims.launcher.status;

/**
 * Whether the container engine answers, and when it does, which one and where.
 *
 * @param version the engine's version, e.g. 28.5.2
 * @param engine  the engine for people, e.g. "Podman 4.3.1" or "Docker Engine 28.5.2 (containerd image store)"
 * @param host    where it answers, e.g. unix:///run/user/1000/podman/podman.sock
 */
public record DockerInfo(boolean available, String version, String engine, String host) {
    public static final DockerInfo UNKNOWN = new DockerInfo(false, null, null, null);

    public DockerInfo(boolean available, String version) {
        this(available, version, null, null);
    }
}
