package org.siplims.publisher.cli;

import picocli.CommandLine.Option;

/** The platform to pick from a multi-platform release, for commands that read releases. */
public class PlatformOption {
    @Option(names = "--platform", paramLabel = "OS/ARCH", description = "The platform to read or pull, e.g. linux/arm64 (default: the release's own).")
    String platform;
}
