package org.siplims.publisher.cli;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.siplims.core.image.ImageReference;
import org.siplims.core.image.InvalidReferenceException;
import org.siplims.core.image.Platform;
import org.siplims.core.release.ReleaseDefaults;
import org.siplims.publisher.failure.ExitCode;
import org.siplims.publisher.failure.PublisherFailure;
import org.siplims.publisher.config.LockCommands;
import org.siplims.publisher.config.PublisherConfig;
import org.siplims.publisher.config.Settings;
import org.siplims.publisher.config.TestCommand;
import org.siplims.publisher.signing.KeyLocations;
import org.siplims.publisher.signing.SigningSettings;

/**
 * Resolves each setting: the command-line option if given, else {@code publisher.json} in the
 * context, else the built-in default. Malformed values are bad input (exit 2), said plainly and
 * with where the value came from (the option, or the key in publisher.json), so the fix is found
 * where it has to be made. A value is checked where it is chosen: one an option overrides is not.
 */
final class SettingsResolver {
    private SettingsResolver() {
    }

    /** Where a value came from: an option, a key of publisher.json (which the option, if any, overrides), or a default. */
    record Source(String option, Path file, String key) {
        static Source option(String option) {
            return new Source(option, null, null);
        }

        static Source config(Path file, String key, String option) {
            return new Source(option, file, key);
        }

        /** {@code --port}, or {@code "port" in /repo/publisher.json}. */
        String describe() {
            return file == null ? option : PublisherConfig.where(file, key);
        }

        /** Exit 2: what is wrong with the value, and what to give instead, where it is given. */
        PublisherFailure refuse(String problem, String wanted) {
            String hint = file == null ? "Give " + option + " " + wanted + "."
                    : "In " + file + ", set \"" + key + "\" to " + wanted + (option == null ? "." : " (or give " + option + ").");
            return new PublisherFailure(ExitCode.USAGE, describe() + ": " + problem, hint);
        }
    }

    /** A chosen value and its source. */
    record Chosen<T>(T value, Source source) {
    }

    /** The option's value if given, else the config file's, else the default (reported as the option's: defaults are valid). */
    private static <T> Chosen<T> choose(String option, T fromOption, Path file, String key, T fromConfig, T fallback) {
        if (fromOption != null) {
            return new Chosen<>(fromOption, Source.option(option));
        }
        if (fromConfig != null) {
            return new Chosen<>(fromConfig, Source.config(file, key, option));
        }
        return new Chosen<>(fallback, Source.option(option));
    }

