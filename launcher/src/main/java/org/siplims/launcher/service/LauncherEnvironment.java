package org.siplims.launcher.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import org.siplims.core.registry.RegistryClient;
import org.siplims.launcher.paths.FolderRules;

/**
 * What the launcher takes from the machine it runs on, gathered in one place so tests can give
 * their own: path rules (which also say whose uid the app container runs as), the console, the clock, the registry client,
 * and the trusted public keys shipped with the launcher.
 *
 * @param terminal           whether the console is a terminal (progress redrawn in place)
 * @param shippedTrustedKeys the PEM text of the public keys the maintainer built into the launcher
 *                           (the classpath resource {@value #SHIPPED_TRUSTED_KEYS}), empty when none
 */
public record LauncherEnvironment(FolderRules folders, PrintStream console, boolean terminal,
                                  Clock clock, Supplier<RegistryClient> registry, Supplier<Optional<String>> shippedTrustedKeys) {
    /** The classpath resource holding the maintainer's public key(s), put there at build time. */
    public static final String SHIPPED_TRUSTED_KEYS = "/trusted-keys.pem";

    public LauncherEnvironment {
        shippedTrustedKeys = shippedTrustedKeys == null ? LauncherEnvironment::shippedKeys : shippedTrustedKeys;
    }

    /** This machine's environment, with the keys shipped in the launcher's own resources. */
    public LauncherEnvironment(FolderRules folders, PrintStream console, boolean terminal,
                               Clock clock, Supplier<RegistryClient> registry) {
        this(folders, console, terminal, clock, registry, LauncherEnvironment::shippedKeys);
    }

    public static LauncherEnvironment ofThisMachine() {
        return new LauncherEnvironment(FolderRules.forThisMachine(), System.out,
                System.console() != null, Clock.systemUTC(), RegistryClient::create, LauncherEnvironment::shippedKeys);
    }

    /** The classpath resource {@value #SHIPPED_TRUSTED_KEYS}, absent unless the maintainer added it before building. */
    static Optional<String> shippedKeys() {
        try (InputStream in = LauncherEnvironment.class.getResourceAsStream(SHIPPED_TRUSTED_KEYS)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("The launcher's own resource " + SHIPPED_TRUSTED_KEYS + " cannot be read", e);
        }
    }
}
