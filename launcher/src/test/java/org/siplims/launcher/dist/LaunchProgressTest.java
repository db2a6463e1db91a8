package org.siplims.launcher.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the first {@code scripts/launch} shows while Maven builds (issue 16, finding 9): the real
 * {@code scripts/lib/progress.sh}, run by bash on Maven's own output, prints one line per module
 * with its elapsed time, keeps the whole output in a log, lets no escape code through, and fails
 * when Maven failed.
 */
class LaunchProgressTest {
    private static final Path ROOT = Path.of(System.getProperty("basedir", "")).toAbsolutePath().getParent();
    private static final String ESC = "\u001b";

    /** Lines as Maven 3.8 prints them with -B, with the colour codes a terminal may still get. */
    private static final String BUILD = String.join("\n",
            "[INFO] Scanning for projects...",
            "[INFO] Building SIP LIMS release and launch 1.0.0-SNAPSHOT                [1/3]",
            "[INFO] --------------------------------[ pom ]---------------------------------",
            "[INFO] Building core 1.0.0-SNAPSHOT                                       [2/3]",
            "[INFO] Building jar: /work/core/target/core-1.0.0-SNAPSHOT.jar",
            ESC + "[1m[INFO] Building launcher 1.0.0-SNAPSHOT                                   [3/3]" + ESC + "[m",
            "[INFO] Building zip: /work/launcher/target/launcher.zip",
            "[INFO] ------------------------------------------------------------------------",
            "[INFO] BUILD SUCCESS",
            ESC + "[0m" + ESC + "[0m", "");

    @TempDir
    Path tmp;

    @Test
    void showsOneLinePerModuleWithItsTimeAndNoEscapeCodes() throws Exception {
        Run run = run(BUILD);
        assertEquals(0, run.exit, run.stderr);
        List<String> lines = run.stderr.lines().toList();
        assertEquals(3, lines.size(), run.stderr);
        for (int i = 0; i < 3; i++) {
            assertTrue(lines.get(i).matches("launch: .+ built \\(" + (i + 1) + " of 3, \\d+ s\\)"), lines.get(i));
        }
        assertTrue(lines.get(1).contains("core") && lines.get(2).contains("launcher"), run.stderr);
        assertFalse(run.stderr.contains(ESC), "no escape code on the terminal");
        String log = Files.readString(tmp.resolve("build.log"));
        assertTrue(log.contains("[INFO] BUILD SUCCESS") && log.contains("Building zip"), "the whole output is kept");
        assertFalse(log.contains(ESC), "no escape code in the log");
    }

    @Test
    void failsWhenMavenFailed() throws Exception {
        Run run = run(BUILD.replace("[INFO] BUILD SUCCESS", "[INFO] BUILD FAILURE"));
        assertNotEquals(0, run.exit, "a failed build is not reported as built");
        assertFalse(run.stderr.contains("launcher built"), run.stderr);
    }

    private record Run(int exit, String stderr) {}

    private Run run(String mavenOutput) throws Exception {
        Path input = Files.writeString(tmp.resolve("maven.out"), mavenOutput);
        Path err = tmp.resolve("stderr");
        Process p = new ProcessBuilder("bash", "-c", ". \"$1\" && maven_progress launch \"$2\"", "progress",
                ROOT.resolve("scripts/lib/progress.sh").toString(), tmp.resolve("build.log").toString())
                .redirectInput(input.toFile()).redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "progress.sh finished");
        return new Run(p.exitValue(), Files.readString(err, StandardCharsets.UTF_8));
    }
}
