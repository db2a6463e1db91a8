package org.siplims.publisher.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The key releases are signed with. Only its path is an argument: its passphrase comes from the
 * terminal or {@code PUBLISHER_KEY_PASSWORD}, never from the command line.
 */
public class SigningOptions {
    @Option(names = "--signing-key", paramLabel = "FILE",
            description = "Sign the release with this private key (default: PUBLISHER_SIGNING_KEY, else \"signingKey\" in publisher.json; "
                    + "none: the release is pushed UNSIGNED). Its passphrase is asked at the start, or read from PUBLISHER_KEY_PASSWORD.")
    Path signingKey;

    @Option(names = "--require-signing", description = "Refuse to publish without a signing key (also \"requireSigning\": true in publisher.json).")
    boolean requireSigning;
}
