package org.siplims.publisher.cli;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The public keys whose signatures a release must carry, for the commands that check releases. */
public class TrustedKeyOptions {
    @Option(names = "--trusted-key", paramLabel = "FILE",
            description = "Check the release's signature with this public key file; repeatable (default: \"trustedKeys\" in "
                    + "publisher.json; none: the signature is not checked).")
    List<Path> trustedKeys;
}
