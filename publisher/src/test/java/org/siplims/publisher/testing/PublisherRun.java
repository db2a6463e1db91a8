package org.siplims.publisher.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.siplims.publisher.cli.Io;
import org.siplims.publisher.Main;
import org.siplims.publisher.signing.SecretPrompt;

/**
 * Runs the real command line in-process, as {@code scripts/publish} would, with its own stdin,
 * environment (no registry credentials unless the test gives them) and state folder.
 */
public final class PublisherRun {
    /** What one run produced. */
    public record Result(int exitCode, String out, String err) {
        public JsonNode json() {
            try {
                return new ObjectMapper().readTree(out);
            } catch (IOException e) {
                throw new AssertionError("stdout is not JSON: " + out + "\nstderr: " + err, e);
            }
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    private final Path stateDir;
    private final Map<String, String> env = new HashMap<>();
    private String stdin = "";

    public PublisherRun(Path stateDir) {
        this.stateDir = stateDir;
        System.getenv().forEach((k, v) -> {
            if (!k.startsWith("REGISTRY_") && !k.equals("GITHUB_TOKEN") && !k.startsWith("PUBLISHER_")) {
                env.put(k, v);
            }
        });
        // Never the user's Docker logins: an empty Docker configuration.
        env.put("DOCKER_CONFIG", stateDir.resolve("docker-config").toString());
    }

    public PublisherRun env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public PublisherRun withoutEnv(String name) {
        env.remove(name);
        return this;
    }

    public PublisherRun stdin(String text) {
        stdin = text;
        return this;
    }

    public Result run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--state-dir");
        all.add(stateDir.toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8); PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            // No terminal: a passphrase comes from PUBLISHER_KEY_PASSWORD or not at all, never by blocking on a prompt.
            code = Main.run(all.toArray(String[]::new), new Io(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), o, e, env),
                    SecretPrompt.none());
        }
        Result result = new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        System.out.println("publisher " + String.join(" ", args) + " -> " + result.exitCode());
        System.out.println(result.err());
        return result;
    }
}
