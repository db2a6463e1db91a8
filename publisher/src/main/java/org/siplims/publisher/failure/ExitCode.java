package org.siplims.publisher.failure;

/**
 * The publisher's exit codes. They are part of its interface: CI jobs and the maintainer's own
 * scripts branch on them, so each kind of failure keeps its number.
 */
public enum ExitCode {
    OK(0),
    /** Bad usage or input: an unknown option, a malformed reference, a missing release. */
    USAGE(2),
    /** Preflight found problems; nothing was built. */
    PREFLIGHT(3),
    /** The image did not build. */
    BUILD(4),
    /** The image failed its tests (or has no passing record); nothing was pushed. */
    TEST(5),
    /** Pushing, retagging, signing or verifying on the registry failed (or a signature was refused). */
    PUSH(6),
    /** {@code rebuild-check}: the rebuild from the release's commit is not the published image. */
    NOT_REPRODUCIBLE(7);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
