package org.siplims.publisher.imagedefinition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The repository's root image definition (Dockerfile, lock files, app/, workflow), found from the
 * test's working directory, and a small Dockerfile reader for the tests of this package.
 */
final class ImageDefinitionFiles {
    private ImageDefinitionFiles() {
    }

    /** The repository root: the nearest folder upwards holding both the root pom and the Dockerfile. */
    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("Dockerfile")) && Files.isRegularFile(d.resolve("pom.xml"))
                    && Files.isDirectory(d.resolve("publisher"))) {
                return d;
            }
        }
        throw new IllegalStateException("No repository root with a Dockerfile above " + dir);
    }

    static String read(String relative) {
        try {
            return Files.readString(root().resolve(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One Dockerfile instruction: continuation lines joined, comments dropped. */
    record Instruction(int line, String keyword, String arguments) {
        boolean is(String word) {
            return keyword.equals(word);
        }

        /** Changes the image's file system (and so makes a layer users download). */
        boolean makesLayer() {
            return is("RUN") || is("COPY") || is("ADD");
        }
    }

    static List<Instruction> instructions(String dockerfile) {
        List<Instruction> result = new ArrayList<>();
        String[] lines = dockerfile.split("\\R", -1);
        StringBuilder current = null;
        int start = 0;
        for (int i = 0; i < lines.length; i++) {
            String trimmed = lines[i].trim();
            if (trimmed.startsWith("#")) {
                continue;
            }
            if (current == null) {
                if (trimmed.isEmpty()) {
                    continue;
                }
                current = new StringBuilder();
                start = i + 1;
            }
            String stripped = lines[i].stripTrailing();
            if (stripped.endsWith("\\")) {
                current.append(stripped, 0, stripped.length() - 1).append(' ');
                continue;
            }
            current.append(stripped);
            result.add(toInstruction(start, current.toString()));
            current = null;
        }
        if (current != null) {
            result.add(toInstruction(start, current.toString()));
        }
        return result;
    }

    private static Instruction toInstruction(int line, String text) {
        String trimmed = text.trim();
        String[] parts = trimmed.split("\\s+", 2);
        return new Instruction(line, parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1].replaceAll("\\s+", " ") : "");
    }
}
