package org.siplims.publisher.preflight;

import java.util.Map;
import java.util.Optional;
import org.siplims.core.image.Platform;

/**
 * Conda's name for a platform (its "subdir": {@code linux-aarch64}, {@code linux-64},
 * {@code osx-arm64}) and the Docker platform an image of it runs on. Only Linux subdirs belong in
 * an image: a lock made on the Mac itself ({@code osx-arm64}) cannot be installed in one.
 */
public record CondaSubdir(String name) {
    private static final Map<String, Platform> LINUX = Map.of(
            "linux-64", Platform.LINUX_AMD64,
            "linux-aarch64", Platform.LINUX_ARM64,
            "linux-ppc64le", new Platform("linux", "ppc64le"),
            "linux-s390x", new Platform("linux", "s390x"),
            "linux-armv7l", Platform.parse("linux/arm/v7"),
            "linux-32", new Platform("linux", "386"));

    /** The Docker platform this subdir's packages run on; empty for macOS, Windows and noarch. */
    public Optional<Platform> dockerPlatform() {
        return Optional.ofNullable(LINUX.get(name));
    }

    /** The subdir whose packages run on this Docker platform, if conda has one. */
    public static Optional<CondaSubdir> forPlatform(Platform platform) {
        return LINUX.entrySet().stream()
                .filter(e -> e.getValue().matches(platform))
                .map(e -> new CondaSubdir(e.getKey()))
                .findFirst();
    }

    public boolean isNoarch() {
        return name.equals("noarch");
    }

    /** A few words for a person: {@code linux-aarch64 (linux/arm64)} or {@code osx-arm64 (macOS)}. */
    public String describe() {
        return dockerPlatform().map(p -> name + " (" + p + ")")
                .orElse(name.startsWith("osx-") ? name + " (macOS)" : name.startsWith("win-") ? name + " (Windows)" : name);
    }

    @Override
    public String toString() {
        return name;
    }
}
