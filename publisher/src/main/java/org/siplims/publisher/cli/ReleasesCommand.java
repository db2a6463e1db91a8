package org.siplims.publisher.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.siplims.core.image.Digest;
import org.siplims.core.signing.TrustedKeys;
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
        console.report(table(listing, signatures, trusted.isPresent()));
        return Json.of(listing, signatures);
    }

    /** The --json record of {@code releases}: the channel and every release, newest build first. */
    record Json(boolean ok, String command, String image, String channel, String channelDigest, List<ReleaseJson> releases) {
        static Json of(ReleaseCatalog.Listing listing, Map<Digest, SignatureReport> signatures) {
            List<ReleaseJson> releases = listing.releases().stream().map(r -> new ReleaseJson(r.digest().toString(), r.metadata().version(),
                    r.metadata().commit(), r.metadata().buildDate().map(Object::toString).orElse(null), r.metadata().dirty(),
                    r.platform().toString(), r.tags(), listing.channelDigest().map(d -> d.equals(r.digest())).orElse(false),
                    signatures.get(r.digest()).json())).toList();
            return new Json(true, "releases", listing.repository().toString(), listing.channel(),
                    listing.channelDigest().map(Object::toString).orElse(null), releases);
        }
    }

    /** One release in the list; {@code channel}: whether the channel tag points at it. */
    record ReleaseJson(String digest, String version, String commit, String buildDate, boolean dirty, String platform, List<String> tags,
                       boolean channel, SignatureReport.Json signature) {
    }

    static String table(ReleaseCatalog.Listing listing, Map<Digest, SignatureReport> signatures, boolean checked) {
        if (listing.releases().isEmpty()) {
            return "No releases in " + listing.repository().familiar() + " yet.";
        }
        StringBuilder s = new StringBuilder("Releases in " + listing.repository().familiar() + " (newest build first; * = channel '"
                + listing.channel() + "'):" + System.lineSeparator());
        String format = "%-1s %-20s %-19s %-12s %-20s %-9s %s%n";
        s.append(String.format(format, "", "VERSION", "DIGEST", "COMMIT", "BUILT", "SIGNED", "TAGS"));
        for (Release r : listing.releases()) {
            boolean channel = listing.channelDigest().map(d -> d.equals(r.digest())).orElse(false);
            String commit = r.metadata().commit();
            s.append(String.format(format, channel ? "*" : "", r.metadata().version(), "sha256:" + r.digest().shortForm(),
                    (commit.length() > 7 ? commit.substring(0, 7) : commit) + (r.metadata().dirty() ? "+dirty" : ""),
                    r.metadata().buildDate().map(Object::toString).orElse("unknown"), signedColumn(signatures.get(r.digest())),
                    String.join(", ", r.tags())));
        }
        s.append(checked
                ? "SIGNED: verified = signed by a trusted key (--trusted-key); REFUSED = not (see --json for why)."
                : "SIGNED: yes = a signature tag exists (not checked: give --trusted-key FILE to verify it); no = unsigned.")
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
