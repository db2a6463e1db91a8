package org.siplims.launcher.status;

import java.time.Instant;
import java.util.Optional;
import org.siplims.core.image.Digest;
import org.siplims.core.image.Platform;
import org.siplims.launcher.trust.Verification;

/**
 * The image the app runs (or is about to run, or was refused).
 *
 * @param reference    what the container is created from: {@code repo@sha256:…}, or for an image
 *                     that exists only locally its image ID
 * @param digest       the registry digest, empty for a local-only image
 * @param emulated     true when the image's platform differs from the engine's (runs under QEMU)
 * @param verification whether a trusted key signed it (see {@link Verification})
 */
public record ImageInfo(String reference, Optional<Digest> digest, String version, String commit,
                        Optional<Instant> buildDate, Platform platform, boolean emulated, Verification verification) {

    public ImageInfo {
        verification = verification == null ? Verification.NOT_CHECKED : verification;
    }

    /** An image whose signature was not checked. */
    public ImageInfo(String reference, Optional<Digest> digest, String version, String commit,
                     Optional<Instant> buildDate, Platform platform, boolean emulated) {
        this(reference, digest, version, commit, buildDate, platform, emulated, Verification.NOT_CHECKED);
    }
}
