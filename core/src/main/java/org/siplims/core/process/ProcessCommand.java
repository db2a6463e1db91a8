package org.siplims.core.process;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What to run and how: the command line, its folder, its environment, its input, its time and
 * where its output goes. The environment starts empty: the child sees only the variables set with
 * {@link #env} and those named in {@link #inherit} (taken from the runner's parent environment), so
 * a secret held in an environment variable of this JVM never reaches a child by accident.
 */
public final class ProcessCommand {
    /** Without a timeout of its own, a child is killed after this long, so nothing waits forever by accident. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    /** Where the child's output goes. */
    enum Output { CAPTURE, CAPTURE_MERGED, APPEND_TO_FILE, DISCARD }

    private final List<String> command;
    private Path directory;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final Set<String> inherited = new LinkedHashSet<>();
    private InputStream stdin;
    private Duration timeout = DEFAULT_TIMEOUT;
    private int outputCap = ProcessRunner.DEFAULT_OUTPUT_CAP;
    private Output output = Output.CAPTURE;
    private Path outputFile;
    private Consumer<String> lineListener;

    private ProcessCommand(List<String> command) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("a command needs at least the program");
        }
        this.command = List.copyOf(command);
    }

    public static ProcessCommand of(String... command) {
        return new ProcessCommand(List.of(command));
    }

    public static ProcessCommand of(List<String> command) {
        return new ProcessCommand(command);
    }

    /** The child's working folder; without one, the JVM's. */
    public ProcessCommand directory(Path folder) {
        this.directory = folder;
        return this;
    }

    /** Sets one variable of the child's environment. */
    public ProcessCommand env(String name, String value) {
        env.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
        return this;
    }

    /** Sets these variables of the child's environment. */
    public ProcessCommand env(Map<String, String> variables) {
        variables.forEach(this::env);
        return this;
    }

    /** Passes these variables on from the parent environment, where they are set there. */
    public ProcessCommand inherit(Collection<String> names) {
        inherited.addAll(names);
        return this;
    }

    public ProcessCommand inherit(String... names) {
        return inherit(List.of(names));
    }

    /** Passes on {@link ProcessRunner#SAFE_BASE}: what almost any program needs to run, and nothing secret. */
    public ProcessCommand inheritSafeBase() {
        return inherit(ProcessRunner.SAFE_BASE);
    }

    /** What the child reads on stdin; without it, stdin is closed at once. */
    public ProcessCommand stdin(byte[] input) {
        this.stdin = new ByteArrayInputStream(input.clone());
        return this;
    }

    /** What the child reads on stdin, copied on a thread of its own; the caller closes the stream. */
    public ProcessCommand stdin(InputStream input) {
        this.stdin = input;
        return this;
    }

    /** How long {@link RunningProcess#await} waits before killing the child and its descendants. */
    public ProcessCommand timeout(Duration limit) {
        this.timeout = Objects.requireNonNull(limit);
        return this;
    }

    /** The most bytes kept of each captured stream (head and tail); the rest is read and dropped. */
    public ProcessCommand outputCap(int bytes) {
        if (bytes < 2) {
            throw new IllegalArgumentException("the output cap must be at least 2 bytes");
        }
        this.outputCap = bytes;
        return this;
    }

    /** Captures stderr together with stdout, in the order written, as {@link ProcessResult#stdout}. */
    public ProcessCommand mergeStderr() {
        this.output = Output.CAPTURE_MERGED;
        return this;
    }

    /** Appends stdout and stderr to this file (for a long-running child's log); nothing is captured. */
    public ProcessCommand appendOutputTo(Path file) {
        this.output = Output.APPEND_TO_FILE;
        this.outputFile = Objects.requireNonNull(file);
        return this;
    }

    /**
     * Also hands each line of the captured output (stdout, or both with {@link #mergeStderr}) to
     * {@code listener} as it arrives, on the reading thread, for a long child whose progress a
     * person watches. The captured result is the same.
     */
    public ProcessCommand onOutputLine(Consumer<String> listener) {
        this.lineListener = Objects.requireNonNull(listener);
        return this;
    }

    /** Throws stdout and stderr away. */
    public ProcessCommand discardOutput() {
        this.output = Output.DISCARD;
        return this;
    }

    List<String> command() {
        return command;
    }

    Path directory() {
        return directory;
    }

    Map<String, String> env() {
        return env;
    }

    Set<String> inherited() {
        return inherited;
    }

    InputStream stdin() {
        return stdin;
    }

    Duration timeout() {
        return timeout;
    }

    int outputCap() {
        return outputCap;
    }

    Output output() {
        return output;
    }

    Path outputFile() {
        return outputFile;
    }

    Consumer<String> lineListener() {
        return lineListener;
    }

    /** The command line, for messages; never the environment, which may hold secrets. */
    @Override
    public String toString() {
        return String.join(" ", new ArrayList<>(command));
    }
}
