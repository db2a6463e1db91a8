package org.siplims.core.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Files written so that a reader sees the old content or the new, never half of it: written beside
 * the target under a temporary name, then moved over it in one step (a rename, where the file
 * system can).
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes {@code content} to {@code file}, creating its folder; on failure the file is as it was and no temporary file is left. */
    public static void write(Path file, byte[] content) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        Path temp = Files.createTempFile(folder, "." + file.getFileName(), ".tmp");
        try {
            Files.write(temp, content);
            replace(temp, file);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** {@link #write(Path, byte[])} for text, in UTF-8. */
    public static void write(Path file, String content) throws IOException {
        write(file, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Moves {@code from} over {@code to}: in one step where the file system can, else as a plain move. */
    public static void replace(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
