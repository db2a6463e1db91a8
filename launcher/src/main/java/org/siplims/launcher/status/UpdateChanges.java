package org.siplims.launcher.status;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.siplims.core.image.Digest;
import org.siplims.core.release.PackageChanges;

/**
 * What installing the offered release would change, read before the user chooses Update: the
 * version change, both build dates, the commit range, the offered release's notes, and the package
 * changes between the two releases' SBOMs.
 *
 * @param offered          the offered release's digest (the list belongs to that offer only)
 * @param packages         the package changes, when both SBOMs could be read
 * @param packagesVerified both SBOMs were signed by a trusted key; false: read without checking
 * @param packagesMissing  why there is no package list, for a person; empty when there is one
 */
public record UpdateChanges(Digest offered, String fromVersion, String toVersion, Optional<Instant> fromDate,
                            Optional<Instant> toDate, String fromCommit, String toCommit, Optional<String> notes,
                            Optional<PackageChanges> packages, boolean packagesVerified, Optional<String> packagesMissing) {
    public UpdateChanges {
        Objects.requireNonNull(offered);
        fromVersion = fromVersion == null ? "unknown" : fromVersion;
        toVersion = toVersion == null ? "unknown" : toVersion;
        fromCommit = fromCommit == null ? "unknown" : fromCommit;
        toCommit = toCommit == null ? "unknown" : toCommit;
        Objects.requireNonNull(fromDate);
        Objects.requireNonNull(toDate);
        Objects.requireNonNull(notes);
        Objects.requireNonNull(packages);
        packagesMissing = packages.isPresent() ? Optional.empty() : packagesMissing.or(() -> Optional.of("not known"));
    }
}
