package org.siplims.publisher.cli;

import picocli.CommandLine.Option;

/** Which repository releases go to, and the channel tag users follow. */
public class ImageOptions {
    @Option(names = "--image", paramLabel = "REPO",
            description = "The image repository, without tag (default: \"image\" in publisher.json, else ghcr.io/rrmalmstrom/sip_lims_workflow_manager).")
    String image;

    @Option(names = "--channel", paramLabel = "TAG", description = "The tag users follow, moved last (default: \"channel\" in publisher.json, else latest).")
    String channel;
}
