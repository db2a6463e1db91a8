package org.siplims.publisher.git;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a release records about its source: the commit, the commit's time (the build date, so two
 * builds of one commit say the same), whether the working tree had uncommitted changes, and
 * {@code git describe}'s name for it (the default version), and the tag on exactly this commit, if any.
 */
public record GitState(String commit, Instant commitTime, List<String> uncommittedChanges, String describe, Optional<String> tag) {
    public GitState {
        uncommittedChanges = List.copyOf(uncommittedChanges);
        tag = tag == null ? Optional.empty() : tag;
    }

    /** A state whose tag is not known (tests). */
    public GitState(String commit, Instant commitTime, List<String> uncommittedChanges, String describe) {
        this(commit, commitTime, uncommittedChanges, describe, Optional.empty());
    }

    public boolean dirty() {
        return !uncommittedChanges.isEmpty();
    }
}
