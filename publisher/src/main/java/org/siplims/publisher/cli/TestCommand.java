package org.siplims.publisher.cli;

import java.util.List;
import java.util.Optional;
import org.siplims.core.docker.LocalImage;
import org.siplims.publisher.failure.ExitCode;
import org.siplims.publisher.steps.Publisher;
import org.siplims.publisher.failure.PublisherFailure;
import org.siplims.publisher.report.Console;
import org.siplims.publisher.records.TestRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "test", description = "Test an image by ID: --version, a smoke run answering the health path, the config's test commands. "
        + "A pass is recorded; push needs it.")
final class TestCommand extends BaseCommand {
    @Parameters(arity = "0..1", paramLabel = "IMAGE", description = "A local image (tag or ID); default: the last one built from the context.")
    String imageName;

    @Option(names = "--version", paramLabel = "VERSION", description = "The version it must print (default: its version label).")
    String version;

    @Mixin
    TestOptions test;

    @Override
    Json run(Publisher publisher, Console console) {
        if (version != null) { // what the image must print is a release version, so a tag (and never empty, which anything contains)
            SettingsResolver.tag(new SettingsResolver.Chosen<>(version, SettingsResolver.Source.option("--version")),
                    "the version the image must print, e.g. 1.2.0");
        }
        LocalImage image = publisher.image(Optional.ofNullable(imageName));
        String expected = version != null ? version : image.release().version();
        if (expected.equals("unknown")) {
            throw new PublisherFailure(ExitCode.USAGE, "The image " + image.id().shortForm() + " has no version label, so it is not known "
                    + "what --version must print.", "Give it with --version VERSION, or build the image with `scripts/publish build`.");
        }
        TestRecord record = publisher.test(image, expected);
        StringBuilder report = new StringBuilder("Image " + image.id() + " passed:");
        record.tests().forEach(t -> report.append(System.lineSeparator()).append("  ").append(t));
        report.append(System.lineSeparator()).append("Next: scripts/publish push");
        console.report(report.toString());
        return new Json(true, "test", image.id().toString(), expected, record.tests());
    }

    /** The --json record of {@code test}: the image, the version it printed, and the tests it passed. */
    record Json(boolean ok, String command, String imageId, String version, List<String> tests) {
    }
}
