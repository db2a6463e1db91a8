package org.siplims.publisher.preflight;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.siplims.core.UserFacingException;
import org.siplims.core.docker.EngineConnection;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.image.InvalidReferenceException;
import org.siplims.core.image.Platform;
import org.siplims.publisher.config.Settings;
import org.siplims.publisher.git.Git;
import org.siplims.publisher.git.GitState;

/**
 * Everything that can be known wrong before building: the engine, the Dockerfile's bases, both
 * lock files, the Git state, the version and channel names. Every check runs, so the maintainer
 * sees all problems at once, each with its fix.
 */
public final class Preflight {
    private static final int MAX_CHANGES_SHOWN = 5;

    /** What preflight established, for the build. */
    public record Passed(GitState git, Platform platform, LockFiles locks, String version) {
        public boolean dirty() {
            return git.dirty();
        }
    }

    private final Settings settings;
    private final EngineConnection engine;

    public Preflight(Settings settings, EngineConnection engine) {
        this.settings = settings;
        this.engine = engine;
    }

    /** @throws PreflightFailedException listing every problem found */
    public Passed run() {
        List<Problem> problems = new ArrayList<>();
        Optional<Platform> platform = buildPlatform(problems);
        checkDockerfile(problems);
        Optional<String> condaSha = checkCondaLock(platform, problems);
        Optional<String> requirementsSha = checkRequirementsLock(problems);
        Optional<GitState> git = checkGit(problems);
        String version = settings.version().orElseGet(() -> git.map(GitState::describe).orElse("unknown"));
        checkNames(version, git, problems);
        if (!problems.isEmpty()) {
            throw new PreflightFailedException(problems);
        }
        return new Passed(git.orElseThrow(), platform.orElseThrow(),
                new LockFiles(settings.condaLock(), condaSha.orElseThrow(), settings.requirementsLock(), requirementsSha.orElseThrow()),
                version);
    }

    /** The engine must answer; the build platform is --platform or the engine's own. */
    private Optional<Platform> buildPlatform(List<Problem> problems) {
        try {
            Platform nativePlatform = engine.nativePlatform();
            return Optional.of(settings.platform().orElse(nativePlatform));
        } catch (UserFacingException e) {
            problems.add(new Problem("Docker", e.getMessage(), "Start Docker Desktop (or the engine DOCKER_HOST names), "
                    + "wait until it says it is running, and run the command again."));
            return settings.platform();
        }
    }

    private void checkDockerfile(List<Problem> problems) {
        Path dockerfile = settings.dockerfile();
        if (!dockerfile.normalize().startsWith(settings.context())) {
            problems.add(new Problem(dockerfile.toString(), "The Dockerfile is outside the build context " + settings.context() + ".",
                    "Keep it inside the context folder and name it with --dockerfile relative to it."));
            return;
        }
        readText(dockerfile, "Dockerfile", "Write the app's Dockerfile there, or name it with --dockerfile.", problems)
                .ifPresent(text -> problems.addAll(DockerfileBases.check(display(dockerfile), text)));
    }

    private Optional<String> checkCondaLock(Optional<Platform> platform, List<Problem> problems) {
        Path file = settings.condaLock();
        Optional<String> text = readText(file, "conda lock", "Create it with `scripts/publish lock --from-image IMAGE` "
                + "(conda list --explicit inside the image's environment) and commit it.", problems);
        text.ifPresent(t -> {
            CondaExplicitLock lock = CondaExplicitLock.parse(display(file), t);
            problems.addAll(platform.map(lock::problemsFor).orElse(lock.problems()));
        });
        return text.map(t -> sha256(file));
    }

    private Optional<String> checkRequirementsLock(List<Problem> problems) {
        Path file = settings.requirementsLock();
        Optional<String> text = readText(file, "pip requirements lock", "Create it with `scripts/publish lock --from-image IMAGE` "
                + "(pip freeze inside the image's environment) and commit it.", problems);
        text.ifPresent(t -> problems.addAll(RequirementsLock.check(display(file), t)));
        return text.map(t -> sha256(file));
    }

    private Optional<GitState> checkGit(List<Problem> problems) {
        GitState state;
        try {
            state = new Git(settings.context()).state();
        } catch (UserFacingException e) {
            problems.add(new Problem("git", e.getMessage(), e.hint()));
            return Optional.empty();
        }
        if (state.dirty() && !settings.allowDirty()) {
            List<String> changes = state.uncommittedChanges();
            String shown = changes.stream().limit(MAX_CHANGES_SHOWN).collect(Collectors.joining(", "))
                    + (changes.size() > MAX_CHANGES_SHOWN ? " and " + (changes.size() - MAX_CHANGES_SHOWN) + " more" : "");
            problems.add(new Problem("git", "The working tree has uncommitted changes (" + shown + "). The release records commit "
                    + state.commit().substring(0, 7) + ", which would not be what is built.",
                    "Commit them (git add -A && git commit) and run again; or pass --allow-dirty to build anyway, "
                            + "and the release is marked dirty."));
        }
        return Optional.of(state);
    }

    /** Version and channel must be valid tags, and distinct from each other and from the sha- tag. */
    private void checkNames(String version, Optional<GitState> git, List<Problem> problems) {
        ImageReference image = settings.image();
        for (String[] name : new String[][] {{"version", version, "--version"}, {"channel", settings.channel(), "--channel"}}) {
            try {
                image.withTag(name[1]);
            } catch (InvalidReferenceException e) {
                problems.add(new Problem(name[0], "'" + name[1] + "' cannot be a tag: " + e.getMessage(),
                        "Give a " + name[0] + " of letters, digits, '_', '.' and '-' with " + name[2] + "."));
            }
        }
        if (version.equals(settings.channel())) {
            problems.add(new Problem("version", "The version '" + version + "' is also the channel's name; pushing it would move the channel tag.",
                    "Give another --version or --channel."));
        }
        if (version.startsWith("sha-") || settings.channel().startsWith("sha-")) {
            problems.add(new Problem("version", "Tags starting with 'sha-' are reserved for the commit tag the publisher pushes.",
                    "Give another --version or --channel."));
        }
    }

    private Optional<String> readText(Path file, String what, String fix, List<Problem> problems) {
        if (!Files.isRegularFile(file)) {
            problems.add(new Problem(display(file), "The " + what + " " + file + " does not exist.", fix));
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            problems.add(new Problem(display(file), "The " + what + " cannot be read as UTF-8 text: " + e.getMessage(), fix));
            return Optional.empty();
        }
    }

    /** The path relative to the context when it is inside it: shorter and what the maintainer knows. */
    private String display(Path file) {
        Path context = settings.context();
        return file.startsWith(context) ? context.relativize(file).toString() : file.toString();
    }

    static String sha256(Path file) {
        try {
            return Digest.of(Files.readAllBytes(file)).hex();
        } catch (IOException e) {
            throw new PreflightFailedException(List.of(new Problem(file.toString(), "Cannot read it: " + e.getMessage(), "")));
        }
    }
}
