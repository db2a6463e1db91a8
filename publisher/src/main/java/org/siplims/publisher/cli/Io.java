package org.siplims.publisher.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;

/**
 * The process's streams and environment, passed in rather than read from {@code System}, so the
 * integration tests can run the real command line in-process with their own.
 */
public record Io(InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
    public Io {
        env = Map.copyOf(env);
    }

    public static Io system() {
        return new Io(System.in, System.out, System.err, System.getenv());
    }
}
