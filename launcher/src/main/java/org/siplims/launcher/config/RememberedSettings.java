package org.siplims.launcher.config;

import java.util.Optional;

/**
 * What the launcher remembers between runs: the last project folder, scripts folder and workflow,
 * and the release the user chose to skip (its registry digest: that release is not offered again,
 * a newer one is).
 */
public record RememberedSettings(Optional<String> project, Optional<String> scripts, Optional<String> workflow,
                                 Optional<String> skippedRelease) {
    public static final RememberedSettings NONE = new RememberedSettings(Optional.empty(), Optional.empty(), Optional.empty());

    public RememberedSettings {
        skippedRelease = skippedRelease == null ? Optional.empty() : skippedRelease;
    }

    /** The folders only, nothing skipped. */
    public RememberedSettings(Optional<String> project, Optional<String> scripts, Optional<String> workflow) {
        this(project, scripts, workflow, Optional.empty());
    }

    public RememberedSettings withSkippedRelease(Optional<String> digest) {
        return new RememberedSettings(project, scripts, workflow, digest);
    }
}
