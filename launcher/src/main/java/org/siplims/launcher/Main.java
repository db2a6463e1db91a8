package org.siplims.launcher;

import org.siplims.launcher.cli.LaunchCommand;
import org.siplims.launcher.startup.WarmUp;
import picocli.CommandLine;

/**
 * Entry point of {@code scripts/launch}. Kept lean: nothing slow happens before the status page
 * answers (see {@link Launcher#start}).
 */
public final class Main {
    private static final String JETTY_REFERENCES_PER_CACHE_LINE = "org.eclipse.jetty.util.referencesPerCacheLine";

    private Main() {
    }

    public static void main(String[] args) {
        // Internal details go to the log at warning level; the person reads the console messages.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        // Jetty pads its queues to the cache line by the size of an object reference. Unless told,
        // it asks the JMX platform server for that, which costs tens of milliseconds before the page
        // can answer. 16 references per 64-byte line = compressed references (heaps under 32 GB).
        System.setProperty(JETTY_REFERENCES_PER_CACHE_LINE, System.getProperty(JETTY_REFERENCES_PER_CACHE_LINE, "16"));
        WarmUp warmUp = WarmUp.begin(); // after both properties: it starts slf4j and Jetty
        int code = new CommandLine(new LaunchCommand(System.err, warmUp)).execute(args);
        System.exit(code);
    }
}
