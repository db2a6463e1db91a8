package org.siplims.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The launcher's command line names itself as users start it, and says its version (issue 16, finding 10). */
class LaunchCommandTest {
    @Test
    void usageNamesTheProgramAndVersionSaysVersionAndCommit() {
        CommandLine cli = LaunchCommand.commandLine(System.err, null);
        assertTrue(cli.getUsageMessage().startsWith("Usage: sip-lims-launcher"), cli.getUsageMessage());
        assertTrue(cli.getUsageMessage().contains("--install-updates-at-start"), "the update setting is listed");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        cli.printVersionHelp(new PrintStream(out, true, StandardCharsets.UTF_8));
        String version = out.toString(StandardCharsets.UTF_8);
        assertTrue(version.matches("sip-lims-launcher \\S+ \\(commit \\S+\\)\\R?"), version);
        assertFalse(version.contains("${"), "filled in by the build: " + version);
    }
}
