package org.siplims.publisher.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.siplims.core.image.Digest;
import org.siplims.core.signing.TrustedKeys;
import org.siplims.publisher.attest.Provenance;
import org.siplims.publisher.attest.Sbom;
import org.siplims.publisher.failure.ExitCode;
import org.siplims.publisher.steps.Publisher;
import org.siplims.publisher.registry.Release;
import org.siplims.publisher.registry.ReleaseCatalog;
import org.siplims.publisher.report.Console;
import org.siplims.publisher.signing.SignatureChecks;
import org.siplims.publisher.signing.SignatureReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "releases", description = "List what the registry holds: tags, digest, version, commit, build date, "
        + "whether each is signed (verified with --trusted-key when given), and which release the channel tag points at.")
final class ReleasesCommand extends BaseCommand {
    @Mixin
    ImageOptions image;
    @Mixin
    PlatformOption platform;
    @Mixin
    CredentialOptions credentials;
    @Mixin
    TrustedKeyOptions trust;
    @picocli.CommandLine.Option(names = "--diff", arity = "2", paramLabel = "RELEASE",
            description = "Compare two releases (version tags, e.g. --diff 1.4.0 1.5.0): version, build dates, commit range and "
                    + "the second one's release notes, and package changes from their SBOMs (verified with --trusted-key when given).")
    List<String> diff;

    @Override
    Json run(Publisher publisher, Console console) {
        var s = publisher.settings();
        Optional<TrustedKeys> trusted = publisher.trustedKeys();
        ReleaseCatalog.Listing listing = Publisher.step(ExitCode.PUSH, "listing releases",
                () -> new ReleaseCatalog(publisher.registry()).list(s.image(), s.channel(), s.platform()));
        // Without trusted keys, whether a signature tag exists is already known from the tag list;
        // with them, each signature is fetched and verified as the launcher would.
        Map<Digest, SignatureReport> signatures = new LinkedHashMap<>();
        for (Release r : listing.releases()) {
            signatures.put(r.digest(), trusted.map(keys -> SignatureChecks.verify(publisher.registry(), keys, listing.repository(), r.digest()))
                    .orElseGet(() -> SignatureChecks.unchecked(SignatureReport.tagFor(r.digest()), listing.hasSignatureTag(r))));
        }
        // The SBOM and provenance: verified with the trusted keys when given, else as listed.
        Map<Digest, Attested> attested = new LinkedHashMap<>();
        org.siplims.core.signing.Attestations attestations = new org.siplims.core.signing.Attestations(
                publisher.registry().client(), java.time.Clock.systemUTC());
        for (Release r : listing.releases()) {
            // A two-platform release carries them on each platform's image, not on its index: attested when every image is.
            attested.put(r.digest(), Publisher.step(ExitCode.PUSH, "reading the attestations", () -> attestedDigests(publisher, listing, r).stream()
                    .map(d -> trusted.isPresent()
                            ? new Attested(attestations.verified(trusted.get(), listing.repository(), d, Sbom.PREDICATE_TYPE).isPresent(),
                                    attestations.verified(trusted.get(), listing.repository(), d, Provenance.PREDICATE_TYPE).isPresent())
                            : Attested.of(attestations.listedTypes(listing.repository(), d)))
                    .reduce(Attested::and).orElse(Attested.NONE)));
        }
        if (diff != null && !diff.isEmpty()) {
            ReleaseDiff compared = Publisher.step(ExitCode.USAGE, "comparing releases",
                    () -> ReleaseDiff.of(listing, diff.get(0), diff.get(1), publisher.registry().client(), attestations, trusted));
            console.report(compared.text());
            return Json.of(listing, signatures, attested).withDiff(compared);
        }
        console.report(table(listing, signatures, attested, trusted.isPresent()));
        return Json.of(listing, signatures, attested);
    }

    /** The manifests that carry a release's attestations: the release's own, or of an index, each platform's image. */
    private static List<Digest> attestedDigests(Publisher publisher, ReleaseCatalog.Listing listing, Release release) {
        org.siplims.core.registry.Manifest manifest = publisher.registry().client().manifest(listing.repository().withDigest(release.digest()));
        if (!manifest.isIndex()) {
            return List.of(release.digest());
        }
        return manifest.asManifestList().manifests().stream()
                .filter(d -> d.platform().map(p -> !p.os().equals("unknown")).orElse(false))
                .map(org.siplims.core.registry.Descriptor::digest).toList();
    }

    /** Whether a release carries its SBOM and its provenance (verified when trusted keys were given). */
    record Attested(boolean sbom, boolean provenance) {
        static final Attested NONE = new Attested(false, false);

