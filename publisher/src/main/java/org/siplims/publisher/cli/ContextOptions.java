package org.siplims.publisher.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every subcommand has: where the app's repository is, and JSON output. */
public class ContextOptions {
    @Option(names = "--context", paramLabel = "DIR", description = "The app's build context, a Git working tree (default: .).")
    Path context;

    @Option(names = "--json", description = "Print a machine-readable record on stdout; the human report goes to stderr.")
    boolean json;

    @Option(names = "--state-dir", hidden = true, paramLabel = "DIR",
            description = "Where build and test records are kept (default: the user's cache folder).")
    Path stateDir;
}
