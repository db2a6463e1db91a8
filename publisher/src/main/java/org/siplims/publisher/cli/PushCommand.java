package org.siplims.publisher.cli;

import java.util.Optional;
import org.siplims.core.docker.LocalImage;
import org.siplims.publisher.steps.Publisher;
import org.siplims.publisher.push.ReleasePusher;
import org.siplims.publisher.report.Console;
import org.siplims.publisher.report.ReleaseSummary;
import org.siplims.publisher.signing.ReleaseSigning;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "push", description = "Push the tested image: version tag, sha-<commit> tag, the signature (with a signing key), "
        + "then the channel tag; verified on the registry.")
final class PushCommand extends BaseCommand {
    @Parameters(arity = "0..1", paramLabel = "IMAGE", description = "A local image (tag or ID); default: the last one built from the context.")
    String imageName;

    @Mixin
    ImageOptions image;
    @Mixin
    CredentialOptions credentials;
    @Mixin
    SigningOptions signing;

    @Override
    ReleaseSummary.Json run(Publisher publisher, Console console) {
        ReleaseSigning signing = publisher.prepareSigning();
        LocalImage local = publisher.image(Optional.ofNullable(imageName));
        ReleasePusher.Pushed pushed = publisher.push(local, signing);
        console.report(ReleaseSummary.human(pushed.alreadyPublished()
                ? "Already published from this commit; nothing was pushed. What users get:" : "Pushed. What users get:",
                pushed.release(), pushed.testRecord().tests(), Optional.of(pushed.signature())));
        return ReleaseSummary.json("push", pushed.release(), pushed.testRecord().imageId(), pushed.testRecord().tests(), Optional.of(pushed.signature()))
                .withAlreadyPublished(pushed.alreadyPublished());
    }
}
