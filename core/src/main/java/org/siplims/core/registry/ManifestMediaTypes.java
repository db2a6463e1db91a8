package org.siplims.core.registry;

import java.util.Set;

/** The manifest media types this client understands, and the {@code Accept} header that asks for them. */
public final class ManifestMediaTypes {
    private ManifestMediaTypes() {
    }

    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";

    public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
    public static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
    public static final String DOCKER_LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";

    /**
     * Without the index types a registry would pick one platform's manifest for us (or, for an old
     * registry, convert to schema 1); listing all four gets the tag's real manifest and digest.
     */
    public static final String ACCEPT = String.join(", ", OCI_INDEX, OCI_MANIFEST, DOCKER_MANIFEST_LIST, DOCKER_MANIFEST);

    private static final Set<String> INDEXES = Set.of(OCI_INDEX, DOCKER_MANIFEST_LIST);
    private static final Set<String> IMAGES = Set.of(OCI_MANIFEST, DOCKER_MANIFEST);

    /** An index or manifest list: one entry per platform. */
    public static boolean isIndex(String mediaType) {
        return INDEXES.contains(mediaType);
    }

    /** A single image's manifest: a config and layers. */
    public static boolean isImageManifest(String mediaType) {
        return IMAGES.contains(mediaType);
    }
}
