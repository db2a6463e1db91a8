package org.siplims.publisher.git;

import java.time.Instant;
import java.util.List;

/**
 * What a release records about its source: the commit, the commit's time (the build date, so two
 * builds of one commit say the same), whether the working tree had uncommitted changes, and
 * {@code git describe}'s name for it (the default version).
 */
public record GitState(String commit, Instant commitTime, List<String> uncommittedChanges, String describe) {
    public GitState {
        uncommittedChanges = List.copyOf(uncommittedChanges);
    }

    public boolean dirty() {
        return !uncommittedChanges.isEmpty();
    }
}
