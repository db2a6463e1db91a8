package org.siplims.core.docker;

import org.siplims.core.image.Platform;

/**
 * What the engine said about itself.
 *
 * @param version              the engine's version, e.g. 20.10.24
 * @param apiVersion           the newest Docker API version it speaks, e.g. 1.41
 * @param platform             the platform its containers run on natively (linux/arm64 on an Apple-silicon Mac)
 * @param product              "Docker Engine" or "Podman" (Docker Desktop, Rancher Desktop, Colima and OrbStack run Docker Engine)
 * @param containerdImageStore whether Docker keeps images in containerd's store (an image ID is then the manifest digest)
 */
public record EngineInfo(String version, String apiVersion, Platform platform, String product, boolean containerdImageStore) {
    public static final String DOCKER = "Docker Engine";
    public static final String PODMAN = "Podman";

    /** A Docker Engine with the classic image store. */
    public EngineInfo(String version, String apiVersion, Platform platform) {
        this(version, apiVersion, platform, DOCKER, false);
    }

    /** For people: "Podman 4.3.1", "Docker Engine 28.5.2 (containerd image store)". */
    public String describe() {
        String v = version == null ? "" : version.replaceFirst("\\+.*$", "");
        return (product + " " + v).strip() + (containerdImageStore ? " (containerd image store)" : "");
    }
}
