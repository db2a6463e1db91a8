package org.siplims.launcher.paths;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Asks the file system about a path. An interface so the path rules can be tested for another
 * operating system's paths with a fake file system.
 */
public interface FolderProbe {
    enum Kind { MISSING, DIRECTORY, FILE, OTHER }

    Kind kind(String path);

    /** The path with every symbolic link resolved, when it exists. */
    Optional<String> realPath(String path);

    /** The file system of this machine. */
    static FolderProbe local() {
        return new FolderProbe() {
            @Override
            public Kind kind(String path) {
                try {
                    Path p = Path.of(path);
                    if (Files.isDirectory(p)) {
                        return Kind.DIRECTORY;
                    }
                    if (Files.isRegularFile(p)) {
                        return Kind.FILE;
                    }
                    return Files.exists(p, LinkOption.NOFOLLOW_LINKS) || Files.exists(p) ? Kind.OTHER : Kind.MISSING;
                } catch (RuntimeException e) {
                    // InvalidPathException: characters this file system cannot hold.
                    return Kind.MISSING;
                }
            }

            @Override
            public Optional<String> realPath(String path) {
                try {
                    return Optional.of(Path.of(path).toRealPath().toString());
                } catch (IOException | RuntimeException e) {
                    return Optional.empty();
                }
            }
        };
    }
}