    static Settings resolve(ContextOptions ctx, ImageOptions img, BuildOptions build, TestOptions test, PlatformOption platformOption) {
        Path context = (ctx.context == null ? Path.of(".") : ctx.context).toAbsolutePath().normalize();
        if (!Files.isDirectory(context)) {
            throw new PublisherFailure(ExitCode.USAGE, "The context folder " + context + " does not exist.",
                    "Give the app's repository with --context DIR, or run from inside it.");
        }
        PublisherConfig config = PublisherConfig.load(context);
        Path file = context.resolve(PublisherConfig.FILE_NAME);
        ImageOptions i = img == null ? new ImageOptions() : img;
        BuildOptions b = build == null ? new BuildOptions() : build;
        TestOptions t = test == null ? new TestOptions() : test;

        ImageReference image = repository(choose("--image", i.image, file, "image", config.image(), ReleaseDefaults.DEFAULT_IMAGE));
        String channel = tag(choose("--channel", i.channel, file, "channel", config.channel(), ReleaseDefaults.DEFAULT_CHANNEL),
                "a tag, e.g. " + ReleaseDefaults.DEFAULT_CHANNEL);
        if (b.version != null) {
            tag(new Chosen<>(b.version, Source.option("--version")), "the version to release, e.g. 1.2.0");
        }
        Path dockerfile = path(context, choose("--dockerfile", b.dockerfile, file, "dockerfile", config.dockerfile(), "Dockerfile"), "Dockerfile");
        String platformOptionValue = b.platform != null ? b.platform : platformOption != null ? platformOption.platform : null;
        Chosen<String> platformText = choose("--platform", platformOptionValue, file, "platform", config.platform(), null);
        Optional<Platform> platform = Optional.ofNullable(platformText.value()).map(p -> platform(p, platformText.source()));
        Chosen<List<String>> platformsText = choose("--platforms", b.platforms, file, "platforms", config.platforms(), List.of());
        List<Platform> platforms = platformsText.value().stream().map(p -> platform(p, platformsText.source())).distinct().toList();
        Chosen<Integer> port = choose("--port", t.port, file, "port", config.port(), Settings.DEFAULT_PORT);
        if (port.value() < 1 || port.value() > 65535) {
            throw port.source().refuse(port.value() + " is not a TCP port.", "a port from 1 to 65535");
        }
        Chosen<Integer> timeout = choose("--health-timeout", t.healthTimeoutSeconds, file, "healthTimeoutSeconds", config.healthTimeoutSeconds(),
                (int) Settings.DEFAULT_HEALTH_TIMEOUT.toSeconds());
        if (timeout.value() < 1) {
            throw timeout.source().refuse("the health timeout must be at least 1 second, not " + timeout.value() + ".",
                    "a number of seconds, e.g. " + Settings.DEFAULT_HEALTH_TIMEOUT.toSeconds());
        }
        List<String> versionCommand = config.versionCommand() == null || config.versionCommand().isEmpty()
                ? Settings.DEFAULT_VERSION_COMMAND : arguments(config.versionCommand(), Source.config(file, "versionCommand", null),
                "a list of arguments for the image, e.g. [\"--version\"]");
        LockCommands lock = config.lock() == null ? new LockCommands(null, null) : config.lock();
        String lockWanted = "a command as a list of arguments, or leave it out for the default";
        arguments(lock.conda() == null ? List.of() : lock.conda(), Source.config(file, "lock.conda", null), lockWanted);
        arguments(lock.pip() == null ? List.of() : lock.pip(), Source.config(file, "lock.pip", null), lockWanted);
        return new Settings(context, image, dockerfile,
                path(context, choose(null, null, file, "condaLock", config.condaLock(), Settings.CONDA_LOCK), Settings.CONDA_LOCK),
                path(context, choose(null, null, file, "requirementsLock", config.requirementsLock(), Settings.REQUIREMENTS_LOCK),
                        Settings.REQUIREMENTS_LOCK),
                Optional.ofNullable(b.version), channel, platform, platforms,
                healthPath(choose("--health-path", t.healthPath, file, "healthPath", config.healthPath(), Settings.DEFAULT_HEALTH_PATH)),
                port.value(), Duration.ofSeconds(timeout.value()),
                versionCommand, testCommands(config.testCommands(), file), lock, b.allowDirty);
    }

