package org.siplims.publisher.cli;

import java.util.Optional;
import org.siplims.core.image.ImageReference;
import org.siplims.core.signing.TrustedKeys;
import org.siplims.publisher.failure.ExitCode;
import org.siplims.publisher.steps.Publisher;
import org.siplims.publisher.registry.Release;
import org.siplims.publisher.report.Console;
import org.siplims.publisher.report.ReleaseSummary;
import org.siplims.publisher.signing.SignatureChecks;
import org.siplims.publisher.signing.SignatureRefusedException;
import org.siplims.publisher.signing.SignatureReport;
import org.siplims.publisher.records.TestRecord;
import org.siplims.publisher.verify.PulledReleaseVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "verify", description = "Pull a pushed release by digest, check its tags agree, check its signature with the "
        + "trusted keys (--trusted-key), and run the same tests on it (what a CI job or a second machine runs).")
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
    @Mixin
    TrustedKeyOptions trust;

    @Override
    ReleaseSummary.Json run(Publisher publisher, Console console) {
        ImageReference target = ReleaseRef.parse(ref, publisher.settings().image(), publisher.settings().channel());
        Optional<TrustedKeys> trusted = publisher.trustedKeys(); // an unreadable key file is bad input, found before any work
        console.progress("verify: " + target.familiar());
        PulledReleaseVerifier.Pulled pulled = Publisher.step(ExitCode.PUSH, "verifying", () -> new PulledReleaseVerifier(
                publisher.registry(), publisher.engine().answeringClient(), console::progress)
                .pull(target, publisher.settings().platform(), publisher.settings().channel()));
        SignatureReport signature = checkSignature(publisher, console, trusted, pulled.release());
        TestRecord tested = publisher.test(pulled.image(), pulled.release().metadata().version());
        console.report("");
        console.report(ReleaseSummary.human("Verified " + target.familiar() + ": pulled by digest, tags agree, "
                        + (signature.verified() ? "signed by trusted key " + signature.keyId().orElseThrow() : "signature NOT checked")
                        + ", tests pass.", pulled.release(), tested.tests(), Optional.of(signature)));
        return ReleaseSummary.json("verify", pulled.release(), pulled.image().id(), tested.tests(), Optional.of(signature));
    }

    /** With trusted keys: verified, or exit 6 with the reason. Without: says it was not checked. */
    private static SignatureReport checkSignature(Publisher publisher, Console console, Optional<TrustedKeys> trusted, Release release) {
        ImageReference repo = release.repository();
        if (trusted.isEmpty()) {
            SignatureReport unchecked = Publisher.step(ExitCode.PUSH, "looking for the signature",
                    () -> SignatureChecks.unchecked(publisher.registry(), repo, release.digest()));
            console.progress("  signature: " + unchecked.message());
            return unchecked;
        }
        console.progress("  checking the signature of " + release.digest().shortForm() + " with " + trusted.get().ids().size()
                + " trusted key(s) (" + publisher.signingSettings().trustedSource() + ")");
        SignatureReport checked = SignatureChecks.verify(publisher.registry(), trusted.get(), repo, release.digest());
        if (!checked.verified()) {
            throw new SignatureRefusedException(checked, "Do not use this release: launchers that trust these keys refuse it too. "
                    + "If it should carry the maintainer's signature, check that --trusted-key names the maintainer's public key, "
                    + "or publish a new version with --signing-key.");
        }
        console.progress("  signature: " + checked.message());
        return checked;
    }
}
