package org.siplims.publisher.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildContextTest {
    @TempDir
    Path dir;

    private Map<String, String> entries(BuildContext context) throws Exception {
        Map<String, String> files = new HashMap<>();
        try (InputStream in = context.open(); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (e.isFile()) {
                    files.put(e.getName(), new String(tar.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        return files;
    }

    @Test
    void theDockerfileGetsOneLabelLineAndEverythingElseIsUntouched() throws Exception {
        Files.writeString(dir.resolve("Dockerfile"), "FROM scratch\nCOPY app /app\n");
        Files.createDirectories(dir.resolve("app"));
        Files.writeString(dir.resolve("app/main.py"), "print('hi')\n");
        Files.writeString(dir.resolve("secret.env"), "TOKEN=x\n");
        Files.writeString(dir.resolve(".dockerignore"), "secret.env\n");
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("org.siplims.release.version", "1.2.0");
        labels.put("odd", "a \"quoted\" $HOME \\ value");
        try (BuildContext context = BuildContext.withLabels(dir, dir.resolve("Dockerfile"), labels)) {
            Map<String, String> files = entries(context);
            assertEquals("Dockerfile", context.dockerfilePath());
            assertEquals("print('hi')\n", files.get("app/main.py"));
            assertFalse(files.containsKey("secret.env"), ".dockerignore is honoured");
            String dockerfile = files.get("Dockerfile");
            assertTrue(dockerfile.startsWith("FROM scratch\nCOPY app /app\n"), dockerfile);
            assertTrue(dockerfile.endsWith("LABEL \"org.siplims.release.version\"=\"1.2.0\" \"odd\"=\"a \\\"quoted\\\" \\$HOME \\\\ value\"\n"),
                    dockerfile);
        }
        assertEquals("FROM scratch\nCOPY app /app\n", Files.readString(dir.resolve("Dockerfile")), "the working tree is never touched");
    }
}
