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

    /** One platform to build and the lock pair it installs. */
    public record Target(Platform platform, LockFiles locks) {
    }

    /**
     * What preflight established, for the build: the platforms to build (one for a single-platform
     * release), each with its lock pair, and the warnings that do not stop the release.
     */
    public record Passed(GitState git, List<Target> targets, String version, List<Problem> warnings) {
        public Passed {
            targets = List.copyOf(targets);
            warnings = List.copyOf(warnings);
            if (targets.isEmpty()) {
                throw new IllegalArgumentException("no platform to build");
            }
        }

        /** A single-platform release. */
        public Passed(GitState git, Platform platform, LockFiles locks, String version) {
            this(git, List.of(new Target(platform, locks)), version, List.of());
        }

        public boolean dirty() {
            return git.dirty();
        }

        /** The first (for a single-platform release, the only) platform. */
        public Platform platform() {
            return targets.get(0).platform();
        }

        /** The first platform's lock pair. */
        public LockFiles locks() {
            return targets.get(0).locks();
        }

        public List<Platform> platforms() {
            return targets.stream().map(Target::platform).toList();
        }

        public boolean multiPlatform() {
            return targets.size() > 1;
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
        List<Platform> platforms = buildPlatforms(problems);
        checkDockerfile(problems);
        List<Target> targets = new ArrayList<>();
        List<LockSetComparison.Locked> locked = new ArrayList<>();
        for (Platform platform : platforms) {
            LockLayout.LockPair pair = LockLayout.pairFor(settings.context(), platform, settings.condaLock(), settings.requirementsLock());
            Optional<CondaExplicitLock> conda = checkCondaLock(pair, problems);
            Optional<String> requirements = checkRequirementsLock(pair.requirementsLock(), problems);
            if (conda.isPresent() && requirements.isPresent()) {
                targets.add(new Target(platform, new LockFiles(pair.condaLock(), sha256(pair.condaLock()), pair.requirementsLock(),
                        sha256(pair.requirementsLock()))));
                locked.add(new LockSetComparison.Locked(platform, display(pair.condaLock()),
                        conda.get().packages().stream().map(CondaExplicitLock.Package::name).collect(Collectors.toSet()),
                        display(pair.requirementsLock()), RequirementsLock.pins(requirements.get())));
            }
        }
        if (platforms.isEmpty()) {
            checkRootLocksWithoutPlatform(problems);
        }
        Optional<GitState> git = checkGit(problems);
        String version = settings.version().orElseGet(() -> git.map(GitState::describe).orElse("unknown"));
        checkNames(version, git, problems);
        if (!problems.isEmpty()) {
            throw new PreflightFailedException(problems);
        }
        return new Passed(git.orElseThrow(), targets, version, LockSetComparison.warnings(locked));
    }

    /**
     * The engine must answer. The platforms: {@code --platforms}, else {@code --platform}, else those
     * with lock folders of their own, else the engine's.
     */
    private List<Platform> buildPlatforms(List<Problem> problems) {
        Optional<Platform> nativePlatform;
        try {
            nativePlatform = Optional.of(engine.nativePlatform());
        } catch (UserFacingException e) {
            problems.add(new Problem("Docker", e.getMessage(), "Start Docker Desktop (or the engine DOCKER_HOST names), "
                    + "wait until it says it is running, and run the command again."));
            nativePlatform = Optional.empty();
        }
        if (!settings.platforms().isEmpty()) {
            return settings.platforms();
        }
        if (settings.platform().isPresent()) {
            return List.of(settings.platform().get());
        }
        List<Platform> withLocks = LockLayout.platformsWithLocks(settings.context());
        if (!withLocks.isEmpty()) {
            return withLocks;
        }
        return nativePlatform.map(List::of).orElse(List.of());
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

    private Optional<CondaExplicitLock> checkCondaLock(LockLayout.LockPair pair, List<Problem> problems) {
        Path file = pair.condaLock();
        String how = pair.ownFolder() ? "Create it with `scripts/publish lock --from-image IMAGE --platforms " + pair.platform() + "`"
                : "Create it with `scripts/publish lock --from-image IMAGE`";
        Optional<String> text = readText(file, "conda lock" + (pair.ownFolder() ? " for " + pair.platform() : ""), how
                + " (conda list --explicit inside the image's environment) and commit it.", problems);
        return text.map(t -> {
            CondaExplicitLock lock = CondaExplicitLock.parse(display(file), t);
            problems.addAll(lock.problemsFor(pair.platform()));
            return lock;
        });
    }

    /**
     * No platform is known (the engine did not answer, and none is named or has locks of its own):
     * the root pair is still checked, all but whether its platform header fits, so that every
     * problem is reported at once.
     */
    private void checkRootLocksWithoutPlatform(List<Problem> problems) {
        Path conda = settings.condaLock();
        readText(conda, "conda lock", "Create it with `scripts/publish lock --from-image IMAGE` "
                + "(conda list --explicit inside the image's environment) and commit it.", problems)
                .ifPresent(t -> problems.addAll(CondaExplicitLock.parse(display(conda), t).problems()));
        checkRequirementsLock(settings.requirementsLock(), problems);
    }

    private Optional<String> checkRequirementsLock(Path file, List<Problem> problems) {
        Optional<String> text = readText(file, "pip requirements lock", "Create it with `scripts/publish lock --from-image IMAGE` "
                + "(pip freeze inside the image's environment) and commit it.", problems);
        text.ifPresent(t -> problems.addAll(RequirementsLock.check(display(file), t)));
        return text;
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
