package org.siplims.publisher.imagedefinition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image's entrypoint (image/entrypoint.sh), run with bash on this machine against stand-ins
 * for conda and streamlit: --version, the Streamlit command line, commands passed through, the
 * environment activated, and a writable HOME for a container run as the host's user.
 */
class ImageEntrypointTest {
    private static final Path BASH = Path.of("/bin/bash");

    @TempDir
    Path tmp;
    Path bin;

    @BeforeEach
    void standIns() throws IOException {
        assertTrue(Files.isExecutable(BASH), "needs /bin/bash");
        bin = Files.createDirectories(tmp.resolve("bin"));
        // A streamlit that prints how it was called, one argument a line.
        script(bin.resolve("streamlit"), "#!/bin/bash\necho \"HOME=$HOME\"\nfor a in \"$@\"; do echo \"arg:$a\"; done\n");
    }

    @Test
    void versionPrintsVersionCommitAndBuildDate() throws Exception {
        Result r = run(Map.of("APP_VERSION", "1.4.0", "COMMIT_SHA", "0123456789abcdef0123456789abcdef01234567",
                "BUILD_DATE", "2026-03-01T10:00:00Z"), "--version");
        assertEquals(0, r.exit, r.output);
        assertEquals(List.of("SIP LIMS Workflow Manager 1.4.0", "commit: 0123456789abcdef0123456789abcdef01234567",
                "build date: 2026-03-01T10:00:00Z"), r.output.lines().toList());
    }

    @Test
    void versionWithoutBuildArgsSaysUnknown() throws Exception {
        Result r = run(Map.of(), "--version");
        assertEquals(0, r.exit, r.output);
        assertTrue(r.output.contains("commit: unknown") && r.output.contains("build date: unknown"), r.output);
    }

    @Test
    void withoutArgumentsRunsStreamlitOnAllInterfacesHeadlessWithoutUsageStatistics() throws Exception {
        Result r = run(Map.of("HOME", tmp.toString()));
        assertEquals(0, r.exit, r.output);
        List<String> args = args(r.output);
        assertEquals("run", args.get(0));
        assertTrue(args.containsAll(List.of("--server.address=0.0.0.0", "--server.port=8501", "--server.headless=true",
                "--browser.gatherUsageStats=false")), args.toString());
        assertEquals("/opt/app/app.py", args.get(args.size() - 1), "the app last: " + args);
    }

    @Test
    void extraStreamlitOptionsAreAddedBeforeTheApp() throws Exception {
        Result r = run(Map.of("HOME", tmp.toString()), "--server.maxUploadSize=500");
        List<String> args = args(r.output);
        assertTrue(args.contains("--server.maxUploadSize=500"), args.toString());
        assertEquals("/opt/app/app.py", args.get(args.size() - 1));
    }

    @Test
    void aCommandRunsInsideTheEnvironment() throws Exception {
        Result r = run(Map.of(), "echo", "hello from the image");
        assertEquals(0, r.exit);
        assertEquals("hello from the image", r.output.strip());
    }

    @Test
    void activatesTheCondaEnvironmentWhenCondaIsThere() throws Exception {
        Path conda = tmp.resolve("conda");
        Files.createDirectories(conda.resolve("etc/profile.d"));
        Files.writeString(conda.resolve("etc/profile.d/conda.sh"),
                "conda() { [ \"$1\" = activate ] && export CONDA_DEFAULT_ENV=\"$2\"; }\n", StandardCharsets.UTF_8);
        Result r = run(Map.of("SIPLIMS_CONDA_DIR", conda.toString()), "bash", "-c", "echo \"env=$CONDA_DEFAULT_ENV\"");
        assertEquals(0, r.exit, r.output);
        assertEquals("env=sip-lims-workflow-manager", r.output.strip());
    }

    @Test
    void anUnwritableHomeIsReplacedForStreamlit() throws Exception {
        Result r = run(Map.of("HOME", "/"));
        assertTrue(r.output.lines().anyMatch(l -> l.equals("HOME=/tmp")), r.output);
    }

    private record Result(int exit, String output) {
    }

    private Result run(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(BASH.toString(), ImageDefinitionFiles.root().resolve("image/entrypoint.sh").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> e = pb.environment();
        e.keySet().removeIf(k -> k.equals("APP_VERSION") || k.equals("COMMIT_SHA") || k.equals("BUILD_DATE") || k.startsWith("SIPLIMS_")
                || k.startsWith("CONDA"));
        e.put("SIPLIMS_CONDA_DIR", tmp.resolve("no-conda").toString());
        e.put("PATH", bin + ":/usr/bin:/bin");
        e.putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "entrypoint finished");
        return new Result(p.exitValue(), out);
    }

    private static List<String> args(String output) {
        return output.lines().filter(l -> l.startsWith("arg:")).map(l -> l.substring(4)).toList();
    }

    private static void script(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        assertTrue(file.toFile().setExecutable(true));
    }
}