    /**
     * Signing and checking: the signing key from {@code --signing-key}, else {@code PUBLISHER_SIGNING_KEY},
     * else {@code "signingKey"} in publisher.json; trusted keys from {@code --trusted-key}, else
     * {@code "trustedKeys"}. Paths in the config are relative to the context; {@code ~/} is the home folder.
     */
    static SigningSettings signing(Path context, SigningOptions sign, TrustedKeyOptions trust, Map<String, String> env) {
        PublisherConfig config = PublisherConfig.load(context);
        Path file = context.resolve(PublisherConfig.FILE_NAME);
        Path cwd = Path.of("").toAbsolutePath();
        Optional<Path> key = Optional.empty();
        String keySource = "";
        String fromEnv = env.get(SigningSettings.KEY_ENV);
        if (sign != null && sign.signingKey != null) {
            key = Optional.of(sign.signingKey.toAbsolutePath().normalize());
            keySource = "--signing-key";
        } else if (sign != null && fromEnv != null && !fromEnv.isBlank()) {
            key = Optional.of(keyFile(fromEnv.strip(), cwd, Source.option(SigningSettings.KEY_ENV)));
            keySource = SigningSettings.KEY_ENV;
        } else if (sign != null && config.signingKey() != null && !config.signingKey().isBlank()) {
            key = Optional.of(keyFile(config.signingKey().strip(), context, Source.config(file, "signingKey", "--signing-key")));
            keySource = "\"signingKey\" in " + PublisherConfig.FILE_NAME;
        }
        // A committed launcher key means every default install refuses unsigned releases: pushing one
        // would only strand the users, so signing is then required whatever publisher.json says.
        boolean shipsKey = Files.exists(context.resolve(KeyLocations.SHIPPED_TRUSTED_KEYS));
        boolean required = sign != null && (sign.requireSigning || Boolean.TRUE.equals(config.requireSigning()) || shipsKey);
        List<Path> trusted = new ArrayList<>();
        String trustedSource = "";
        if (trust != null && trust.trustedKeys != null && !trust.trustedKeys.isEmpty()) {
            trust.trustedKeys.forEach(p -> trusted.add(p.toAbsolutePath().normalize()));
            trustedSource = "--trusted-key";
        } else if (trust != null && config.trustedKeys() != null && !config.trustedKeys().isEmpty()) {
            for (int n = 0; n < config.trustedKeys().size(); n++) {
                String entry = config.trustedKeys().get(n);
                Source source = Source.config(file, "trustedKeys[" + n + "]", "--trusted-key");
                if (entry == null || entry.isBlank()) {
                    throw source.refuse("it is empty.", "a public key file, e.g. \"trusted-keys.pem\"");
                }
                trusted.add(keyFile(entry.strip(), context, source));
            }
            trustedSource = "\"trustedKeys\" in " + PublisherConfig.FILE_NAME;
        } else if (trust != null && shipsKey) {
            trusted.add(context.resolve(KeyLocations.SHIPPED_TRUSTED_KEYS));
            trustedSource = KeyLocations.SHIPPED_TRUSTED_KEYS + " (the keys the launcher ships)";
        }
        return new SigningSettings(key, keySource, required, trusted, trustedSource);
    }

    /** Versions and channel names become tags on the registry, so they follow its rule for tags. */
    static final String TAG_RULE = "a tag is 1 to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-'";

    /** Why {@code text} cannot be a tag (a sentence naming it), or empty when it can. */
    static Optional<String> tagProblem(String text) {
        return ImageReference.isValidTag(text) ? Optional.empty()
                : Optional.of("'" + printable(String.valueOf(text)) + "' is not a valid tag: " + TAG_RULE + ".");
    }

    /** The chosen value if it can be a tag; else exit 2, saying where it came from. */
    static String tag(Chosen<String> chosen, String wanted) {
        Optional<String> problem = tagProblem(chosen.value());
        if (problem.isPresent()) {
            throw chosen.source().refuse(problem.get(), wanted);
        }
        return chosen.value();
    }

    /** The image option names a repository; a tag or digest there would be ambiguous with --version. */
    private static ImageReference repository(Chosen<String> image) {
        String wanted = "a repository, [registry[:port]/]path in lower case, e.g. " + ReleaseDefaults.DEFAULT_IMAGE;
        ImageReference ref;
        try {
            ref = ImageReference.parse(image.value());
        } catch (InvalidReferenceException e) {
            throw image.source().refuse(printable(e.getMessage()), wanted);
        }
        if (ref.tag().isPresent() || ref.digest().isPresent()) {
            throw image.source().refuse("'" + image.value() + "' has a tag or digest, but this takes a repository without tag or digest "
                    + "(the version comes from --version, or git describe).", ref.repositoryOnly().familiar());
        }
        return ref;
    }

    private static Platform platform(String text, Source source) {
        try {
            Platform p = Platform.parse(text);
            if (!p.os().equals("linux")) {
                throw new IllegalArgumentException("'" + text + "' is not a Linux platform; the app's image runs on Linux.");
            }
            return p;
        } catch (IllegalArgumentException e) {
            throw source.refuse(printable(e.getMessage()), "os/architecture, e.g. linux/arm64 or linux/amd64");
        }
    }

