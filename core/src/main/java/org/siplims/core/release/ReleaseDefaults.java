package org.siplims.core.release;

/**
 * Where releases are published and where launchers look for them, unless a setting names another:
 * the publisher and the launcher must agree on both, so they are defined here once.
 */
public final class ReleaseDefaults {
    /** The repository the lab's releases are pushed to and pulled from. */
    public static final String DEFAULT_IMAGE = "ghcr.io/rrmalmstrom/sip_lims_workflow_manager";
    /** The tag the publisher moves last and launchers follow. */
    public static final String DEFAULT_CHANNEL = "latest";

    private ReleaseDefaults() {
    }
}
