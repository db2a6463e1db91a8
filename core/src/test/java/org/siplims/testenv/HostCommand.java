package org.siplims.testenv;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Runs a program of this machine (tar, ip, mount, ...) for a test fixture, and fails loudly with its output if it fails. */
public final class HostCommand {
    private HostCommand() {
    }

    /** Runs {@code command} to its end (its output is read until it closes); throws with the output when the exit code is not 0. */
    public static void run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
