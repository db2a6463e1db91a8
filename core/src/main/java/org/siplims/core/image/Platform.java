package org.siplims.core.image;

import java.util.Locale;
import java.util.Optional;

/** An image platform, {@code os/architecture[/variant]}, with Docker's spellings normalised. */
public record Platform(String os, String architecture, Optional<String> variant) {
    public static final Platform LINUX_AMD64 = new Platform("linux", "amd64", Optional.empty());
    public static final Platform LINUX_ARM64 = new Platform("linux", "arm64", Optional.empty());

    public Platform {
        os = os.toLowerCase(Locale.ROOT);
        architecture = normaliseArchitecture(architecture);
        variant = variant.filter(v -> !v.isBlank());
        // arm64 images often say variant v8: it is the only one, so it carries no information.
        if (architecture.equals("arm64") && variant.equals(Optional.of("v8"))) {
            variant = Optional.empty();
        }
    }

    public Platform(String os, String architecture) {
        this(os, architecture, Optional.empty());
    }

    /** Parses {@code linux/arm64} or {@code linux/arm/v7}. */
    public static Platform parse(String text) {
        String[] parts = text == null ? new String[0] : text.trim().split("/");
        if (parts.length < 2 || parts.length > 3 || parts[0].isBlank() || parts[1].isBlank()) {
            throw new IllegalArgumentException("'" + text + "' is not a platform: write os/architecture, for example linux/arm64.");
        }
        return new Platform(parts[0], parts[1], parts.length == 3 ? Optional.of(parts[2]) : Optional.empty());
    }

    /** The platform of Linux containers on this machine's processor. */
    public static Platform ofThisMachine() {
        return new Platform("linux", System.getProperty("os.arch"));
    }

    static String normaliseArchitecture(String arch) {
        String a = arch.toLowerCase(Locale.ROOT);
        return switch (a) {
            case "x86_64", "x86-64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> a;
        };
    }

    /** True when an image for {@code other} runs natively here: same OS and architecture. */
    public boolean matches(Platform other) {
        return os.equals(other.os) && architecture.equals(other.architecture)
                && (variant.isEmpty() || other.variant.isEmpty() || variant.equals(other.variant));
    }

    @Override
    public String toString() {
        return os + "/" + architecture + variant.map(v -> "/" + v).orElse("");
    }
}
