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
                + passed.git().commit() + (passed.dirty() ? " (dirty)" : "") + ", for " + passed.platforms().stream().map(Object::toString)
                .collect(java.util.stream.Collectors.joining(" and ")) + "."
                + (passed.warnings().isEmpty() ? "" : " " + passed.warnings().size() + " warning(s) above."));
        return PreflightJson.of("check", passed);
    }

    /** The --json record of {@code check}, and of {@code build} with the {@code imageId} it built. */
    record PreflightJson(boolean ok, String command, String version, String commit, boolean dirty, String buildDate, String platform,
                         String condaLockSha256, String requirementsLockSha256,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String imageId,
                         @JsonInclude(JsonInclude.Include.NON_NULL) java.util.List<PlatformJson> platforms,
                         @JsonInclude(JsonInclude.Include.NON_EMPTY) java.util.List<String> warnings) {

        /** A multi-platform release's platform: its lock pair and (after a build) its image. */
        record PlatformJson(String platform, String condaLock, String condaLockSha256, String requirementsLock,
                            String requirementsLockSha256, @JsonInclude(JsonInclude.Include.NON_NULL) String imageId) {
        }

        static PreflightJson of(String command, Preflight.Passed passed) {
            java.util.List<PlatformJson> platforms = passed.multiPlatform() ? passed.targets().stream()
                    .map(t -> new PlatformJson(t.platform().toString(), t.locks().condaLock().toString(), t.locks().condaLockSha256(),
                            t.locks().requirementsLock().toString(), t.locks().requirementsLockSha256(), null)).toList() : null;
            return new PreflightJson(true, command, passed.version(), passed.git().commit(), passed.dirty(),
                    passed.git().commitTime().toString(), passed.platform().toString(), passed.locks().condaLockSha256(),
                    passed.locks().requirementsLockSha256(), null, platforms,
                    passed.warnings().stream().map(w -> w.where() + ": " + w.what()).toList());
        }

        PreflightJson withImageId(String builtImageId) {
            return new PreflightJson(ok, command, version, commit, dirty, buildDate, platform, condaLockSha256, requirementsLockSha256,
                    builtImageId, platforms, warnings);
        }
    }
}
