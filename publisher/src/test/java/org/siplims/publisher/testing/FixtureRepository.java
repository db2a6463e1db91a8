package org.siplims.publisher.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.siplims.core.image.Platform;
import org.siplims.core.testing.FixtureImages;
import org.siplims.publisher.preflight.CondaSubdir;

/**
 * A throwaway Git repository shaped like the app's: the fixture app's Dockerfile and entrypoint
 * (base pinned by digest), a conda explicit lock for the engine's platform and a pinned pip lock,
 * committed with a fixed date so builds of one commit are comparable.
 */
public final class FixtureRepository {
    public static final String COMMIT_DATE = "2026-01-15T10:30:00Z";
    private final Path dir;
    private int commits;

    private FixtureRepository(Path dir) {
        this.dir = dir;
    }

    /** A committed repository for the app fixture in this mode, locked for {@code platform}. */
    public static FixtureRepository create(FixtureImages fixtures, FixtureImages.Mode mode, Platform platform) {
        try {
            Path dir = Files.createTempDirectory("siplims-publisher-repo");
            FixtureRepository repo = new FixtureRepository(dir);
            fixtures.writeAppContext(dir, mode);
            repo.write("conda-lock.txt", condaLock(CondaSubdir.forPlatform(platform).orElseThrow().name()));
            repo.write("requirements-lock.txt", "streamlit==1.50.0\nnumpy==2.0.2\n");
            repo.git("init", "-q", "-b", "main");
            repo.commit("First release");
            return repo;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The fixture variant with a Debian package database, as an image from a Debian base has: a
     * small, realistic {@code /var/lib/dpkg/status} (src/test/resources/os-packages/dpkg-status:
     * four packages installed, one removed) and {@code /etc/os-release}; committed.
     */
    public FixtureRepository withDpkgStatus() {
        write("dpkg-status", resource("dpkg-status"));
        write("os-release", resource("os-release"));
        write("Dockerfile", read("Dockerfile") + "COPY dpkg-status /var/lib/dpkg/status\nCOPY os-release /etc/os-release\n");
        commit("Debian package database");
        return this;
    }

    private static String resource(String name) {
        try (var in = FixtureRepository.class.getResourceAsStream("/os-packages/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A small explicit lock in {@code conda list --explicit} form for this subdir. */
    public static String condaLock(String subdir) {
        return "# This file may be used to create an environment using:\n"
                + "# $ conda create --name <env> --file <this file>\n"
                + "# platform: " + subdir + "\n"
                + "@EXPLICIT\n"
                + "https://conda.anaconda.org/conda-forge/noarch/ca-certificates-2025.8.3-hbd8a1cb_0.conda\n"
                + "https://conda.anaconda.org/conda-forge/" + subdir + "/python-3.9.23-h0819846_0_cpython.conda\n"
                + "https://conda.anaconda.org/conda-forge/noarch/pip-25.2-pyh8b19718_0.conda#0123456789abcdef0123456789abcdef\n";
    }

    public Path dir() {
        return dir;
    }

    public FixtureRepository write(String file, String content) {
        try {
            Files.writeString(dir.resolve(file), content, StandardCharsets.UTF_8);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String read(String file) {
        try {
            return Files.readString(dir.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Commits everything, a minute after the previous commit; returns the commit's full SHA. */
    public String commit(String message) {
        String date = java.time.Instant.parse(COMMIT_DATE).plusSeconds(60L * commits++).toString();
        git("add", "-A");
        gitWithDate(date, "commit", "-q", "-m", message);
        return head();
    }

    /** The commit time of HEAD as git records it. */
    public java.time.Instant headTime() {
        return java.time.OffsetDateTime.parse(git("log", "-1", "--format=%cI")).toInstant();
    }

    /**
     * A second working tree of this repository ({@code git worktree}) on a new branch from HEAD, for
     * a release made beside this one: its commits and tags are shared, this tree's HEAD stays.
     */
    public FixtureRepository worktree(String branch) {
        try {
            Path other = Files.createTempDirectory("siplims-publisher-worktree");
            git("worktree", "add", "-q", "-b", branch, other.toString());
            FixtureRepository tree = new FixtureRepository(other);
            tree.commits = commits;
            return tree;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public FixtureRepository tag(String name) {
        git("tag", name);
        return this;
    }

    /** An annotated tag: its message is the release's notes. */
    public FixtureRepository tag(String name, String message) {
        git("tag", "-a", name, "-m", message);
        return this;
    }

    public String head() {
        return git("rev-parse", "HEAD");
    }

    public String git(String... args) {
        return gitWithDate(null, args);
    }

    private String gitWithDate(String date, String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString(), "-c", "user.name=Fixture Maintainer",
                "-c", "user.email=maintainer@example.org", "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (date != null) {
            pb.environment().putAll(Map.of("GIT_AUTHOR_DATE", date, "GIT_COMMITTER_DATE", date));
        }
        try {
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException("git " + String.join(" ", args) + " failed: " + out);
            }
            return out.trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
