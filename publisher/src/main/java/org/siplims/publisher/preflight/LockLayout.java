package org.siplims.publisher.preflight;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.siplims.core.image.Platform;

/**
 * Where the lock pair of each platform lives. A project built for several platforms keeps one pair
 * per platform in {@code locks/<os>-<arch>[-<variant>]/} ({@code locks/linux-amd64/conda-lock.txt},
 * {@code locks/linux-arm64/requirements-lock.txt}); a single-platform project keeps its pair in the
 * root. For each platform the folder's pair wins and the root pair is the fallback: exactly what the
 * Dockerfile's {@code COPY conda-lock.tx[t] locks/${TARGETOS}-${TARGETARCH}…/conda-lock.tx[t]} does,
 * so preflight checks the files the build will install.
 */
public final class LockLayout {
    public static final String FOLDER = "locks";

    /** One platform's pair, and whether it is its own ({@code locks/…}) or the root pair. */
    public record LockPair(Platform platform, Path condaLock, Path requirementsLock, boolean ownFolder) {
    }

    private LockLayout() {
    }

    /** {@code linux-arm64}, {@code linux-arm-v7}: the folder name of a platform, as the Dockerfile spells it from the TARGET* args. */
    public static String folderName(Platform platform) {
        return platform.os() + "-" + platform.architecture() + platform.variant().map(v -> "-" + v).orElse("");
    }

    /** The platform a folder under {@code locks/} is for; empty for a name that is not {@code os-arch[-variant]}. */
    public static Optional<Platform> platformOfFolder(String name) {
        String[] parts = name.split("-");
        if (parts.length < 2 || parts.length > 3 || Stream.of(parts).anyMatch(String::isBlank)) {
            return Optional.empty();
        }
        return Optional.of(new Platform(parts[0], parts[1], parts.length == 3 ? Optional.of(parts[2]) : Optional.empty()));
    }

    /** The platforms that have a folder of their own under {@code locks/}, in name order; empty for a single-platform project. */
    public static List<Platform> platformsWithLocks(Path context) {
        Path locks = context.resolve(FOLDER);
        if (!Files.isDirectory(locks)) {
            return List.of();
        }
        try (Stream<Path> folders = Files.list(locks)) {
            return folders.filter(Files::isDirectory)
                    .map(f -> f.getFileName().toString())
                    .sorted()
                    .flatMap(n -> platformOfFolder(n).stream())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The folder of a platform's own pair, whether or not it exists. */
    public static Path folder(Path context, Platform platform) {
        return context.resolve(FOLDER).resolve(folderName(platform));
    }

    /** The pair the build of {@code platform} installs: its own folder's when it has one, else the root pair. */
    public static LockPair pairFor(Path context, Platform platform, Path rootConda, Path rootRequirements) {
        Path own = folder(context, platform);
        if (Files.isDirectory(own)) {
            return new LockPair(platform, own.resolve(rootConda.getFileName()), own.resolve(rootRequirements.getFileName()), true);
        }
        return new LockPair(platform, rootConda, rootRequirements, false);
    }
}
