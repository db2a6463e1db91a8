package org.siplims.core.container;

import java.util.Objects;

/** A host folder mounted read-write at {@code target}, given to the engine as a structured mount (never a "source:target" string). */
public record BindMount(String source, String target) {
    public BindMount {
        Objects.requireNonNull(source);
        Objects.requireNonNull(target);
    }
}
