package org.siplims.publisher.cli;

import java.util.Optional;
import org.siplims.publisher.failure.ExitCode;
import org.siplims.publisher.failure.PublisherFailure;
import org.siplims.core.docker.LocalImage;
import org.siplims.publisher.steps.Publisher;
import org.siplims.publisher.preflight.Preflight;
import org.siplims.publisher.push.IndexPusher;
import org.siplims.publisher.push.ReleasePusher;
import org.siplims.publisher.report.Console;
import org.siplims.publisher.report.ReleaseSummary;
import org.siplims.publisher.signing.ReleaseSigning;
import org.siplims.publisher.records.TestRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "publish", description = "The whole release: check, build, test, push, sign, verify. Stops at the first failing step; "
        + "nothing untested is pushed, and the channel tag moves last, only once the release is signed (when a signing key is configured).")
final class PublishCommand extends BaseCommand {
    @Mixin
    ImageOptions image;
    @Mixin
    BuildOptions build;
    @Mixin
    TestOptions test;
    @Mixin
    CredentialOptions credentials;
    @Mixin
    SigningOptions signing;

    /**
     * A release is named by its version tag: without one (and without --version) it would be named
     * after a commit hash, which users cannot read. Refused before anything is built.
     */
    private void refuseUntaggedCommit(Preflight.Passed passed) {
        if (build.version == null && passed.git().tag().isEmpty()) {
            String commit = passed.git().commit();
            throw new PublisherFailure(ExitCode.USAGE, "The commit " + commit.substring(0, Math.min(12, commit.length()))
                    + " has no version tag, so the release would be named '" + passed.version() + "'. Nothing was built or pushed.",
                    "Tag the commit with its version, then publish again: git tag -a 1.4.0 -m \"Release 1.4.0\" "
                            + "(or give the version with --version 1.4.0).");
        }
    }

    @Override
    Record run(Publisher publisher, Console console) {
        ReleaseSigning signing = publisher.prepareSigning(); // the passphrase now, not after a long build
        Preflight.Passed passed = publisher.check();
        refuseUntaggedCommit(passed);
        if (passed.multiPlatform()) {
            return multiPlatform(publisher, console, passed, signing);
        }
        LocalImage built = publisher.build(passed);
        TestRecord tested = publisher.test(built, passed.version());
        ReleasePusher.Pushed pushed = publisher.push(built, signing);
        console.report("");
        String name = pushed.release().repository().withTag(passed.version()).familiar();
        console.report(ReleaseSummary.human(pushed.alreadyPublished()
                ? name + " was already published from this commit; nothing was pushed. What users get:"
                : "Published " + name + ". What users get:", pushed.release(), tested.tests(), Optional.of(pushed.signature())));
        return ReleaseSummary.json("publish", pushed.release(), tested.imageId(), tested.tests(), Optional.of(pushed.signature()))
                .withAlreadyPublished(pushed.alreadyPublished());
    }

    /** Every platform built, then every platform tested, and only then one index pushed, signed and verified. */
    private static MultiJson multiPlatform(Publisher publisher, Console console, Preflight.Passed passed, ReleaseSigning signing) {
        java.util.List<LocalImage> built = publisher.buildAll(passed);
        java.util.List<TestRecord> tested = publisher.testAll(built, passed.version());
        IndexPusher.PushedIndex pushed = publisher.pushIndex(built, signing);
        console.report("");
        console.report("Published " + pushed.release().repository().withTag(passed.version()).familiar() + " for "
                + pushed.children().size() + " platforms, index " + pushed.index() + ":");
        java.util.List<MultiJson.PlatformJson> platforms = new java.util.ArrayList<>();
        for (int i = 0; i < pushed.children().size(); i++) {
            IndexPusher.Child c = pushed.children().get(i);
            console.report("  " + c.platform() + ": " + c.digest() + " (image " + c.image().id().shortForm() + ", tested: "
                    + String.join(", ", tested.get(i).tests()) + "; " + (c.signature().signed() ? "signed" : "NOT signed")
                    + (c.attested() ? ", SBOM and provenance attached" : "") + ")");
            platforms.add(new MultiJson.PlatformJson(c.platform().toString(), c.digest().toString(), c.image().id().toString(),
                    tested.get(i).tests(), c.signature().signed(), c.attested()));
        }
        console.report("  tags: " + String.join(", ", pushed.release().tags()) + "; index " + (pushed.signature().signed() ? "signed" : "NOT signed"));
        console.report("  pull: docker pull " + pushed.release().repository().withDigest(pushed.index()).familiar());
        return new MultiJson(true, "publish", pushed.release().repository().toString(), pushed.index().toString(), passed.version(),
                passed.git().commit(), passed.dirty(), pushed.release().tags(), pushed.signature().signed(), platforms);
    }

    /** The --json record of a multi-platform publish: the index and each platform's manifest. */
    record MultiJson(boolean ok, String command, String image, String digest, String version, String commit, boolean dirty,
                     java.util.List<String> tags, boolean signed, java.util.List<PlatformJson> platforms) {
        record PlatformJson(String platform, String digest, String imageId, java.util.List<String> tests, boolean signed, boolean attested) {
        }
    }
}
