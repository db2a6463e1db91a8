package org.siplims.core.testing;

import java.time.Duration;
import org.siplims.core.process.ProcessCommand;
import org.siplims.core.process.ProcessResult;
import org.siplims.core.process.ProcessRunner;

/** Runs a program of this machine (tar, ip, mount, ...) for a test fixture, and fails loudly with its output if it fails. */
public final class HostCommand {
    private static final ProcessRunner RUNNER = new ProcessRunner();
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private HostCommand() {
    }

    /** Runs {@code command} to its end, with only the safe base of the environment; throws with the output when the exit code is not 0. */
    public static void run(String... command) {
        try {
            ProcessResult r = RUNNER.run(ProcessCommand.of(command).inheritSafeBase().mergeStderr().timeout(TIMEOUT));
            if (!r.succeeded()) {
                throw new IllegalStateException(String.join(" ", command) + " failed (" + r + "): " + r.out() + r.startError());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
