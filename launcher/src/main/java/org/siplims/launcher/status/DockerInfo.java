package org.siplims.launcher.status;

/** Whether the Docker engine answers, and its version when it does. */
public record DockerInfo(boolean available, String version) {
    public static final DockerInfo UNKNOWN = new DockerInfo(false, null);
}
