package org.siplims.publisher;

import org.siplims.publisher.cli.Io;
import org.siplims.publisher.cli.PublisherCommand;
import org.siplims.publisher.failure.ExitCode;
import org.siplims.publisher.signing.SecretPrompt;
import picocli.CommandLine;

/**
 * Entry point of {@code scripts/publish}. Exit codes: 0 success, 2 bad usage or input,
 * 3 preflight failed, 4 build failed, 5 tests failed, 6 push, signing or verification failed.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        // docker-java and the registry client log through slf4j-simple; only warnings are worth a maintainer's attention.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        System.exit(run(args, Io.system()));
    }

    /** Runs the command line with these streams and environment; returns the exit code. */
    public static int run(String[] args, Io io) {
        return run(args, io, SecretPrompt.terminal());
    }

    /** The same, asking for key passphrases with {@code prompt} (tests give one without a terminal). */
    public static int run(String[] args, Io io, SecretPrompt prompt) {
        CommandLine cli = new CommandLine(new PublisherCommand(io, prompt));
        cli.setOut(new java.io.PrintWriter(io.out(), true));
        cli.setErr(new java.io.PrintWriter(io.err(), true));
        // Mistyped options and arguments: picocli's message and usage, exit code 2.
        cli.setParameterExceptionHandler((e, a) -> {
            CommandLine failed = e.getCommandLine();
            failed.getErr().println("error: " + e.getMessage());
            failed.usage(failed.getErr());
            return ExitCode.USAGE.code();
        });
        // Anything that escaped a command: one line, never a stack trace.
        cli.setExecutionExceptionHandler((e, c, p) -> {
            c.getErr().println("error: unexpected " + e);
            return ExitCode.USAGE.code();
        });
        return cli.execute(args);
    }
}
