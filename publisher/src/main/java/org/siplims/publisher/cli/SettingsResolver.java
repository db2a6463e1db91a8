package org.siplims.publisher.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.siplims.core.image.ImageReference;
import org.siplims.core.image.InvalidReferenceException;
import org.siplims.core.image.Platform;
import org.siplims.publisher.ExitCode;
import org.siplims.publisher.PublisherFailure;
import org.siplims.publisher.config.LockCommands;
import org.siplims.publisher.config.PublisherConfig;
import org.siplims.publisher.config.Settings;
import org.siplims.publisher.signing.KeyLocations;
import org.siplims.publisher.signing.SigningSettings;

/**
 * Resolves each setting: the command-line option if given, else {@code publisher.json} in the
 * context, else the built-in default. Malformed values are bad input (exit 2), said plainly.
 */
final class SettingsResolver {
    private SettingsResolver() {
    }

    static Settings resolve(ContextOptions ctx, ImageOptions img, BuildOptions build, TestOptions test, PlatformOption platformOption) {
        Path context = (ctx.context == null ? Path.of(".") : ctx.context).toAbsolutePath().normalize();
        if (!Files.isDirectory(context)) {
            throw new PublisherFailure(ExitCode.USAGE, "The context folder " + context + " does not exist.",
                    "Give the app's repository with --context DIR, or run from inside it.");
        }
        PublisherConfig config = PublisherConfig.load(context);
        ImageOptions i = img == null ? new ImageOptions() : img;
        BuildOptions b = build == null ? new BuildOptions() : build;
        TestOptions t = test == null ? new TestOptions() : test;

        ImageReference image = repository(first(i.image, config.image(), Settings.DEFAULT_IMAGE));
        String channel = first(i.channel, config.channel(), Settings.DEFAULT_CHANNEL);
        Path dockerfile = context.resolve(first(b.dockerfile, config.dockerfile(), "Dockerfile"));
        String platformText = b.platform != null ? b.platform : platformOption != null && platformOption.platform != null
                ? platformOption.platform : config.platform();
        Optional<Platform> platform = Optional.ofNullable(platformText).map(SettingsResolver::platform);
        int port = first(t.port, config.port(), Settings.DEFAULT_PORT);
        if (port < 1 || port > 65535) {
            throw new PublisherFailure(ExitCode.USAGE, "The port " + port + " is not a TCP port.", "Give a port from 1 to 65535.");
        }
        int timeout = first(t.healthTimeoutSeconds, config.healthTimeoutSeconds(), (int) Settings.DEFAULT_HEALTH_TIMEOUT.toSeconds());
        if (timeout < 1) {
            throw new PublisherFailure(ExitCode.USAGE, "The health timeout must be at least 1 second.", "Give --health-timeout SECONDS.");
        }
        List<String> versionCommand = config.versionCommand() == null || config.versionCommand().isEmpty()
                ? Settings.DEFAULT_VERSION_COMMAND : config.versionCommand();
        return new Settings(context, image, dockerfile,
                context.resolve(first(null, config.condaLock(), Settings.CONDA_LOCK)),
                context.resolve(first(null, config.requirementsLock(), Settings.REQUIREMENTS_LOCK)),
                Optional.ofNullable(b.version), channel, platform,
                first(t.healthPath, config.healthPath(), Settings.DEFAULT_HEALTH_PATH), port, Duration.ofSeconds(timeout),
                versionCommand, config.testCommands() == null ? List.of() : config.testCommands(),
                config.lock() == null ? new LockCommands(null, null) : config.lock(), b.allowDirty);
    }

    /**
     * Signing and checking: the signing key from {@code --signing-key}, else {@code PUBLISHER_SIGNING_KEY},
     * else {@code "signingKey"} in publisher.json; trusted keys from {@code --trusted-key}, else
     * {@code "trustedKeys"}. Paths in the config are relative to the context; {@code ~/} is the home folder.
     */
    static SigningSettings signing(Path context, SigningOptions sign, TrustedKeyOptions trust, Map<String, String> env) {
        PublisherConfig config = PublisherConfig.load(context);
        Path cwd = Path.of("").toAbsolutePath();
        Optional<Path> key = Optional.empty();
        String keySource = "";
        String fromEnv = env.get(SigningSettings.KEY_ENV);
        if (sign != null && sign.signingKey != null) {
            key = Optional.of(sign.signingKey.toAbsolutePath().normalize());
            keySource = "--signing-key";
        } else if (sign != null && fromEnv != null && !fromEnv.isBlank()) {
            key = Optional.of(KeyLocations.expand(fromEnv.strip(), cwd));
            keySource = SigningSettings.KEY_ENV;
        } else if (sign != null && config.signingKey() != null && !config.signingKey().isBlank()) {
            key = Optional.of(KeyLocations.expand(config.signingKey().strip(), context));
            keySource = "\"signingKey\" in " + PublisherConfig.FILE_NAME;
        }
        boolean required = sign != null && (sign.requireSigning || Boolean.TRUE.equals(config.requireSigning()));
        List<Path> trusted = new ArrayList<>();
        String trustedSource = "";
        if (trust != null && trust.trustedKeys != null && !trust.trustedKeys.isEmpty()) {
            trust.trustedKeys.forEach(p -> trusted.add(p.toAbsolutePath().normalize()));
            trustedSource = "--trusted-key";
        } else if (trust != null && config.trustedKeys() != null && !config.trustedKeys().isEmpty()) {
            config.trustedKeys().forEach(p -> trusted.add(KeyLocations.expand(p.strip(), context)));
            trustedSource = "\"trustedKeys\" in " + PublisherConfig.FILE_NAME;
        }
        return new SigningSettings(key, keySource, required, trusted, trustedSource);
    }

    /** The image option names a repository; a tag or digest there would be ambiguous with --version. */
    static ImageReference repository(String text) {
        ImageReference ref;
        try {
            ref = ImageReference.parse(text);
        } catch (InvalidReferenceException e) {
            throw PublisherFailure.wrap(ExitCode.USAGE, e);
        }
        if (ref.tag().isPresent() || ref.digest().isPresent()) {
            throw new PublisherFailure(ExitCode.USAGE, "--image takes a repository without tag or digest, not '" + text + "'.",
                    "Give --image " + ref.repositoryOnly().familiar() + " and the version with --version.");
        }
        return ref;
    }

    static Platform platform(String text) {
        try {
            Platform p = Platform.parse(text);
            if (!p.os().equals("linux")) {
                throw new IllegalArgumentException("'" + text + "' is not a Linux platform; the app's image runs on Linux.");
            }
            return p;
        } catch (IllegalArgumentException e) {
            throw new PublisherFailure(ExitCode.USAGE, e.getMessage(), "Write it as os/architecture, e.g. linux/arm64 or linux/amd64.");
        }
    }

    @SafeVarargs
    private static <T> T first(T... candidates) {
        for (T c : candidates) {
            if (c != null) {
                return c;
            }
        }
        throw new IllegalStateException("a default is always given");
    }
}
