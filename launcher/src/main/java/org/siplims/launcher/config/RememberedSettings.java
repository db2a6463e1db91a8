package org.siplims.launcher.config;

import java.util.Optional;

/** What the launcher remembers between runs: the last project folder, scripts folder and workflow. */
public record RememberedSettings(Optional<String> project, Optional<String> scripts, Optional<String> workflow) {
    public static final RememberedSettings NONE = new RememberedSettings(Optional.empty(), Optional.empty(), Optional.empty());
}
