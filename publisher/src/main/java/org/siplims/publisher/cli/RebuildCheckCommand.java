package org.siplims.publisher.cli;

import java.util.List;
import org.siplims.core.image.ImageReference;
import org.siplims.publisher.failure.ExitCode;
import org.siplims.publisher.failure.PublisherFailure;
import org.siplims.publisher.rebuild.RebuildCheck;
import org.siplims.publisher.report.Console;
import org.siplims.publisher.steps.Publisher;
import org.siplims.publisher.verify.PulledReleaseVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "rebuild-check", description = "Rebuild a published release from its commit (in a temporary git worktree) and "
        + "compare it with the published image: the same image means reproducible; otherwise name the files that differ "
        + "(timestamps ignored). Exit 7 when it is not reproducible.")
final class RebuildCheckCommand extends BaseCommand {
    @Parameters(paramLabel = "VERSION", description = "The release to check: a version tag of --image (or a digest or full reference).")
    String version;

    @Mixin
    ImageOptions image;
    @Mixin
    PlatformOption platform;
    @Mixin
    CredentialOptions credentials;

    @Override
    Json run(Publisher publisher, Console console) {
        ImageReference target = ReleaseRef.parse(version, publisher.settings().image(), publisher.settings().channel());
        console.progress("rebuild-check: " + target.familiar());
        // Every platform image of the release is rebuilt and compared (a two-platform release: each
        // child of its index, pulled by its own digest); --platform narrows it to one.
        PulledReleaseVerifier verifier = new PulledReleaseVerifier(publisher.registry(), publisher.engine().answeringClient(), console::progress);
        boolean index = Publisher.step(ExitCode.PUSH, "reading the release", () -> publisher.registry().client().manifest(target).isIndex());
        List<PulledReleaseVerifier.Pulled> pulled = Publisher.step(ExitCode.PUSH, "pulling the published release", () -> index
                ? verifier.pullEachPlatform(target, publisher.settings().platform(), publisher.settings().channel())
                : List.of(verifier.pull(target, publisher.settings().platform(), publisher.settings().channel())));
        PulledReleaseVerifier.Pulled first = pulled.get(0);
        String commit = first.release().metadata().commit();
        if (commit.isBlank() || commit.equals("unknown")) {
            throw new PublisherFailure(ExitCode.USAGE, target.familiar() + " does not say which commit it was built from.",
                    "Only releases made by the publisher carry their commit in a label; this one cannot be rebuilt from it.");
        }
        List<RebuildCheck.PublishedImage> published = pulled.stream()
                .map(p -> new RebuildCheck.PublishedImage(p.release().platform(), p.image())).toList();
        List<RebuildCheck.PlatformOutcome> outcomes = Publisher.step(ExitCode.BUILD, "rebuilding", () ->
                new RebuildCheck(publisher.engine().answeringClient(), publisher.builder(), publisher.settings().context(), publisher.settings().dockerfile(),
                        console::progress).check(first.release().repository(), published));
        boolean reproducible = outcomes.stream().allMatch(RebuildCheck.PlatformOutcome::reproducible);
        StringBuilder report = new StringBuilder();
        for (RebuildCheck.PlatformOutcome o : outcomes) {
            report.append(o.platform()).append(": ");
            if (o.reproducible()) {
                report.append("reproducible (the rebuild is ").append(o.rebuiltImage()).append(", the published image)\n");
                continue;
            }
            report.append("NOT reproducible (published ").append(o.publishedImage()).append(", rebuilt ").append(o.rebuiltImage()).append(")\n");
            o.differingFiles().forEach(f -> report.append("  differs: ").append(f).append('\n'));
            if (!o.layersDifferingOnlyInTimestamps().isEmpty()) {
                report.append("  layers ").append(o.layersDifferingOnlyInTimestamps()).append(" hold the same files, with other timestamps\n");
            }
            if (!o.configDifferences().isEmpty()) {
                report.append("  the image settings differ in: ").append(String.join(", ", o.configDifferences())).append('\n');
            }
            if (o.sameApartFromTimestamps()) {
                report.append("  no file or setting differs: only timestamps (file times, creation times)\n");
            }
        }
        console.report(report.toString().stripTrailing());
        Json json = new Json(reproducible, "rebuild-check", target.familiar(), commit, outcomes.stream().map(PlatformJson::of).toList());
        if (!reproducible) {
            List<String> files = outcomes.stream().flatMap(o -> o.differingFiles().stream()).toList();
            throw new PublisherFailure(ExitCode.NOT_REPRODUCIBLE, "The rebuild of " + target.familiar() + " from commit " + commit
                    + " is not the published image" + (files.isEmpty() ? " (only timestamps differ)." : "; files that differ: "
                    + String.join("; ", files.subList(0, Math.min(20, files.size()))) + (files.size() > 20 ? "; …" : "") + "."), "The lines above name what differs. Build steps that write dates, caches or "
                    + "compiled Python files make builds differ; see the maintainer guide, 'Rebuild check'.");
        }
        return json;
    }

    /** The --json record of {@code rebuild-check}: per platform, whether it is reproducible and what differs. */
    record Json(boolean reproducible, String command, String image, String commit, List<PlatformJson> platforms) {
    }

    /** One platform's outcome, the platform as text ({@code linux/arm64}). */
    record PlatformJson(String platform, boolean reproducible, String publishedImage, String rebuiltImage, List<String> differingFiles,
                        List<Integer> layersDifferingOnlyInTimestamps, List<String> configDifferences) {
        static PlatformJson of(RebuildCheck.PlatformOutcome o) {
            return new PlatformJson(o.platform().toString(), o.reproducible(), o.publishedImage(), o.rebuiltImage(), o.differingFiles(),
                    o.layersDifferingOnlyInTimestamps(), o.configDifferences());
        }
    }
}
