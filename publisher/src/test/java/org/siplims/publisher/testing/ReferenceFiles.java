package org.siplims.publisher.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real lock files from the workflow manager's repository, kept outside the project at
 * {@code ../shared/reference/} relative to the project root. The root is found by walking up from
 * the working directory (Maven runs tests in the module folder) to the folder holding {@code .git}
 * or the parent pom, so the tests work from any module and from the IDE.
 */
public final class ReferenceFiles {
    private ReferenceFiles() {
    }

    public static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve(".git")) || isParentPom(d.resolve("pom.xml"))) {
                return d;
            }
        }
        throw new IllegalStateException("No project root (a folder with .git or the parent pom) above " + dir);
    }

    public static Path upstreamLockFile(String name) {
        Path file = projectRoot().resolveSibling("shared").resolve("reference/upstream-lock-files").resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("The reference lock file " + file + " is missing: the tests need ../shared/reference next to the project.");
        }
        return file;
    }

    private static boolean isParentPom(Path pom) {
        try {
            return Files.isRegularFile(pom) && Files.readString(pom).contains("<artifactId>sip-lims-parent</artifactId>")
                    && Files.readString(pom).contains("<modules>");
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
