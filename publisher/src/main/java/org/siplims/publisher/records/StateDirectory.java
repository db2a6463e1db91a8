package org.siplims.publisher.records;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.siplims.core.docker.ImageId;
import org.siplims.core.files.AtomicFiles;
import org.siplims.core.image.Digest;
import org.siplims.publisher.failure.ExitCode;
import org.siplims.publisher.failure.PublisherFailure;

/**
 * Where the publisher remembers things between commands: which image the last build of a context
 * produced, and which images passed their tests. It lives in the user's cache folder, not in the
 * build context, where it would make the Git working tree dirty and end up in the image.
 * {@code SIPLIMS_PUBLISHER_STATE} (or the hidden {@code --state-dir}) moves it.
 */
public final class StateDirectory {
    private final Path root;

    public StateDirectory(Path root) {
        this.root = root;
    }

    /** The default place on this machine: XDG cache on Linux, ~/Library/Caches on macOS, %LOCALAPPDATA% on Windows. */
    public static StateDirectory defaultFor(Map<String, String> env) {
        String override = env.get("SIPLIMS_PUBLISHER_STATE");
        if (override != null && !override.isBlank()) {
            return new StateDirectory(Path.of(override));
        }
        Path home = Path.of(System.getProperty("user.home"));
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        Path cache;
        if (os.startsWith("mac")) {
            cache = home.resolve("Library/Caches");
        } else if (os.startsWith("windows") && env.get("LOCALAPPDATA") != null) {
            cache = Path.of(env.get("LOCALAPPDATA"));
        } else {
            String xdg = env.get("XDG_CACHE_HOME");
            cache = xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".cache");
        }
        return new StateDirectory(cache.resolve("sip-lims-publisher"));
    }

    public Path root() {
        return root;
    }

    /** The file recording that this image passed its tests. */
    Path testRecord(ImageId imageId) {
        return root.resolve("tested").resolve(imageId.hex() + ".json");
    }

    /** The file recording the last build of this context folder. */
    Path lastBuild(Path context) {
        String key = Digest.of(context.toAbsolutePath().normalize().toString()).hex().substring(0, 16);
        return root.resolve("builds").resolve(key + ".json");
    }

    /** Writes a file so that readers see the old content or the new, never half of it. */
    static void writeAtomically(Path file, String content) {
        try {
            AtomicFiles.write(file, content);
        } catch (IOException e) {
            throw new PublisherFailure(ExitCode.USAGE, "Cannot write " + file + ": " + e.getMessage() + ".",
                    "Check that the folder is writable, or set SIPLIMS_PUBLISHER_STATE to a folder that is.", e);
        }
    }
}
