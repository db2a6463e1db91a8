package org.siplims.publisher.signing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where keys go: the default folder for a new key pair (the user's configuration folder, outside
 * any repository), the public key file beside a private key, and the launcher's configuration
 * folder where it looks for {@code trusted-keys.pem}.
 */
public final class KeyLocations {
    public static final String PRIVATE_KEY_FILE = "signing.key";
    public static final String PUBLIC_KEY_FILE = "signing.pub";
    /** The launcher's file of trusted public keys, in its configuration folder. */
    public static final String LAUNCHER_TRUSTED_KEYS_FILE = "trusted-keys.pem";
    /** The launcher's configuration folder name (launcher's {@code ConfigDirectory}). */
    public static final String LAUNCHER_FOLDER = "sip-lims-launcher";
    /**
     * The public keys the launcher build puts into the distribution, relative to the repository:
     * when this file exists, a default install verifies every release, so the publisher requires
     * signing (see {@code SettingsResolver}).
     */
    public static final String SHIPPED_TRUSTED_KEYS = "launcher/trusted-keys.pem";
    static final String PUBLISHER_FOLDER = "sip-lims-publisher";

    private KeyLocations() {
    }

    /**
     * The default folder for {@code keygen}: {@code $XDG_CONFIG_HOME} (else {@code ~/.config}) on
     * Linux, {@code ~/Library/Application Support} on macOS, {@code %APPDATA%} on Windows, each with
     * {@code sip-lims-publisher}.
     */
    public static Path defaultKeyFolder(Map<String, String> env) {
        return configRoot(System.getProperty("os.name", ""), env, home()).resolve(PUBLISHER_FOLDER);
    }

    /** The user's configuration root on this operating system (by {@code os.name}). */
    static Path configRoot(String osName, Map<String, String> env, Path home) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("mac")) {
            return home.resolve("Library").resolve("Application Support");
        }
        if (os.startsWith("windows")) {
            String appData = env.get("APPDATA");
            return appData != null && !appData.isBlank() ? Path.of(appData) : home.resolve("AppData").resolve("Roaming");
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        return xdg != null && xdg.startsWith("/") ? Path.of(xdg) : home.resolve(".config");
    }

    /** Where the launcher on this machine reads trusted keys from. */
    public static Path launcherTrustedKeys(Map<String, String> env) {
        return configRoot(System.getProperty("os.name", ""), env, home()).resolve(LAUNCHER_FOLDER).resolve(LAUNCHER_TRUSTED_KEYS_FILE);
    }

    /** The public key file for a private key file: {@code x.key} → {@code x.pub}, else {@code x} → {@code x.pub}. */
    public static Path publicKeyFor(Path privateKey) {
        String name = privateKey.getFileName().toString();
        String base = name.endsWith(".key") ? name.substring(0, name.length() - ".key".length()) : name;
        return privateKey.resolveSibling(base + ".pub");
    }

    /** The Git working tree holding {@code path} (a folder with {@code .git} at or above it), if any. */
    public static Optional<Path> enclosingGitTree(Path path) {
        for (Path d = path.toAbsolutePath().normalize(); d != null; d = d.getParent()) {
            if (Files.exists(d.resolve(".git"))) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /** A path as written in configuration: {@code ~/} is the home folder, a relative path is relative to {@code base}. */
    public static Path expand(String text, Path base) {
        if (text.equals("~")) {
            return home();
        }
        if (text.startsWith("~/") || text.startsWith("~\\")) {
            return home().resolve(text.substring(2));
        }
        return base.resolve(text).toAbsolutePath().normalize();
    }

    private static Path home() {
        return Path.of(System.getProperty("user.home"));
    }

    /**
     * Adds a public key to the shipped trusted keys, keeping the keys already there (a rotation adds
     * the new key before the old one is removed). Written atomically.
     */
    public static void addShippedKey(Path file, String publicKeyPem) {
        try {
            String existing = java.nio.file.Files.exists(file) ? java.nio.file.Files.readString(file, java.nio.charset.StandardCharsets.US_ASCII) : "";
            if (!existing.isEmpty() && !existing.endsWith("\n")) {
                existing += "\n";
            }
            org.siplims.core.files.AtomicFiles.write(file, existing + publicKeyPem);
        } catch (java.io.IOException e) {
            throw new org.siplims.core.UserFacingException("The public key could not be added to " + file + " (" + e.getClass().getSimpleName()
                    + "). The key pair itself was written.", "Add it by hand: append the public key file to " + file + ".", e);
        }
    }
}
