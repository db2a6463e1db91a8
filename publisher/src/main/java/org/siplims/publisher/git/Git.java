package org.siplims.publisher.git;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.siplims.core.UserFacingException;
import org.siplims.core.process.ProcessCommand;
import org.siplims.core.process.ProcessResult;
import org.siplims.core.process.ProcessRunner;

/**
 * Asks the {@code git} command line about the working tree holding the build context. The
 * command line rather than a library: it is what the maintainer uses, so it sees the same
 * repository, ignores the same files and honours the same configuration.
 */
public final class Git {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /**
     * Besides {@link ProcessRunner#SAFE_BASE} (PATH, HOME, ...), the variables that say where the
     * maintainer's Git configuration is, so git reads the same one as on the command line. Nothing
     * else of the publisher's environment, which holds the signing key's passphrase and the
     * registry password, reaches git.
     */
    static final List<String> GIT_CONFIGURATION = List.of("XDG_CONFIG_HOME", "GIT_CONFIG_GLOBAL", "GIT_CONFIG_SYSTEM",
            "GIT_CONFIG_NOSYSTEM", "GIT_CEILING_DIRECTORIES");

    private final Path workTree;
    private final ProcessRunner runner;

    public Git(Path workTree) {
        this(workTree, new ProcessRunner());
    }

    /** @param runner runs git; tests give one with a parent environment of their own */
    public Git(Path workTree, ProcessRunner runner) {
        this.workTree = workTree;
        this.runner = runner;
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
        Result exact = run("describe", "--tags", "--exact-match", commit);
        Optional<String> tag = exact.exitCode == 0 && !exact.out.isBlank() ? Optional.of(exact.out.trim()) : Optional.empty();
        return new GitState(commit, time, changes, describe, tag);
    }

    /**
     * The release notes for a version: the message of the annotated tag of that name (without a
     * PGP signature block). A lightweight tag, or no tag, has no notes.
     */
    public Optional<String> releaseNotes(String version) {
        Result type = run("for-each-ref", "--format=%(objecttype)", "refs/tags/" + version);
        if (type.exitCode != 0 || !type.out.trim().equals("tag")) {
            return Optional.empty();
        }
        Result message = run("for-each-ref", "--format=%(contents)", "refs/tags/" + version);
        if (message.exitCode != 0) {
            return Optional.empty();
        }
        String text = message.out;
        int signature = text.indexOf("-----BEGIN PGP SIGNATURE-----");
        if (signature < 0) {
            signature = text.indexOf("-----BEGIN SSH SIGNATURE-----");
        }
        text = (signature >= 0 ? text.substring(0, signature) : text).strip();
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    /** The top folder of the repository the work tree belongs to. */
    public Path topLevel() {
        return Path.of(require("rev-parse", "--show-toplevel").trim()).toAbsolutePath().normalize();
    }

    /**
     * Checks out {@code commit} in a new worktree at {@code folder} (detached: no branch is made or moved).
     *
     * @throws GitProblem when the commit is not in this repository
     */
    public void addWorktree(Path folder, String commit) {
        require("worktree", "add", "--detach", folder.toString(), commit);
    }

    /** Removes a worktree made by {@link #addWorktree}, and git's record of it; quiet when it is already gone. */
    public void removeWorktree(Path folder) {
        run("worktree", "remove", "--force", folder.toString());
        run("worktree", "prune");
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
        ProcessCommand git = ProcessCommand.of(command).inheritSafeBase().inherit(GIT_CONFIGURATION)
                .env("GIT_TERMINAL_PROMPT", "0").env("LC_ALL", "C").timeout(TIMEOUT);
        try {
            ProcessResult r = runner.run(git);
            if (!r.started()) {
                return new Result(-1, "", r.startError());
            }
            if (r.timedOut()) {
                return new Result(1, "", "git did not answer within " + TIMEOUT.toSeconds() + " seconds");
            }
            return new Result(r.exitCode(), r.out(), r.err());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitProblem("Interrupted while asking git.", "");
        }
    }
}
