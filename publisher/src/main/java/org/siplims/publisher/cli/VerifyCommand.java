package org.siplims.publisher.cli;

import java.util.List;
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
    Record run(Publisher publisher, Console console) {
        ImageReference target = ReleaseRef.parse(ref, publisher.settings().image(), publisher.settings().channel());
        Optional<TrustedKeys> trusted = publisher.trustedKeys(); // an unreadable key file is bad input, found before any work
        console.progress("verify: " + target.familiar());
        boolean index = Publisher.step(ExitCode.PUSH, "reading the release", () -> publisher.registry().client().manifest(target).isIndex());
        if (index) {
            return eachPlatform(publisher, console, target, trusted);
        }
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

    /**
     * A multi-platform release: the index's tags and signature, then each platform's image pulled by
     * its own digest, its signature checked and the same tests run on it (the foreign ones under emulation).
     */
    private Record eachPlatform(Publisher publisher, Console console, ImageReference target, Optional<TrustedKeys> trusted) {
        List<PulledReleaseVerifier.Pulled> children = Publisher.step(ExitCode.PUSH, "verifying", () -> new PulledReleaseVerifier(
                publisher.registry(), publisher.engine().answeringClient(), console::progress)
                .pullEachPlatform(target, publisher.settings().platform(), publisher.settings().channel()));
        org.siplims.core.image.Digest indexDigest = publisher.registry().client().digest(target);
        Release first = children.get(0).release();
        SignatureReport indexSignature = checkSignature(publisher, console, trusted,
                new Release(first.repository(), indexDigest, first.configDigest(), first.platform(), first.metadata(), first.tags()));
        List<ReleaseSummary.Json> platforms = new java.util.ArrayList<>();
        for (PulledReleaseVerifier.Pulled child : children) {
            SignatureReport signature = checkSignature(publisher, console, trusted, child.release());
            TestRecord tested = publisher.test(child.image(), child.release().metadata().version());
            console.report(child.release().platform() + ": " + child.release().digest() + " pulled, "
                    + (signature.verified() ? "signed" : "signature NOT checked") + ", tests pass (" + String.join(", ", tested.tests()) + ")");
            platforms.add(ReleaseSummary.json("verify", child.release(), tested.tests(), Optional.of(signature)));
        }
        console.report("Verified " + target.familiar() + ": the index " + indexDigest.shortForm() + " and its " + children.size()
                + " platform(s); tags agree" + (indexSignature.verified() ? ", the index is signed by trusted key " + indexSignature.keyId().orElseThrow() : "") + ".");
        return new IndexJson(true, "verify", first.repository().toString(), indexDigest.toString(), first.metadata().version(),
                first.tags(), indexSignature.json(), platforms);
    }

    /** The --json record of verifying a multi-platform release: the index and each platform's verification. */
    record IndexJson(boolean ok, String command, String image, String digest, String version, List<String> tags,
                     SignatureReport.Json signature, List<ReleaseSummary.Json> platforms) {
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
