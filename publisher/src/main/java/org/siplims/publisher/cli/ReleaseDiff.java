package org.siplims.publisher.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.siplims.core.UserFacingException;
import org.siplims.core.registry.ImageConfig;
import org.siplims.core.registry.RegistryClient;
import org.siplims.core.release.PackageChanges;
import org.siplims.core.release.ReleaseLabels;
import org.siplims.core.signing.Attestations;
import org.siplims.core.signing.InTotoStatement;
import org.siplims.core.signing.TrustedKeys;
import org.siplims.publisher.attest.Sbom;
import org.siplims.publisher.registry.Release;
import org.siplims.publisher.registry.ReleaseCatalog;

/**
 * {@code releases --diff A B}: what changes from release A to release B, the comparison a lab user
 * sees before an update: versions, build dates, the commit range, B's release notes (the label
 * {@code org.siplims.release.notes}, as the launcher's page shows them; null when B has none), and
 * the package changes from the two releases' SBOMs. {@code packagesChecked}: the SBOMs were
 * verified with trusted keys.
 */
record ReleaseDiff(String fromVersion, String toVersion, String fromDigest, String toDigest, String fromBuilt, String toBuilt,
                   String fromCommit, String toCommit, String notes, boolean sbomsFound, boolean packagesChecked,
                   List<String> upgraded, List<String> added, List<String> removed) {

    static ReleaseDiff of(ReleaseCatalog.Listing listing, String a, String b, RegistryClient registry, Attestations attestations,
                          Optional<TrustedKeys> trusted) {
        Release from = find(listing, a);
        Release to = find(listing, b);
        Optional<List<PackageChanges.Package>> before = packages(listing, from, attestations, trusted);
        Optional<List<PackageChanges.Package>> after = packages(listing, to, attestations, trusted);
        PackageChanges changes = before.isPresent() && after.isPresent()
                ? PackageChanges.between(before.get(), after.get()) : new PackageChanges(List.of(), List.of(), List.of());
        return new ReleaseDiff(from.metadata().version(), to.metadata().version(), from.digest().toString(), to.digest().toString(),
                from.metadata().buildDate().map(Object::toString).orElse(null), to.metadata().buildDate().map(Object::toString).orElse(null),
                from.metadata().commit(), to.metadata().commit(), notes(listing, to, registry).orElse(null),
                before.isPresent() && after.isPresent(), trusted.isPresent(),
                changes.changed().stream().map(PackageChanges.Change::toString).toList(),
                changes.added().stream().map(PackageChanges.Package::toString).toList(),
                changes.removed().stream().map(PackageChanges.Package::toString).toList());
    }

    private static Release find(ReleaseCatalog.Listing listing, String name) {
        return listing.releases().stream().filter(r -> r.tags().contains(name) || r.metadata().version().equals(name)
                        || r.digest().toString().equals(name)).findFirst()
                .orElseThrow(() -> new UserFacingException("There is no release " + name + " in " + listing.repository().familiar() + ".",
                        "Name a release by its version tag, as `scripts/publish releases` lists them."));
    }

    /** The release notes the release's image config carries, as the launcher reads them. */
    private static Optional<String> notes(ReleaseCatalog.Listing listing, Release release, RegistryClient registry) {
        ImageConfig config = ImageConfig.parse(registry.blob(listing.repository(), release.configDigest()));
        return Optional.ofNullable(config.labels().get(ReleaseLabels.NOTES)).map(ReleaseLabels::decodeNotes).filter(n -> !n.isBlank());
    }

    private static Optional<List<PackageChanges.Package>> packages(ReleaseCatalog.Listing listing, Release release, Attestations attestations,
                                                                   Optional<TrustedKeys> trusted) {
        Optional<InTotoStatement> sbom = trusted.isPresent()
                ? attestations.verified(trusted.get(), listing.repository(), release.digest(), Sbom.PREDICATE_TYPE).map(Attestations.Verified::statement)
                : attestations.unchecked(listing.repository(), release.digest(), Sbom.PREDICATE_TYPE);
        return sbom.map(s -> Sbom.components(s.predicate()).stream()
                .map(c -> new PackageChanges.Package(c.ecosystem(), c.name(), c.version())).toList());
    }

    String text() {
        String nl = System.lineSeparator();
        List<String> lines = new ArrayList<>();
        lines.add("From " + fromVersion + " to " + toVersion + ":");
        lines.add("  built    " + Optional.ofNullable(fromBuilt).orElse("unknown") + " → " + Optional.ofNullable(toBuilt).orElse("unknown"));
        lines.add("  commits  " + shortCommit(fromCommit) + ".." + shortCommit(toCommit)
                + "   (git log " + shortCommit(fromCommit) + ".." + shortCommit(toCommit) + ")");
        if (notes == null) {
            lines.add("  notes    none (" + toVersion + " carries no release notes)");
        } else {
            lines.add("  notes of " + toVersion + ":");
            notes.lines().forEach(l -> lines.add(l.isBlank() ? "" : "    " + l));
        }
        if (!sbomsFound) {
            lines.add("  packages unknown: a release has no " + (packagesChecked ? "verified " : "") + "SBOM");
        } else if (upgraded.isEmpty() && added.isEmpty() && removed.isEmpty()) {
            lines.add("  packages unchanged" + (packagesChecked ? "" : " (SBOMs not checked: give --trusted-key)"));
        } else {
            lines.add("  packages" + (packagesChecked ? " (from the signed SBOMs):" : " (SBOMs not checked: give --trusted-key):"));
            upgraded.forEach(l -> lines.add("    ~ " + l));
            added.forEach(l -> lines.add("    + " + l));
            removed.forEach(l -> lines.add("    - " + l));
        }
        return String.join(nl, lines);
    }

    private static String shortCommit(String commit) {
        return commit.length() > 7 ? commit.substring(0, 7) : commit;
    }
}