    /**
     * The path the smoke run asks the app for. One without its leading slash is refused rather than
     * completed: it may be a URL or host:port pasted into the wrong place (completing that would fail
     * only in the smoke run, after the build), and the hint gives the path to write.
     */
    private static String healthPath(Chosen<String> chosen) {
        String path = chosen.value();
        if (!path.startsWith("/")) {
            throw chosen.source().refuse((path.isEmpty() ? "the path is empty; it" : "'" + printable(path) + "'")
                    + " must start with \"/\": it is the path on the app's own port, e.g. " + Settings.DEFAULT_HEALTH_PATH + ".",
                    "\"" + printable(slashed(path)) + "\"");
        }
        try {
            URI.create("http://127.0.0.1" + path);
        } catch (IllegalArgumentException e) {
            throw chosen.source().refuse("'" + printable(path) + "' is not a valid URL path: spaces and other special characters "
                    + "must be percent-encoded (a space is %20).", "a path such as \"" + Settings.DEFAULT_HEALTH_PATH + "\"");
        }
        return path;
    }

    /** What was probably meant: the path of a URL or of host:port/path, else the text with a slash in front. */
    private static String slashed(String text) {
        if (text.isEmpty()) {
            return Settings.DEFAULT_HEALTH_PATH;
        }
        int scheme = text.indexOf("://");
        String rest = scheme >= 0 ? text.substring(scheme + 3) : text;
        int slash = rest.indexOf('/');
        String first = slash >= 0 ? rest.substring(0, slash) : rest;
        boolean host = scheme >= 0 || first.contains(":") || first.equals("localhost");
        return !host ? "/" + text : slash >= 0 ? rest.substring(slash) : "/";
    }

    /** A file relative to the context; the hint offers the default's name. */
    private static Path path(Path context, Chosen<String> chosen, String defaultName) {
        String wanted = "a file relative to the context folder, e.g. \"" + defaultName + "\"";
        if (chosen.value().isBlank()) {
            throw chosen.source().refuse("the file name is empty.", wanted);
        }
        try {
            return context.resolve(chosen.value());
        } catch (InvalidPathException e) {
            throw chosen.source().refuse("'" + printable(chosen.value()) + "' is not a valid path (" + e.getReason() + ").", wanted);
        }
    }

    private static Path keyFile(String text, Path base, Source source) {
        try {
            return KeyLocations.expand(text, base);
        } catch (InvalidPathException e) {
            throw source.refuse("'" + printable(text) + "' is not a valid path (" + e.getReason() + ").", "the path of a key file");
        }
    }

    /** A command's arguments from publisher.json: a list of strings, none of them null. */
    private static List<String> arguments(List<String> args, Source source, String wanted) {
        for (int n = 0; n < args.size(); n++) { // not contains(null): List.of() throws on that
            if (args.get(n) == null) {
                throw source.refuse("its argument " + (n + 1) + " is null.", wanted);
            }
        }
        return args;
    }

    private static List<TestCommand> testCommands(List<TestCommand> commands, Path file) {
        if (commands == null) {
            return List.of();
        }
        String wanted = "an object such as {\"name\": \"app tests\", \"run\": [\"pytest\", \"-q\"], \"timeoutSeconds\": 900}";
        for (int n = 0; n < commands.size(); n++) {
            TestCommand c = commands.get(n);
            Source source = Source.config(file, "testCommands[" + n + "]", null);
            if (c == null) {
                throw source.refuse("it is null.", wanted);
            }
            if (c.run().isEmpty()) {
                throw source.refuse("it has no \"run\" command.", wanted);
            }
            arguments(c.run(), source, wanted);
            if (c.timeoutSeconds() != null && c.timeoutSeconds() < 1) {
                throw Source.config(file, "testCommands[" + n + "].timeoutSeconds", null)
                        .refuse("the timeout must be at least 1 second, not " + c.timeoutSeconds() + ".", "a number of seconds (default 600)");
            }
        }
        return commands;
    }

    /** Control characters shown as escapes, so that a message prints as one clean line. */
    static String printable(String text) {
        StringBuilder s = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                s.append(String.format("\\u%04x", c));
            } else {
                s.appendCodePoint(c);
            }
        });
        return s.toString();
    }
}