        /** Both carry it. */
        Attested and(Attested other) {
            return new Attested(sbom && other.sbom, provenance && other.provenance);
        }

        static Attested of(java.util.Set<String> predicateTypes) {
            return new Attested(predicateTypes.contains(Sbom.PREDICATE_TYPE), predicateTypes.contains(Provenance.PREDICATE_TYPE));
        }

        String column() {
            return sbom && provenance ? "sbom+prov" : sbom ? "sbom" : provenance ? "prov" : "no";
        }
    }

    /** The --json record of {@code releases}: the channel and every release, newest build first. */
    record Json(boolean ok, String command, String image, String channel, String channelDigest, List<ReleaseJson> releases,
                ReleaseDiff diff) {
        Json withDiff(ReleaseDiff compared) {
            return new Json(ok, command, image, channel, channelDigest, releases, compared);
        }

        static Json of(ReleaseCatalog.Listing listing, Map<Digest, SignatureReport> signatures) {
            return of(listing, signatures, Map.of());
        }

        static Json of(ReleaseCatalog.Listing listing, Map<Digest, SignatureReport> signatures, Map<Digest, Attested> attested) {
            List<ReleaseJson> releases = listing.releases().stream().map(r -> new ReleaseJson(r.digest().toString(), r.metadata().version(),
                    r.metadata().commit(), r.metadata().buildDate().map(Object::toString).orElse(null), r.metadata().dirty(),
                    r.platform().toString(), r.tags(), listing.channelDigest().map(d -> d.equals(r.digest())).orElse(false),
                    signatures.get(r.digest()).json(), attested.getOrDefault(r.digest(), Attested.NONE).sbom(),
                    attested.getOrDefault(r.digest(), Attested.NONE).provenance())).toList();
            return new Json(true, "releases", listing.repository().toString(), listing.channel(),
                    listing.channelDigest().map(Object::toString).orElse(null), releases, null);
        }
    }

    /** One release in the list; {@code channel}: whether the channel tag points at it. */
    record ReleaseJson(String digest, String version, String commit, String buildDate, boolean dirty, String platform, List<String> tags,
                       boolean channel, SignatureReport.Json signature, boolean sbom, boolean provenance) {
    }

    static String table(ReleaseCatalog.Listing listing, Map<Digest, SignatureReport> signatures, Map<Digest, Attested> attested,
                        boolean checked) {
        if (listing.releases().isEmpty()) {
            return "No releases in " + listing.repository().familiar() + " yet.";
        }
        StringBuilder s = new StringBuilder("Releases in " + listing.repository().familiar() + " (newest build first; * = channel '"
                + listing.channel() + "'):" + System.lineSeparator());
        String format = "%-1s %-20s %-19s %-12s %-20s %-9s %-24s %-9s %s%n";
        s.append(String.format(format, "", "VERSION", "DIGEST", "COMMIT", "BUILT", "SIGNED", "KEY", "ATTESTED", "TAGS"));
        for (Release r : listing.releases()) {
            boolean channel = listing.channelDigest().map(d -> d.equals(r.digest())).orElse(false);
            String commit = r.metadata().commit();
            s.append(String.format(format, channel ? "*" : "", r.metadata().version(), "sha256:" + r.digest().shortForm(),
                    (commit.length() > 7 ? commit.substring(0, 7) : commit) + (r.metadata().dirty() ? "+dirty" : ""),
                    r.metadata().buildDate().map(Object::toString).orElse("unknown"), signedColumn(signatures.get(r.digest())),
                    signatures.get(r.digest()).keyId().map(Object::toString).orElse("-"),
                    attested.getOrDefault(r.digest(), Attested.NONE).column(), String.join(", ", r.tags())));
        }
        s.append(checked
                ? "SIGNED: verified = signed by a trusted key (--trusted-key); REFUSED = not (see --json for why)."
                : "SIGNED: yes = a signature tag exists (not checked: give --trusted-key FILE to verify it); no = unsigned.")
                .append(System.lineSeparator())
                .append("KEY: the key that signed (with --trusted-key). ATTESTED: the signed SBOM and provenance the release carries"
                        + (checked ? " (verified)." : " (as listed; not checked)."))
                .append(System.lineSeparator());
        if (listing.channelDigest().isEmpty()) {
            s.append("The channel tag '").append(listing.channel()).append("' does not exist yet.").append(System.lineSeparator());
        }
        return s.toString().stripTrailing();
    }

    private static String signedColumn(SignatureReport signature) {
        return switch (signature.status()) {
            case VERIFIED, SIGNED -> "verified";
            case REFUSED -> "REFUSED";
            case PRESENT_NOT_CHECKED -> "yes";
            case ABSENT_NOT_CHECKED, UNSIGNED -> "no";
        };
    }
}
