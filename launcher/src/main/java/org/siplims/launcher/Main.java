package org.siplims.launcher;

import org.siplims.launcher.cli.LaunchCommand;
import org.siplims.launcher.startup.WarmUp;

/**
 * Entry point of {@code scripts/launch}. Kept lean: nothing slow happens before the status page
 * answers (see {@link org.siplims.launcher.service.Launcher#start}; the start-up speed work is in {@code org.siplims.launcher.startup}).
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        // Internal details go to the log at warning level; the person reads the console messages.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        WarmUp warmUp = WarmUp.begin(); // after the logging property: it starts slf4j (and Jetty)
        int code = LaunchCommand.commandLine(System.err, warmUp).execute(args);
        System.exit(code);
    }
}
