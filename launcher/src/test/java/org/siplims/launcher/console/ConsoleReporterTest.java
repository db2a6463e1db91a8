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

    @Test
    void anOfferIsAnnouncedOnceWithTheTimeAndTheVersionsNeverABareDigest() {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        ConsoleReporter console = new ConsoleReporter(new PrintStream(bytes, true, StandardCharsets.UTF_8), false,
                Clock.fixed(java.time.Instant.parse("2026-05-01T10:15:30Z"), java.time.ZoneOffset.UTC));
        org.siplims.core.image.Digest d = org.siplims.core.image.Digest.of("two");
        org.siplims.launcher.status.UpdateOffer offer = new org.siplims.launcher.status.UpdateOffer(
                org.siplims.launcher.status.UpdateOffer.Kind.UPDATE, d, "1.5.0", "8e7d6c5b4a39281706f5", Optional.of(java.time.Instant.parse("2026-04-30T09:00:00Z")), "1.4.0");
        Status running = Status.initial(Optional.empty(), Optional.empty(), Optional.empty()).with(LauncherState.RUNNING, "Ready.")
                .withUpdate(new org.siplims.launcher.status.UpdateInfo(true, Optional.of(d), Optional.empty(), Optional.empty(), Optional.of(offer)));
        console.accept(running);
        console.accept(running.with(LauncherState.RUNNING, "Still ready."));
        String out = bytes.toString(StandardCharsets.UTF_8);
        String line = out.lines().filter(l -> l.contains("Update available")).findFirst().orElseThrow(() -> new AssertionError(out));
        org.junit.jupiter.api.Assertions.assertTrue(line.matches("\\d\\d:\\d\\d:\\d\\d .*Update available: 1\\.5\\.0 \\(released 2026-04-30, commit 8e7d6c5b4a39\\).*"), line);
        org.junit.jupiter.api.Assertions.assertFalse(line.contains("sha256"), line);
        org.junit.jupiter.api.Assertions.assertEquals(1, out.lines().filter(l -> l.contains("Update available")).count(), "announced once");
    }
}
