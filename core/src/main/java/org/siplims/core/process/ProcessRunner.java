package org.siplims.core.process;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one way this project starts a child process. Every child gets an environment made only of
 * what its {@link ProcessCommand} lists (never this JVM's whole environment, which may hold the
 * signing key's passphrase or a registry password), has a timeout after which it is killed with
 * its descendants, and has its output captured up to a cap, read on its own threads so a full pipe
 * never blocks it.
 *
 * <p>The parent environment the inherited variables come from is given to the constructor, so
 * tests can show what a child sees when the parent holds a secret.
 */
public final class ProcessRunner {
    /** 1 MiB of each of stdout and stderr is kept unless a command says otherwise. */
    public static final int DEFAULT_OUTPUT_CAP = 1 << 20;

    /**
     * What almost any program needs to run, and nothing secret: the search path, the home folder,
     * language and temporary folder, and on Windows the variables without which the system's own
     * libraries fail (SYSTEMROOT, WINDIR, ...) or a program cannot find the user's folders.
     */
    public static final List<String> SAFE_BASE = List.of(
            "PATH", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "LC_CTYPE", "TMPDIR", "TZ",
            // Windows
            "SYSTEMROOT", "SYSTEMDRIVE", "WINDIR", "COMSPEC", "PATHEXT", "TEMP", "TMP",
            "USERPROFILE", "HOMEDRIVE", "HOMEPATH", "APPDATA", "LOCALAPPDATA", "PROGRAMDATA", "USERNAME");

    private final Map<String, String> parentEnvironment;

    /** A runner whose inherited variables come from this JVM's environment. */
    public ProcessRunner() {
        this(System.getenv());
    }

    /** A runner whose inherited variables come from {@code parentEnvironment} (for tests: a parent holding a secret). */
    public ProcessRunner(Map<String, String> parentEnvironment) {
        this.parentEnvironment = Map.copyOf(parentEnvironment);
    }

    /**
     * Runs the command to its end or its timeout. A program that cannot be started gives a result
     * with {@code started() == false} rather than an exception.
     *
     * @throws InterruptedException when this thread is interrupted; the child and its descendants are killed first
     */
    public ProcessResult run(ProcessCommand command) throws InterruptedException {
        RunningProcess running;
        try {
            running = start(command);
        } catch (IOException e) {
            return ProcessResult.notStarted(String.valueOf(e.getMessage()));
        }
        return running.await();
    }

    /**
     * Starts the command and returns at once; {@link RunningProcess#await} waits for it (and
     * applies the timeout), {@link RunningProcess#stop} ends it.
     *
     * @throws IOException when the program cannot be started
     */
    public RunningProcess start(ProcessCommand command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command.command());
        if (command.directory() != null) {
            builder.directory(command.directory().toFile());
        }
        Map<String, String> childEnv = builder.environment();
        childEnv.clear();
        childEnv.putAll(environmentFor(command));
        switch (command.output()) {
            case CAPTURE -> { }
            case CAPTURE_MERGED -> builder.redirectErrorStream(true);
            case APPEND_TO_FILE -> builder.redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(command.outputFile().toFile()));
            case DISCARD -> builder.redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
        }
        return new RunningProcess(builder.start(), command);
    }

    /** Exactly the environment the child of this command gets. */
    Map<String, String> environmentFor(ProcessCommand command) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : command.inherited()) {
            String value = parentValue(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        env.putAll(command.env());
        return env;
    }

    /** Windows spells variable names in any case (Path, PATH): look them up as it does. */
    private String parentValue(String name) {
        String value = parentEnvironment.get(name);
        if (value != null || !isWindows()) {
            return value;
        }
        for (Map.Entry<String, String> e : parentEnvironment.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    }
}
