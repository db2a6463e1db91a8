package org.siplims.publisher.cli;

import picocli.CommandLine.Option;

/** What to build and as which version. */
public class BuildOptions {
    @Option(names = "--dockerfile", paramLabel = "FILE", description = "The Dockerfile, relative to the context (default: \"dockerfile\" in publisher.json, else Dockerfile).")
    String dockerfile;

    @Option(names = "--version", paramLabel = "VERSION",
            description = "The version to release (default: the version tag on the commit; publish refuses a commit without one; build and test then use git describe --tags --always, plus -dirty for a dirty tree).")
    String version;

    @Option(names = "--platform", paramLabel = "OS/ARCH", description = "Build for this platform, e.g. linux/arm64 (default: \"platform\" in publisher.json, else the engine's own; this repository's publisher.json says linux/arm64).")
    String platform;

    @Option(names = "--platforms", paramLabel = "OS/ARCH,…", split = ",",
            description = "Build, test and release these platforms together as one multi-platform release, e.g. linux/arm64,linux/amd64 "
                    + "(default: the platforms the image definition has lock folders for under locks/).")
    java.util.List<String> platforms;

    @Option(names = "--allow-dirty", description = "Build with uncommitted changes; the release is marked dirty.")
    boolean allowDirty;
}
