package org.siplims.launcher.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.siplims.launcher.status.LauncherState;
import org.siplims.launcher.status.PullProgress;
import org.siplims.launcher.status.Status;

class ConsoleReporterTest {
    @Test
    void progressBarShowsPercentAndBytes() {
        assertEquals("[###############---------------]  50%  500.0 MB of 1.0 GB", ProgressBar.render(new PullProgress(500_000_000, 1_000_000_000)));
        assertEquals("999 B", ProgressBar.bytes(999));
        assertEquals("1.3 GB", ProgressBar.bytes(1_300_000_000));
    }

    @Test
    void stateChangesArePrintedOnceAndProgressEveryTenthWithoutATerminal() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConsoleReporter console = new ConsoleReporter(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, Clock.systemUTC());
        Status pulling = Status.initial(Optional.empty(), Optional.empty(), Optional.empty()).with(LauncherState.PULLING, "Downloading 1.0…");
        console.accept(pulling.withPull(Optional.of(new PullProgress(0, 1000))));
        console.accept(pulling.withPull(Optional.of(new PullProgress(10, 1000))));
        console.accept(pulling.withPull(Optional.of(new PullProgress(550, 1000))));
        console.accept(pulling.with(LauncherState.ERROR, "It failed.\nline one\nline two"));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(1, out.split("Downloading 1.0", -1).length - 1, out);
        assertEquals(2, out.lines().filter(l -> l.contains("%  ")).count(), "0% and 55%; 1% is in the same tenth as 0%: " + out);
        assertTrue(out.contains(" 55%"), out);
        assertTrue(out.contains("ERROR") && out.contains("            line two"), out);
    }
}
