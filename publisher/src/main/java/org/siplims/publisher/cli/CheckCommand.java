package org.siplims.publisher.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.siplims.publisher.steps.Publisher;
import org.siplims.publisher.preflight.Preflight;
import org.siplims.publisher.report.Console;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "check", description = "Preflight only: engine, pinned bases, lock files, Git state. Reports every problem with its fix.")
final class CheckCommand extends BaseCommand {
    @Mixin
    ImageOptions image;
    @Mixin
    BuildOptions build;

    @Override
    PreflightJson run(Publisher publisher, Console console) {
        Preflight.Passed passed = publisher.check();
        console.report("Preflight passed: " + publisher.settings().image().withTag(passed.version()).familiar() + " from commit "
                + passed.git().commit() + (passed.dirty() ? " (dirty)" : "") + ", for " + passed.platform() + ".");
        return PreflightJson.of("check", passed);
    }

    /** The --json record of {@code check}, and of {@code build} with the {@code imageId} it built. */
    record PreflightJson(boolean ok, String command, String version, String commit, boolean dirty, String buildDate, String platform,
                         String condaLockSha256, String requirementsLockSha256,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String imageId) {

        static PreflightJson of(String command, Preflight.Passed passed) {
            return new PreflightJson(true, command, passed.version(), passed.git().commit(), passed.dirty(),
                    passed.git().commitTime().toString(), passed.platform().toString(), passed.locks().condaLockSha256(),
                    passed.locks().requirementsLockSha256(), null);
        }

        PreflightJson withImageId(String builtImageId) {
            return new PreflightJson(ok, command, version, commit, dirty, buildDate, platform, condaLockSha256, requirementsLockSha256,
                    builtImageId);
        }
    }
}
