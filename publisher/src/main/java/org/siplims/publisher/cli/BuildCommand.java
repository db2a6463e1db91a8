package org.siplims.publisher.cli;

import org.siplims.core.docker.LocalImage;
import org.siplims.publisher.steps.Publisher;
import org.siplims.publisher.preflight.Preflight;
import org.siplims.publisher.report.Console;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "build", description = "Check, then build the image with the release's build args and labels.")
final class BuildCommand extends BaseCommand {
    @Mixin
    ImageOptions image;
    @Mixin
    BuildOptions build;

    @Override
    CheckCommand.PreflightJson run(Publisher publisher, Console console) {
        Preflight.Passed passed = publisher.check();
        LocalImage built = publisher.build(passed);
        console.report("Built " + built.id() + " as " + publisher.settings().image().withTag(passed.version()).familiar()
                + ". Next: scripts/publish test");
        return CheckCommand.PreflightJson.of("build", passed).withImageId(built.id().toString());
    }
}
