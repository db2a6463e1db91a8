package org.siplims.publisher.cli;

import picocli.CommandLine.Option;

/**
 * Registry credentials on the command line: only the user name. The password is read from stdin,
 * never taken as an argument, where it would be visible in the process list and shell history.
 * Without these, credentials come from the environment or Docker's configuration.
 */
public class CredentialOptions {
    @Option(names = "--username", paramLabel = "USER", description = "Registry user name for --password-stdin (default: REGISTRY_USERNAME).")
    String username;

    @Option(names = "--password-stdin", description = "Read the registry password or token from stdin.")
    boolean passwordStdin;
}
