package org.siplims.publisher.cli;

import org.siplims.publisher.signing.SecretPrompt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The top of the command line: {@code scripts/publish <subcommand> [options]}, {@code help [COMMAND]}, {@code --version}. */
@Command(name = "scripts/publish", versionProvider = PublisherCommand.Version.class,
        description = {"Checks, builds, tests, pushes and verifies a release of the SIP LIMS Workflow Manager image, "
                + "and can roll one back.", "", "The release in one command: scripts/publish publish", ""},
        subcommands = {CheckCommand.class, BuildCommand.class, TestCommand.class, PushCommand.class, PublishCommand.class,
                VerifyCommand.class, LockCommand.class, RollbackCommand.class, ReleasesCommand.class, KeygenCommand.class,
                DevCommand.class, RebuildCheckCommand.class, picocli.CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 success; 2 bad usage or input; 3 preflight failed; 4 build failed; "
                + "5 tests failed (nothing pushed); 6 push, signing or verification failed (the channel tag not moved); "
                + "7 rebuild-check: the rebuild is not the published image.",
                "Registry credentials: REGISTRY_USERNAME/REGISTRY_PASSWORD (GITHUB_TOKEN for ghcr.io), Docker's login, "
                        + "or --username with --password-stdin.",
                "Signing: --signing-key FILE (or PUBLISHER_SIGNING_KEY); its passphrase from the terminal or PUBLISHER_KEY_PASSWORD."})
public final class PublisherCommand implements java.util.concurrent.Callable<Integer> {
    final Io io;
    final SecretPrompt prompt;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help (also: scripts/publish help [COMMAND]).")
    boolean help;

    @Option(names = {"-V", "--version"}, versionHelp = true,
            description = "Show the publisher's own version and commit (a command's --version is the release's version).")
    boolean version;

    /** {@code scripts/publish --version}: the publisher's version and the commit it was built from. */
    static final class Version implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {org.siplims.core.BuildInfo.line("scripts/publish")};
        }
    }

    public PublisherCommand(Io io) {
        this(io, SecretPrompt.terminal());
    }

    /** @param prompt asks for key passphrases (the terminal; tests give none) */
    public PublisherCommand(Io io, SecretPrompt prompt) {
        this.io = io;
        this.prompt = prompt;
    }

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** No subcommand: say what there is; that is bad usage. */
    @Override
    public Integer call() {
        spec.commandLine().usage(io.err());
        return org.siplims.publisher.failure.ExitCode.USAGE.code();
    }
}
