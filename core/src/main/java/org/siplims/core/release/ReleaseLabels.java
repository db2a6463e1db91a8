package org.siplims.core.release;

/**
 * The image labels both programs read and write: the OCI annotations that standard tools show,
 * plus the project's own, which the launcher trusts for what it reports to users.
 */
public final class ReleaseLabels {
    private ReleaseLabels() {
    }

    // OCI image-spec annotations (github.com/opencontainers/image-spec/blob/main/annotations.md).
    public static final String OCI_TITLE = "org.opencontainers.image.title";
    public static final String OCI_VERSION = "org.opencontainers.image.version";
    public static final String OCI_REVISION = "org.opencontainers.image.revision";
    public static final String OCI_CREATED = "org.opencontainers.image.created";
    public static final String OCI_SOURCE = "org.opencontainers.image.source";

    // The project's own.
    private static final String PREFIX = "org.siplims.release.";
    public static final String VERSION = PREFIX + "version";
    public static final String COMMIT = PREFIX + "commit";
    public static final String BUILD_DATE = PREFIX + "build-date";
    public static final String DIRTY = PREFIX + "dirty";
    public static final String CONDA_LOCK_SHA256 = PREFIX + "conda-lock.sha256";
    public static final String REQUIREMENTS_LOCK_SHA256 = PREFIX + "requirements-lock.sha256";

    /** Build args the Dockerfile receives, named as the maintainer's Dockerfile names them. */
    public static final String ARG_VERSION = "APP_VERSION";
    public static final String ARG_COMMIT = "COMMIT_SHA";
    public static final String ARG_BUILD_DATE = "BUILD_DATE";
}
