package org.siplims.core.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path tmp;

    @Test
    void writesAndReplacesCreatingTheFolder() throws IOException {
        Path file = tmp.resolve("a/b/settings.json");
        AtomicFiles.write(file, "one");
        assertEquals("one", Files.readString(file));
        AtomicFiles.write(file, "two");
        assertEquals("two", Files.readString(file));
        assertEquals(1, count(file.getParent()), "no temporary file left beside it");
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporaryOne() throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("f"));
        Path target = Files.createDirectories(folder.resolve("target")); // a non-empty folder cannot be replaced by a file
        Files.writeString(target.resolve("inside"), "x");
        assertThrows(IOException.class, () -> AtomicFiles.write(target, "new"));
        assertTrue(Files.isDirectory(target), "unchanged");
        assertEquals(1, count(folder), "no temporary file left: " + folder);
    }

    private static long count(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.count();
        }
    }
}
