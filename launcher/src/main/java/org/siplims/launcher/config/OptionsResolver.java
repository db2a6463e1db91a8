package org.siplims.launcher.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.siplims.core.UserFacingException;
import org.siplims.core.container.MemoryLimit;
import org.siplims.core.docker.DockerHost;
import org.siplims.core.docker.EngineDiscovery;
import org.siplims.core.docker.EnginePing;
import org.siplims.core.image.ImageReference;
import org.siplims.core.release.ReleaseDefaults;

/**
 * Merges the sources of options: the command line first, then the user's config file, then the
 * lab-wide settings file beside the launcher's distribution (IT sets it once for everyone, see
 * {@link LabSettings}), then (for the project, scripts and workflow only) what the launcher
 * remembered from the last run, then the defaults. The config files win over the remembered values
 * because a person wrote them on purpose.
 * Every value is checked here, with a message naming the option and where it came from.
 */
public final class OptionsResolver {
    /**
     * The shortest time between update checks. A value that rounded to zero minutes once turned the
     * checks off without a word; anything below a few minutes only loads the registry.
     */
    public static final Duration MIN_UPDATE_CHECK_INTERVAL = Duration.ofMinutes(5);

    /** Container names as the engine accepts them. */
    private static final Pattern CONTAINER_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}");

    private final Map<String, String> commandLine;
    private final ConfigFile file;
    private final ConfigFile lab;
    private final RememberedSettings remembered;

    private final Supplier<URI> findEngine;

    /**
     * @param commandLine the options given on the command line, keyed like {@link ConfigFile#KEYS}
     *                    (without {@code docker-host}, the engine is found on this computer: {@link #findEngine()})
     */
    public OptionsResolver(Map<String, String> commandLine, ConfigFile file, RememberedSettings remembered) {
        this(commandLine, file, ConfigFile.empty(), remembered, OptionsResolver::findEngine);
    }

    /** @param lab the lab-wide settings file ({@link LabSettings}), below the user's own file */
    public OptionsResolver(Map<String, String> commandLine, ConfigFile file, ConfigFile lab, RememberedSettings remembered) {
        this(commandLine, file, lab, remembered, OptionsResolver::findEngine);
    }

    /** @param findEngine where the engine is when no {@code docker-host} is given */
    public OptionsResolver(Map<String, String> commandLine, ConfigFile file, RememberedSettings remembered, Supplier<URI> findEngine) {
        this(commandLine, file, ConfigFile.empty(), remembered, findEngine);
    }

    public OptionsResolver(Map<String, String> commandLine, ConfigFile file, ConfigFile lab, RememberedSettings remembered,
                           Supplier<URI> findEngine) {
        this.commandLine = Map.copyOf(commandLine);
        this.file = file;
        this.lab = lab;
        this.remembered = remembered;
        this.findEngine = findEngine;
    }

    /**
     * The first engine that answers among DOCKER_HOST, the current Docker context and the places
     * Docker Desktop, Rancher Desktop, Colima, OrbStack and Podman use ({@link EngineDiscovery});
     * with none answering, the first of them, where the launcher then waits for an engine.
     */
    public static URI findEngine() {
        EngineDiscovery.Found found = EngineDiscovery.forThisComputer().find(new EnginePing(Duration.ofSeconds(2)));
        return found.engine().or(() -> found.tried().stream().findFirst())
                .map(EngineDiscovery.Candidate::host).orElseGet(DockerHost::resolve);
    }

    public LauncherOptions resolve(Path configDirectory) {
        ImageReference image = value("image").map(v -> parseImage(v)).orElse(ImageReference.parse(ReleaseDefaults.DEFAULT_IMAGE));
        String channel = value("channel").orElse(ReleaseDefaults.DEFAULT_CHANNEL);
        try {
            image.withTag(channel);
        } catch (UserFacingException e) {
            throw new UserFacingException("The channel '" + channel + "' " + from("channel") + " is not a valid tag.",
                    "Use letters, digits, '_', '.' and '-', for example latest or stable.");
        }
        int appPort = port("app-port", LauncherOptions.DEFAULT_APP_PORT);
        int statusPort = port("status-port", LauncherOptions.DEFAULT_STATUS_PORT);
        if (appPort == statusPort) {
            throw new UserFacingException("The app port and the status port are both " + appPort + ".",
                    "Give them different numbers, for example --app-port 8501 --status-port 8500.");
        }
        String name = value("name").orElse(LauncherOptions.DEFAULT_CONTAINER_NAME);
        if (!CONTAINER_NAME.matcher(name).matches()) {
            throw new UserFacingException("'" + name + "' " + from("name") + " is not a valid container name.",
                    "Use letters, digits, '_', '.' and '-', starting with a letter or digit.");
        }
        URI dockerHost = value("docker-host").map(this::dockerHost).orElseGet(findEngine);
        return new LauncherOptions(image, channel,
                value("project").or(remembered::project),
                value("scripts").or(remembered::scripts),
                value("workflow").or(remembered::workflow),
                appPort, statusPort, name,
                flag("offline"), !flag("no-browser"),
                atLeast("update-check-hours", Duration.ofMinutes(Math.round(positiveNumber("update-check-hours", 4) * 60)),
                        MIN_UPDATE_CHECK_INTERVAL, "0.0833 (5 minutes)"),
                atLeast("health-timeout-seconds", Duration.ofSeconds(Math.round(positiveNumber("health-timeout-seconds",
                        LauncherOptions.DEFAULT_HEALTH_TIMEOUT.toSeconds()))), Duration.ofSeconds(1), "1"),
                atLeast("stop-grace-seconds", Duration.ofSeconds(Math.round(positiveNumber("stop-grace-seconds",
                        LauncherOptions.DEFAULT_STOP_GRACE.toSeconds()))), Duration.ofSeconds(1), "1"),
                LauncherOptions.DEFAULT_DOCKER_RETRY,
                dockerHost, configDirectory,
                value("trusted-keys").map(Path::of),
                value("memory-limit").map(this::memoryLimit).orElse(MemoryLimit.DEFAULT),
                flag("install-updates-at-start"),
                mirror());
    }

    /** The lab mirror; {@code none} (or {@code off}) turns off one that a file with lower precedence set. */
    private Optional<LabMirror> mirror() {
        return value("mirror")
                .filter(v -> !v.equalsIgnoreCase("none") && !v.equalsIgnoreCase("off"))
                .map(v -> LabMirror.parse(v, from("mirror")));
    }

    private MemoryLimit memoryLimit(String text) {
        try {
            return MemoryLimit.parse(text);
        } catch (UserFacingException e) {
            throw new InvalidOptionException("memory-limit", e.getMessage().replaceFirst("\\.$", "") + " " + from("memory-limit") + ".",
                    e.hint());
        }
    }

    private Optional<String> value(String key) {
        String given = commandLine.get(key);
        if (given != null && !given.isBlank()) {
            return Optional.of(given.strip());
        }
        return file.get(key).or(() -> lab.get(key));
    }

    private String from(String key) {
        if (commandLine.containsKey(key)) {
            return "(given with --" + key + ")";
        }
        ConfigFile where = file.get(key).isPresent() || lab.get(key).isEmpty() ? file : lab;
        return where.source().map(p -> "(set in " + p + ")").orElse("");
    }

    private ImageReference parseImage(String text) {
        ImageReference ref;
        try {
            ref = ImageReference.parse(text);
        } catch (UserFacingException e) {
            throw new UserFacingException(e.getMessage() + " " + from("image"), e.hint(), e);
        }
        if (ref.tag().isPresent() || ref.digest().isPresent()) {
            throw new UserFacingException("--image takes a repository without tag or digest, not '" + text + "' " + from("image") + ".",
                    "Give the tag with --channel, for example --image " + ref.name() + " --channel " + ref.tagOrLatest() + ".");
        }
        return ref;
    }

    private int port(String key, int fallback) {
        Optional<String> text = value(key);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(text.get());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UserFacingException("'" + text.get() + "' " + from(key) + " is not a port number for --" + key + ".",
                "Give a number from 1 to 65535.");
    }

    private double positiveNumber(String key, double fallback) {
        Optional<String> text = value(key);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            double n = Double.parseDouble(text.get());
            if (n > 0 && n < 1e6) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidOptionException(key, "'" + text.get() + "' " + from(key) + " is not a positive number for --" + key + ".",
                "Give a number greater than 0.");
    }

    /**
     * The duration an option gives, once rounded to the unit it is used in, unless that is below
     * {@code minimum}: a value that rounds to (almost) nothing is refused rather than taken to mean
     * "never" or "at once".
     */
    private Duration atLeast(String key, Duration value, Duration minimum, String minimumAsGiven) {
        if (value.compareTo(minimum) >= 0) {
            return value;
        }
        throw new InvalidOptionException(key, "'" + value(key).orElse("") + "' " + from(key) + " is too small for --" + key + ".",
                "Give at least " + minimumAsGiven + ".");
    }

    private boolean flag(String key) {
        Optional<String> text = value(key);
        if (text.isEmpty()) {
            return false;
        }
        return switch (text.get().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new UserFacingException("'" + text.get() + "' " + from(key) + " is not true or false for " + key + ".",
                    "Write " + key + " = true or " + key + " = false.");
        };
    }

    /** A Docker engine address the engine client understands; anything else is a clear error, not a failure later. */
    private URI dockerHost(String text) {
        try {
            URI uri = new URI(text.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (scheme.equals("unix") || scheme.equals("tcp") || scheme.equals("npipe")) {
                return uri;
            }
        } catch (java.net.URISyntaxException e) {
            // refused below
        }
        throw new UserFacingException("'" + text + "' " + from("docker-host") + " is not a Docker engine address.",
                "Use unix:///var/run/docker.sock, npipe:////./pipe/docker_engine or tcp://HOST:PORT, or leave --docker-host out.");
    }
}
