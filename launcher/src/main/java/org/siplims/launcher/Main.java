package org.siplims.launcher;

import org.siplims.launcher.cli.LaunchCommand;
import picocli.CommandLine;

/**
 * Entry point of {@code scripts/launch}. Kept lean: nothing slow happens before the status page
 * answers (see {@link Launcher#start}).
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        // Internal details go to the log at warning level; the person reads the console messages.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        int code = new CommandLine(new LaunchCommand(System.err)).execute(args);
        System.exit(code);
    }
}
