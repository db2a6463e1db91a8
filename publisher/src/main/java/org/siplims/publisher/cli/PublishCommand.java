package org.siplims.publisher.cli;

import java.util.Optional;
import org.siplims.core.docker.LocalImage;
import org.siplims.publisher.steps.Publisher;
import org.siplims.publisher.preflight.Preflight;
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

    @Override
    ReleaseSummary.Json run(Publisher publisher, Console console) {
        ReleaseSigning signing = publisher.prepareSigning(); // the passphrase now, not after a long build
        Preflight.Passed passed = publisher.check();
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
}
