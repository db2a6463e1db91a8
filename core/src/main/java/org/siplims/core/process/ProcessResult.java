package org.siplims.core.process;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * How a child process ended and what it wrote.
 *
 * @param exitCode   the child's exit code; meaningless when it {@link #timedOut} or did not {@link #started}
 * @param stdout     what it wrote on standard output (empty when the output went elsewhere)
 * @param stderr     what it wrote on standard error (empty when merged into stdout or sent elsewhere)
 * @param outputCut  true when stdout or stderr was longer than the cap: their middle was dropped,
 *                   the head and the tail kept
 * @param timedOut   true when the time ran out and the child (with its descendants) was killed
 * @param started    false when the program could not be started at all (not installed, not executable)
 * @param startError why it could not be started, empty otherwise
 * @param duration   how long it ran
 */
public record ProcessResult(int exitCode, byte[] stdout, byte[] stderr, boolean outputCut, boolean timedOut,
                            boolean started, String startError, Duration duration) {

    static ProcessResult notStarted(String why) {
        return new ProcessResult(-1, new byte[0], new byte[0], false, false, false, why, Duration.ZERO);
    }

    /** Started, finished within its time and exited 0. */
    public boolean succeeded() {
        return started && !timedOut && exitCode == 0;
    }

    /** Standard output as UTF-8 text. */
    public String out() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    /** Standard error as UTF-8 text. */
    public String err() {
        return new String(stderr, StandardCharsets.UTF_8);
    }

    /** Summary for logs and test failures; never the output itself, which may hold secrets. */
    @Override
    public String toString() {
        return "ProcessResult[exitCode=" + exitCode + ", timedOut=" + timedOut + ", started=" + started
                + ", outputCut=" + outputCut + ", stdoutBytes=" + stdout.length + ", stderrBytes=" + stderr.length
                + ", duration=" + duration + "]";
    }
}
