package org.siplims.publisher.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siplims.core.process.ProcessCommand;
import org.siplims.core.process.ProcessResult;
import org.siplims.core.process.ProcessRunner;
import org.siplims.publisher.signing.Passphrases;

/**
 * What git sees of the publisher's environment: the publisher holds the signing key's passphrase
 * and the registry password in environment variables, and git must see neither. The real git
 * runs a program of ours that writes down its environment: the repository's
 * {@code core.fsmonitor}, which {@code git status} starts with the environment git was given.
 */
class GitEnvironmentTest {
    @TempDir
    Path tmp;

    @Test
    void gitNeverSeesThePublishersSecrets() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        Path seen = tmp.resolve("seen-by-git.env");
        Path dump = tmp.resolve("dump-env.sh");
        Files.writeString(dump, "#!/bin/sh\nenv > '" + seen + "'\nexit 1\n");
        Files.setPosixFilePermissions(dump, PosixFilePermissions.fromString("rwxr-xr-x"));
        git(repo, "init", "-q");
        git(repo, "-c", "user.name=Test", "-c", "user.email=test@example.org", "commit", "-q", "--allow-empty", "-m", "first");
        git(repo, "config", "core.fsmonitor", dump.toString());

        Map<String, String> parent = new HashMap<>(System.getenv());
        parent.put(Passphrases.ENV, "the-signing-passphrase");
        parent.put("REGISTRY_PASSWORD", "the-registry-password");
        parent.put("GITHUB_TOKEN", "the-github-token");
        parent.put("UNRELATED_VARIABLE", "x");

        GitState state = new Git(repo, new ProcessRunner(parent)).state();
        assertTrue(state.uncommittedChanges().isEmpty(), state.uncommittedChanges().toString());

        Map<String, String> env = Files.readAllLines(seen).stream().filter(l -> l.contains("="))
                .collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1), (a, b) -> b));
        for (String secret : List.of(Passphrases.ENV, "REGISTRY_PASSWORD", "GITHUB_TOKEN", "UNRELATED_VARIABLE")) {
            assertFalse(env.containsKey(secret), secret + " reached git");
        }
        assertFalse(String.join("\n", Files.readAllLines(seen)).contains("the-signing-passphrase"));
        // git puts its own exec path in front
        assertTrue(env.get("PATH").endsWith(parent.get("PATH")), env.get("PATH"));
        assertEquals("0", env.get("GIT_TERMINAL_PROMPT"));
    }

    private static void git(Path repo, String... args) throws InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-C", repo.toString()));
        command.addAll(List.of(args));
        ProcessResult r = new ProcessRunner().run(ProcessCommand.of(command).inheritSafeBase().mergeStderr());
        assertTrue(r.succeeded(), r.out());
    }
}
