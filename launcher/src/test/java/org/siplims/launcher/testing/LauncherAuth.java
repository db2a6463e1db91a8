package org.siplims.launcher.testing;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.siplims.launcher.api.LoginLinks;
import org.siplims.launcher.api.OwnerSecret;

/**
 * How tests act as the user who started a launcher: the launcher's secret is read from the settings
 * folder registered for its status port (LauncherHarness registers its own; a test that starts a
 * launcher process with another {@code --settings-dir} calls {@link #register}). {@link RawHttp}
 * adds the bearer header by itself, the page tests' browser signs in through a one-time link, and
 * {@link #authorize(HttpRequest.Builder, int)} does it for java.net.http requests.
 */
public final class LauncherAuth {
    private static final Map<Integer, Path> SETTINGS_BY_PORT = new ConcurrentHashMap<>();

    private LauncherAuth() {
    }

    /** The launcher on {@code statusPort} keeps its settings (and its secret) in {@code settingsDirectory}. */
    public static void register(int statusPort, Path settingsDirectory) {
        SETTINGS_BY_PORT.put(statusPort, settingsDirectory.toAbsolutePath());
    }

    /**
     * Like {@link #register}, unless another launcher whose settings folder still exists has the port
     * (a test that starts a second launcher on a taken port, to see the clash, must not take it over).
     */
    public static void registerUnlessTaken(int statusPort, Path settingsDirectory) {
        SETTINGS_BY_PORT.merge(statusPort, settingsDirectory.toAbsolutePath(),
                (old, mine) -> java.nio.file.Files.isDirectory(old) ? old : mine);
    }

    /** The secret of the launcher on that port, once it has made one. */
    public static Optional<OwnerSecret> secret(int statusPort) {
        Path settings = SETTINGS_BY_PORT.get(statusPort);
        return settings == null ? Optional.empty() : OwnerSecret.readExisting(settings);
    }

    /** {@code Authorization} header value for the launcher on that port, when it is known. */
    public static Optional<String> authorization(int statusPort) {
        return secret(statusPort).map(OwnerSecret::bearerHeader);
    }

    /** Adds the owner's bearer header, when the launcher on that port is known. */
    public static HttpRequest.Builder authorize(HttpRequest.Builder request, int statusPort) {
        authorization(statusPort).ifPresent(a -> request.header("Authorization", a));
        return request;
    }

    /** A one-time sign-in link for the page at {@code pageUrl} (its scheme, host and port), as the launcher would open it. */
    public static Optional<URI> signInLink(URI pageUrl) {
        return secret(pageUrl.getPort()).map(s -> pageUrl.resolve(new LoginLinks(s, Clock.systemUTC()).mint()));
    }

    public static Path secretFile(Path settings) {
        return settings.resolve(OwnerSecret.FILE);
    }

    public static String cookieName(int statusPort) {
        return OwnerSecret.cookieName(statusPort);
    }
}
