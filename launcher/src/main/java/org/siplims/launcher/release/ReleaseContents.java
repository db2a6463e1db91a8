package org.siplims.launcher.release;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.siplims.core.release.PackageChanges;
import org.siplims.core.release.ReleaseMetadata;

/**
 * What a release in the registry says about itself and what it contains, read for the "what
 * changes" list of an update.
 *
 * @param metadata         its labels (version, commit, build date), when they could be read
 * @param notes            the release notes (the annotated tag's message), when it has them
 * @param packages         the packages its SBOM attestation lists, when there is a usable one
 * @param packagesVerified the SBOM's signature was checked with a trusted key
 * @param packagesMissing  why there is no package list, for a person; empty when there is one
 */
public record ReleaseContents(Optional<ReleaseMetadata> metadata, Optional<String> notes,
                              Optional<List<PackageChanges.Package>> packages, boolean packagesVerified,
                              Optional<String> packagesMissing) {
    public ReleaseContents {
        Objects.requireNonNull(metadata);
        Objects.requireNonNull(notes);
        packages = packages.map(List::copyOf);
        packagesMissing = packages.isPresent() ? Optional.empty() : packagesMissing.or(() -> Optional.of("not known"));
    }

    public static ReleaseContents unknown(String why) {
        return new ReleaseContents(Optional.empty(), Optional.empty(), Optional.empty(), false, Optional.of(why));
    }
}
