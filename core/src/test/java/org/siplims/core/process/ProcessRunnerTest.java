package org.siplims.core.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner with real child processes (sh, env, sleep) of this machine. */
class ProcessRunnerTest {
    private static final Map<String, String> PARENT = Map.of(
            "PATH", "/usr/local/bin:/usr/bin:/bin",
            "HOME", "/home/someone",
            "PUBLISHER_KEY_PASSWORD", "parent-secret-1",
            "REGISTRY_PASSWORD", "parent-secret-2");

    @TempDir
    Path tmp;

    private final ProcessRunner runner = new ProcessRunner(PARENT);

    /** The names of the variables the child of {@code command} saw. */
    private Set<String> childVariables(ProcessCommand command) throws InterruptedException {
        ProcessResult r = runner.run(command);
        assertTrue(r.succeeded(), r.toString());
        return r.out().lines().filter(l -> l.contains("=")).map(l -> l.substring(0, l.indexOf('=')))
                .collect(Collectors.toSet());
    }

    @Test
    void childSeesOnlyTheVariablesItWasGiven() throws InterruptedException {
        Set<String> names = childVariables(ProcessCommand.of("/usr/bin/env").env("X", "1"));
        // sh-less env prints exactly its environment; nothing of the parent's
        assertEquals(Set.of("X"), names);
    }

    @Test
    void inheritedVariablesComeFromTheGivenParentOnlyByName() throws InterruptedException {
        Set<String> names = childVariables(ProcessCommand.of("/usr/bin/env").inheritSafeBase().inherit("NOT_SET_ANYWHERE"));
        assertEquals(Set.of("PATH", "HOME"), names);
    }

    @Test
    void aSecretOfTheParentNeverReachesTheChild() throws InterruptedException {
        ProcessResult r = runner.run(ProcessCommand.of("/bin/sh", "-c", "echo \"[$PUBLISHER_KEY_PASSWORD][$REGISTRY_PASSWORD][$X]\"")
                .inheritSafeBase().env("X", "given"));
        assertEquals("[][][given]", r.out().trim());
    }

    @Test
    void timeoutKillsTheChildAndItsDescendants() throws Exception {
        Path pidFile = tmp.resolve("grandchild.pid");
        // The grandchild writes its pid and sleeps; the child waits for it.
        ProcessResult r = runner.run(ProcessCommand.of("/bin/sh", "-c", "sleep 60 & echo $! > " + pidFile + "; wait")
                .inheritSafeBase().timeout(Duration.ofMillis(800)));
        assertTrue(r.timedOut());
        assertFalse(r.succeeded());
        assertTrue(r.duration().compareTo(Duration.ofSeconds(30)) < 0, r.toString());
        long grandchild = Long.parseLong(Files.readString(pidFile).trim());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (ProcessHandle.of(grandchild).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertFalse(ProcessHandle.of(grandchild).map(ProcessHandle::isAlive).orElse(false), "the grandchild is still alive");
    }

    @Test
    void outputBeyondTheCapIsCutKeepingHeadAndTailWithoutBlocking() throws InterruptedException {
        // 4 MiB on each stream, far more than a pipe holds: the child must never block.
        ProcessResult r = runner.run(ProcessCommand.of("/bin/sh", "-c",
                        "printf HEAD; head -c 4194304 /dev/zero | tr '\\0' x; printf TAIL; "
                                + "head -c 4194304 /dev/zero | tr '\\0' y >&2")
                .inheritSafeBase().outputCap(1000).timeout(Duration.ofSeconds(60)));
        assertTrue(r.succeeded(), r.toString());
        assertTrue(r.outputCut());
        assertEquals(1000, r.stdout().length);
        assertTrue(r.out().startsWith("HEAD"));
        assertTrue(r.out().endsWith("TAIL"));
        assertEquals(1000, r.stderr().length);
    }

    @Test
    void shortOutputIsKeptWholeAndNotMarkedCut() throws InterruptedException {
        ProcessResult r = runner.run(ProcessCommand.of("/bin/sh", "-c", "printf 'a\\nb'; printf e >&2").inheritSafeBase());
        assertEquals("a\nb", r.out());
        assertEquals("e", r.err());
        assertFalse(r.outputCut());
    }

    @Test
    void stdinWorkingFolderAndExitCode() throws Exception {
        Files.writeString(tmp.resolve("here.txt"), "");
        ProcessResult r = runner.run(ProcessCommand.of("/bin/sh", "-c", "cat; ls; exit 3").inheritSafeBase()
                .directory(tmp).stdin("from stdin\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(3, r.exitCode());
        assertEquals(java.util.List.of("from stdin", "here.txt"), r.out().lines().toList());
    }

    @Test
    void mergedAndFileOutput() throws Exception {
        ProcessResult merged = runner.run(ProcessCommand.of("/bin/sh", "-c", "echo out; echo err >&2").inheritSafeBase().mergeStderr());
        assertEquals(Set.of("out", "err"), Set.copyOf(merged.out().lines().toList()));
        assertEquals(0, merged.stderr().length);

        Path log = tmp.resolve("log.txt");
        Files.writeString(log, "before\n");
        runner.run(ProcessCommand.of("/bin/sh", "-c", "echo out; echo err >&2").inheritSafeBase().appendOutputTo(log));
        assertEquals("before", Files.readAllLines(log).get(0));
        assertEquals(Set.of("before", "out", "err"), Set.copyOf(Files.readAllLines(log)));
    }

    @Test
    void aMissingProgramIsAResultNotAnException() throws InterruptedException {
        ProcessResult r = runner.run(ProcessCommand.of("/no/such/program"));
        assertFalse(r.started());
        assertFalse(r.succeeded());
        assertFalse(r.startError().isEmpty());
    }

    @Test
    void stopEndsABackgroundChild() throws Exception {
        RunningProcess p = runner.start(ProcessCommand.of("/bin/sleep", "60").discardOutput());
        assertTrue(p.isAlive());
        p.stop(Duration.ofSeconds(5));
        assertFalse(p.isAlive());
    }

    @Test
    void resultDescriptionHoldsNoOutput() throws InterruptedException {
        ProcessResult r = runner.run(ProcessCommand.of("/bin/sh", "-c", "echo hunter2").inheritSafeBase());
        assertFalse(r.toString().contains("hunter2"));
        assertFalse(Arrays.toString(new Object[] {r}).contains("hunter2"));
    }

    @Test
    void eachOutputLineReachesTheListenerAsItComesAndTheResultStillHoldsItAll() throws InterruptedException {
        java.util.List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        ProcessResult r = runner.run(ProcessCommand.of("sh", "-c", "echo one; echo two >&2; printf 'three\\r\\nlast without end'")
                .inheritSafeBase().mergeStderr().onOutputLine(lines::add));
        assertTrue(r.succeeded(), r.toString());
        assertEquals(java.util.List.of("one", "two", "three", "last without end"), lines);
        assertEquals("one\ntwo\nthree\r\nlast without end", r.out());
    }
}
