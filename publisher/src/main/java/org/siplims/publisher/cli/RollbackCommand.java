package org.siplims.publisher.cli;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.siplims.core.signing.RollbackRecord;
import org.siplims.publisher.failure.ExitCode;
import org.siplims.publisher.registry.Release;
import org.siplims.publisher.signing.ReleaseSigning;
import org.siplims.publisher.steps.Publisher;
import org.siplims.publisher.failure.PublisherFailure;
import org.siplims.publisher.registry.ChannelRollback;
import org.siplims.publisher.report.Console;
import org.siplims.publisher.signing.SignatureReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "rollback", description = "Point the channel tag back at an earlier release's digest, by manifest copy on the registry: "
        + "no rebuild, no pull. With a signing key, first stores the signed rollback record that lets launchers with a trusted key go back.")
final class RollbackCommand extends BaseCommand {
    @Parameters(paramLabel = "VERSION", description = "The version to point the channel at (a tag `releases` lists).")
    String version;

    @Mixin
    ImageOptions image;
    @Mixin
    PlatformOption platform;
    @Mixin
    CredentialOptions credentials;
    @Mixin
    SigningOptions signing;

    @Override
    Json run(Publisher publisher, Console console) {
        var s = publisher.settings();
        // A version that cannot be a tag is bad input, not a registry failure: refused before the registry is asked.
        SettingsResolver.tagProblem(version).ifPresent(problem -> {
            throw new PublisherFailure(ExitCode.USAGE, "The version " + problem + " Nothing was changed.",
                    "Give a version that `scripts/publish releases` lists, e.g. scripts/publish rollback 1.2.0.");
        });
        // The key first (its passphrase asked now): launchers with a trusted key go back only with the signed record.
        ReleaseSigning releaseSigning = publisher.prepareSigning();
        console.progress("rollback: " + s.image().withTag(s.channel()).familiar() + " -> " + version);
        AtomicReference<Optional<String>> record = new AtomicReference<>(Optional.empty());
        ChannelRollback.Outcome outcome = Publisher.step(ExitCode.PUSH, "rolling back",
                () -> new ChannelRollback(publisher.registry()).rollback(s.image(), version, s.channel(), s.platform(), (before, target) -> {
                    if (before.isPresent() && !before.get().equals(target.digest())) {
                        // Written before the channel moves: a failure here leaves the channel as it was.
                        // The withdrawn version as launchers compare it: the version signed with this key, else its label.
                        Release withdrawn = publisher.registry().release(s.image().repositoryOnly().withDigest(before.get()), s.platform());
                        String withdrawnVersion = releaseSigning.signedVersion(publisher.registry(), s.image(), before.get())
                                .orElse(withdrawn.metadata().version());
                        RollbackRecord back = RollbackRecord.of(s.image(), withdrawnVersion, before.get(), version, target.digest());
                        record.set(releaseSigning.recordRollback(publisher.registry(), back, s.channel(), console::progress));
                    }
                }));
        var release = outcome.now();
        // Launchers with a trusted key run only signed digests: rolling back to an unsigned release
        // leaves them on the version they have. Say so (a HEAD on the signature tag; not a verification).
        boolean signatureTag = Publisher.step(ExitCode.PUSH, "looking for the signature",
                () -> publisher.registry().digestOf(s.image(), SignatureReport.tagFor(release.digest())).isPresent());
        String before = outcome.before().map(d -> d.toString()).orElse("nothing");
        console.report(outcome.moved()
                ? "The channel '" + s.channel() + "' now points at " + version + " (" + release.digest() + ", commit "
                + release.metadata().commit() + "); before, it pointed at " + before + ". Nothing was pulled or rebuilt."
                + System.lineSeparator() + "Launchers offer going back to it at their next update check (a launcher with a trusted key only "
                + "with the signed rollback record); users choose 'Go back to " + version + "'. To pin it: docker pull " + release.pinned()
                : "The channel '" + s.channel() + "' already points at " + version + " (" + release.digest() + "); nothing changed.");
        if (outcome.moved() && outcome.before().isPresent() && record.get().isEmpty()) {
            console.report("WARNING: no signing key was given, so no signed rollback record was written: launchers that have a "
                    + "trusted key refuse to go back to " + version + " and keep the version they run. Roll back again with --signing-key.");
        }
        if (!signatureTag) {
            console.report("WARNING: " + version + " is not signed (there is no " + SignatureReport.tagFor(release.digest())
                    + "): launchers that have a trusted key will refuse it and keep the version they run.");
        }
        return new Json(true, "rollback", s.image().toString(), s.channel(), version, outcome.before().map(Object::toString).orElse(null),
                release.digest().toString(), outcome.moved(), signatureTag, record.get().orElse(null));
    }

    /**
     * The --json record of {@code rollback}. {@code before}: the digest the channel pointed at (null
     * when it did not exist); {@code signatureTag}: whether the release has a signature tag;
     * {@code rollbackRecord}: the tag of the signed rollback record written (null without a signing key).
     */
    record Json(boolean ok, String command, String image, String channel, String version, String before, String digest, boolean moved,
                boolean signatureTag, String rollbackRecord) {
    }
}
