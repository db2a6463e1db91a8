package org.siplims.publisher.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.siplims.core.image.ImageReference;
import org.siplims.publisher.ExitCode;
import org.siplims.publisher.Publisher;
import org.siplims.publisher.report.Console;
import org.siplims.publisher.report.ReleaseSummary;
import org.siplims.publisher.state.TestRecord;
import org.siplims.publisher.verify.PulledReleaseVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "verify", description = "Pull a pushed release by digest, check its tags agree, and run the same tests on it "
        + "(what a CI job or a second machine runs).")
final class VerifyCommand extends BaseCommand {
    @Parameters(arity = "0..1", paramLabel = "REF", description = "A reference, or a tag or digest of --image (default: the channel tag).")
    String ref;

    @Mixin
    ImageOptions image;
    @Mixin
    TestOptions test;
    @Mixin
    PlatformOption platform;
    @Mixin
    CredentialOptions credentials;

    @Override
    ImageOptions imageOptions() {
        return image;
    }

    @Override
    TestOptions testOptions() {
        return test;
    }

    @Override
    PlatformOption platformOption() {
        return platform;
    }

    @Override
    CredentialOptions credentialOptions() {
        return credentials;
    }

    @Override
    ObjectNode run(Publisher publisher, Console console) {
        ImageReference target = ReleaseRef.parse(ref, publisher.settings().image(), publisher.settings().channel());
        console.progress("verify: " + target.familiar());
        PulledReleaseVerifier.Pulled pulled = Publisher.step(ExitCode.PUSH, "verifying", () -> new PulledReleaseVerifier(
                publisher.registry(), publisher.engine().client(), console::progress)
                .pull(target, publisher.settings().platform(), publisher.settings().channel()));
        TestRecord tested = publisher.test(pulled.image(), pulled.release().metadata().version());
        console.report("");
        console.report(ReleaseSummary.human("Verified " + target.familiar() + ": pulled by digest, tags agree, tests pass.",
                pulled.release(), tested.tests()));
        return ReleaseSummary.json("verify", pulled.release(), tested.tests());
    }
}
