package org.siplims.launcher;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import org.siplims.core.registry.RegistryClient;
import org.siplims.launcher.engine.HostUser;
import org.siplims.launcher.paths.FolderRules;
import org.siplims.launcher.paths.OsFlavor;

/**
 * What the launcher takes from the machine it runs on, gathered in one place so tests can give
 * their own: path rules, the user containers run as, the console, the clock, the registry client.
 *
 * @param containerUser {@code uid:gid} for the app container (Linux), or empty
 * @param terminal      whether the console is a terminal (progress redrawn in place)
 */
public record LauncherEnvironment(FolderRules folders, Optional<String> containerUser, PrintStream console, boolean terminal,
                                  Clock clock, Supplier<RegistryClient> registry) {

    public static LauncherEnvironment ofThisMachine() {
        return new LauncherEnvironment(FolderRules.forThisMachine(), HostUser.forContainers(OsFlavor.current()), System.out,
                System.console() != null, Clock.systemUTC(), RegistryClient::create);
    }
}
