package org.siplims.launcher.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.siplims.launcher.testing.LauncherAuth;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start scripts: from any current folder, through a symbolic link, from a path with spaces,
 * arguments passed through (a relative --project is the user's, from where they started); the
 * macOS .command run for real (it is bash), the Windows .bat checked as far as this machine can
 * (there is no batch interpreter here: line endings and the command it runs); and the zip.
 */
class StartScriptsIT {
    @TempDir
    Path tmp;

    @Test
    void scriptsStartFromAnyFolderThroughALinkAndFromAPathWithSpaces() throws Exception {
        Path dist = tmp.resolve("Program Files/SIP LIMS launcher");
        Distribution.copy(Distribution.folder(), dist);
        Path work = Files.createDirectories(tmp.resolve("my work"));
        Files.createDirectories(work.resolve("Project 7"));
        Path links = Files.createDirectories(tmp.resolve("links"));
        Files.createSymbolicLink(links.resolve("sip-lims-launcher"), dist.resolve("bin/sip-lims-launcher"));

        Map<String, Path> starts = new HashMap<>();
        starts.put("bin script", dist.resolve("bin/sip-lims-launcher"));
        starts.put("symbolic link", links.resolve("sip-lims-launcher"));
        starts.put("macOS .command", dist.resolve("sip-lims-launcher.command"));
        for (var start : starts.entrySet()) {
            int port = Distribution.freePort();
            Path log = tmp.resolve(start.getKey().replace(' ', '-') + ".log");
            LauncherAuth.register(port, work.resolve("settings"));
            ProcessBuilder pb = new ProcessBuilder(start.getValue().toString(), "--project", "Project 7", "--status-port",
                    Integer.toString(port), "--no-browser", "--settings-dir", "settings", "--docker-host", "tcp://127.0.0.1:9")
                    .directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
            Distribution.asLabUser(pb.environment(), tmp);
            Process p = pb.start();
            try {
                JsonNode s = Distribution.awaitStatus(p, log, port, Duration.ofSeconds(30), st -> st.path("project").has("path"));
                assertEquals(work.resolve("Project 7").toString(), s.path("project").path("path").asText(),
                        start.getKey() + ": a relative folder is resolved from where the user started");
            } finally {
                Distribution.stop(p);
            }
            assertTrue(Files.isDirectory(work.resolve("settings")), start.getKey() + ": relative --settings-dir is the user's too");
        }
    }

    @Test
    void helpPassesThroughAndExitCodesComeBack() throws Exception {
        Path dist = Distribution.folder();
        ProcessBuilder pb = new ProcessBuilder(dist.resolve("bin/sip-lims-launcher").toString(), "--help").directory(Path.of("/").toFile());
        Distribution.asLabUser(pb.environment(), tmp);
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor());
        assertTrue(out.contains("--project"), out);
        Process bad = new ProcessBuilder(dist.resolve("bin/sip-lims-launcher").toString(), "--no-such-option").redirectErrorStream(true).start();
        bad.getInputStream().readAllBytes();
        assertEquals(2, bad.waitFor(), "picocli's usage error code comes back through the script");
    }

    @Test
    void shellScriptsPassBashSyntaxCheck() throws Exception {
        Path dist = Distribution.folder();
        for (String script : List.of("bin/sip-lims-launcher", "sip-lims-launcher.command")) {
            Process p = new ProcessBuilder("bash", "-n", dist.resolve(script).toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), script + ": " + out);
            assertTrue(Files.isExecutable(dist.resolve(script)), script + " is executable");
            assertFalse(Files.readString(dist.resolve(script)).contains("\r"), script + " has Unix line endings");
            assertFalse(Files.readString(dist.resolve(script)).contains("@BUILD_ID@"), script + ": the build filled in its id");
        }
    }

    @Test
    void windowsBatchFileHasCrlfLineEndingsAndRunsTheBundledJava() throws Exception {
        // No batch interpreter on this machine: check what can be checked without one.
        byte[] bytes = Files.readAllBytes(Distribution.folder().resolve("sip-lims-launcher.bat"));
        String text = new String(bytes, StandardCharsets.US_ASCII);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                assertTrue(i > 0 && bytes[i - 1] == '\r', "every line ends with CRLF (byte " + i + ")");
            }
            assertTrue(bytes[i] > 0 && bytes[i] < 128, "plain ASCII");
        }
        assertTrue(text.contains("\"%~dp0runtime\\bin\\java.exe\" \"-Dsiplims.launcher.cds=%CDS%\" @lib\\launcher.args %*"),
                "runs the bundled Java with every argument");
        assertTrue(text.contains("\"%~dp0runtime\\bin\\java.exe\" \"-XX:SharedArchiveFile=%CDS%\\app.jsa\" \"-Dsiplims.launcher.cds=%CDS%\" @lib\\launcher.args %*"),
                "with the start-up archive once it is made");
        assertTrue(text.contains("set \"CACHE=%LOCALAPPDATA%\\sip-lims-launcher\""), "in the user's local cache folder");
        assertTrue(text.matches("(?s).*set \"CDS=%CACHE%\\\\cds-[^@\r\n]+-\\d{8}-\\d{6}\"\r\n.*"), "named after this build");
        for (String label : List.of("first", "done")) {
            assertTrue(text.contains("goto " + label + "\r\n") && text.contains("\r\n:" + label + "\r\n"), "label " + label);
        }
        assertTrue(text.contains("set \"SIPLIMS_LAUNCHER_CWD=%CD%\""), "passes the user's folder on");
        assertTrue(text.contains("cd /d \"%~dp0\""), "starts Java from its own folder");
    }

    @Test
    void zipHoldsTheFolderWithExecutableScriptsAndRuntime() throws Exception {
        Path dist = Distribution.folder();
        List<String> expected = new ArrayList<>();
        try (var walk = Files.walk(dist)) {
            walk.filter(Files::isRegularFile).forEach(f -> expected.add("sip-lims-launcher/" + dist.relativize(f).toString().replace('\\', '/')));
        }
        try (ZipFile zip = ZipFile.builder().setPath(Distribution.zip()).get()) {
            Map<String, ZipArchiveEntry> entries = new HashMap<>();
            for (ZipArchiveEntry e : Collections.list(zip.getEntries())) {
                entries.put(e.getName(), e);
            }
            for (String name : expected) {
                assertTrue(entries.containsKey(name), "the zip holds " + name);
            }
            for (String exe : List.of("sip-lims-launcher/bin/sip-lims-launcher", "sip-lims-launcher/sip-lims-launcher.command",
                    "sip-lims-launcher/runtime/bin/java", "sip-lims-launcher/runtime/lib/jspawnhelper")) {
                assertEquals(0755, entries.get(exe).getUnixMode() & 0777, exe + " is executable when unzipped");
            }
            assertEquals(0644, entries.get("sip-lims-launcher/lib/launcher.args").getUnixMode() & 0777);
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dist.resolve("runtime/bin/java"));
        assertTrue(perms.contains(PosixFilePermission.OTHERS_EXECUTE));
    }
}
