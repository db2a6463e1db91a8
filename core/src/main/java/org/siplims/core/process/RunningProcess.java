package org.siplims.core.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A child started by {@link ProcessRunner#start}: wait for it, or stop it. */
public final class RunningProcess {
    /**
     * After the child ends, how long its output readers may take to finish. A descendant that
     * outlives the child (a browser started by {@code xdg-open}) may hold the pipe open for ever.
     */
    private static final long READERS_GRACE_MILLIS = 5_000;

    private final Process process;
    private final ProcessCommand command;
    private final long startedNanos = System.nanoTime();
    private final BoundedCapture out;
    private final BoundedCapture err;
    private final Thread outReader;
    private final Thread errReader;

    RunningProcess(Process process, ProcessCommand command) {
        this.process = process;
        this.command = command;
        feedStdin(command.stdin());
        boolean capturesOut = command.output() == ProcessCommand.Output.CAPTURE || command.output() == ProcessCommand.Output.CAPTURE_MERGED;
        boolean capturesErr = command.output() == ProcessCommand.Output.CAPTURE;
        out = new BoundedCapture(command.outputCap());
        err = new BoundedCapture(command.outputCap());
        outReader = capturesOut ? reader(lines(process.getInputStream(), command), out, "stdout") : null;
        errReader = capturesErr ? reader(process.getErrorStream(), err, "stderr") : null;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits for the child to end, at most the command's timeout; when that runs out, kills it and
     * its descendants and says so in the result.
     *
     * @throws InterruptedException when this thread is interrupted; the child and its descendants are killed first
     */
    public ProcessResult await() throws InterruptedException {
        boolean timedOut;
        try {
            timedOut = !process.waitFor(command.timeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            kill();
            throw e;
        }
        if (timedOut) {
            kill();
            process.waitFor(READERS_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        }
        joinReaders();
        Duration took = Duration.ofNanos(System.nanoTime() - startedNanos);
        int exitCode = process.isAlive() ? -1 : process.exitValue();
        return new ProcessResult(exitCode, out.bytes(), err.bytes(), out.cut() || err.cut(), timedOut, true, "", took);
    }

    /**
     * Asks the child to end (SIGTERM on Unix, so it can tidy up), waits up to {@code grace}, then
     * kills it and whatever of its descendants is left.
     */
    public void stop(Duration grace) throws InterruptedException {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(grace.toNanos(), TimeUnit.NANOSECONDS)) {
            process.destroyForcibly();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        process.waitFor(READERS_GRACE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Kills the child and its descendants at once. */
    public void kill() {
        // The descendants first, while they are still known as such: once the child is gone they are re-parented.
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
    }

    private void joinReaders() throws InterruptedException {
        long deadline = System.currentTimeMillis() + READERS_GRACE_MILLIS;
        for (Thread t : new Thread[] {outReader, errReader}) {
            if (t != null) {
                t.join(Math.max(1, deadline - System.currentTimeMillis()));
            }
        }
    }

    private void feedStdin(InputStream input) {
        if (input == null) {
            closeQuietly(process.getOutputStream());
            return;
        }
        Thread feeder = new Thread(() -> {
            try (OutputStream stdin = process.getOutputStream()) {
                input.transferTo(stdin);
            } catch (IOException ignored) {
                // the child may close stdin early; its exit code tells what happened
            }
        }, "process-stdin-" + process.pid());
        feeder.setDaemon(true);
        feeder.start();
    }

    private Thread reader(InputStream stream, BoundedCapture capture, String name) {
        Thread t = new Thread(() -> {
            try (stream) {
                capture.readAll(stream);
            } catch (IOException ignored) {
                // the stream ends when the child does; what was read is kept
            }
        }, "process-" + name + "-" + process.pid());
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** The stream, with each complete line also handed to the command's line listener, if it has one. */
    private static InputStream lines(InputStream stream, ProcessCommand command) {
        return command.lineListener() == null ? stream : new LineTee(stream, command.lineListener());
    }

    private static void closeQuietly(OutputStream stream) {
        try {
            stream.close();
        } catch (IOException ignored) {
            // nothing to tell the child
        }
    }
}
