package org.siplims.publisher.preflight;

import java.util.Objects;

/**
 * One thing preflight found wrong: where ({@code Dockerfile:3}, {@code conda-lock.txt},
 * {@code git}), what is wrong, and what to do about it. Preflight collects all of them so the
 * maintainer fixes everything in one round.
 */
public record Problem(String where, String what, String fix) {
    public Problem {
        Objects.requireNonNull(where);
        Objects.requireNonNull(what);
        fix = fix == null ? "" : fix;
    }

    /** A problem on a numbered line of a file, {@code file:line}. */
    public static Problem atLine(String file, int line, String what, String fix) {
        return new Problem(file + ":" + line, what, fix);
    }

    /** Two lines for a person: the problem, then the fix indented under it. */
    public String describe() {
        return where + ": " + what + (fix.isEmpty() ? "" : System.lineSeparator() + "    fix: " + fix);
    }
}
