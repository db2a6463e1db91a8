package org.siplims.publisher.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.siplims.core.UserFacingException;

/**
 * Asks the {@code git} command line about the working tree holding the build context. The
 * command line rather than a library: it is what the maintainer uses, so it sees the same
 * repository, ignores the same files and honours the same configuration.
 */
public final class Git {
    private final Path workTree;

    public Git(Path workTree) {
        this.workTree = workTree;
    }

    /** Why the state could not be read, in words for the maintainer. */
    public static final class GitProblem extends UserFacingException {
        private static final long serialVersionUID = 1L;
        GitProblem(String message, String hint) {
            super(message, hint);
        }
    }

    /** Commit, commit time, uncommitted changes and description of HEAD. */
    public GitState state() {
        Result inside = run("rev-parse", "--is-inside-work-tree");
        if (inside.exitCode == -1) {
            throw new GitProblem("Git is not installed (no `git` command found).", "Install Git; the release records the commit it was built from.");
        }
        if (inside.exitCode != 0 || !inside.out.trim().equals("true")) {
            throw new GitProblem(workTree + " is not inside a Git working tree, so the release cannot record its commit.",
                    "Run the publisher on a clone of the app's repository (git init, git add -A and git commit for a new one).");
        }
        Result head = run("rev-parse", "--verify", "HEAD^{commit}");
        if (head.exitCode != 0) {
            throw new GitProblem("The repository has no commit yet, so the release cannot record one.",
                    "Commit the app first: git add -A && git commit -m 'First release'.");
        }
        String commit = head.out.trim();
        Instant time = OffsetDateTime.parse(require("log", "-1", "--format=%cI", commit).trim()).toInstant();
        List<String> changes = new ArrayList<>();
        // Untracked files count: a Dockerfile's `COPY .` would put them in the image.
        require("status", "--porcelain", "--untracked-files=normal").lines()
                .filter(l -> !l.isBlank()).map(l -> l.length() > 3 ? l.substring(3) : l).forEach(changes::add);
        // `git describe --dirty` ignores untracked files; the release counts them, so the suffix is ours.
        String describe = require("describe", "--tags", "--always").trim() + (changes.isEmpty() ? "" : "-dirty");
        return new GitState(commit, time, changes, describe);
    }

    /** The origin's URL without any user name or token in it, for the image's source label. */
    public Optional<String> originUrl() {
        Result r = run("remote", "get-url", "origin");
        if (r.exitCode != 0 || r.out.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(r.out.trim().replaceFirst("^(\\w+://)[^@/]*@", "$1"));
    }

    private String require(String... args) {
        Result r = run(args);
        if (r.exitCode != 0) {
            throw new GitProblem("`git " + String.join(" ", args) + "` failed: " + r.err.trim(), "Check the repository with `git status`.");
        }
        return r.out;
    }

    private record Result(int exitCode, String out, String err) {
    }

    private Result run(String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", workTree.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("GIT_TERMINAL_PROMPT", "0");
        pb.environment().put("LC_ALL", "C");
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            var err = new java.io.ByteArrayOutputStream();
            Thread errReader = new Thread(() -> {
                try {
                    p.getErrorStream().transferTo(err);
                } catch (IOException ignored) {
                    // the exit code says what happened
                }
            });
            errReader.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(1, "", "git did not answer within 60 seconds");
            }
            errReader.join();
            return new Result(p.exitValue(), out, err.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, "", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitProblem("Interrupted while asking git.", "");
        }
    }
}
