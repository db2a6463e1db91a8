package org.siplims.publisher.steps;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.siplims.core.UserFacingException;
import org.siplims.core.docker.EngineConnection;
import org.siplims.core.docker.LocalImage;
import org.siplims.core.image.ImageReference;
import org.siplims.core.image.Platform;
import org.siplims.core.release.ReleaseLabels;
import org.siplims.core.release.ReleaseMetadata;
import org.siplims.core.signing.TrustedKeys;
import org.siplims.publisher.build.BuildRequest;
import org.siplims.publisher.build.EnvironmentInputs;
import org.siplims.publisher.build.ForeignBases;
import org.siplims.publisher.preflight.DockerfileBases;
import org.siplims.publisher.failure.ExitCode;
import org.siplims.publisher.failure.PublisherFailure;
import org.siplims.publisher.build.Builder;
import org.siplims.publisher.build.Builders;
import org.siplims.publisher.config.Settings;
import org.siplims.publisher.git.Git;
import org.siplims.publisher.imagetest.ImageTester;
import org.siplims.publisher.imagetest.TestPlan;
import org.siplims.publisher.preflight.LockLayout;
import org.siplims.publisher.preflight.Preflight;
import org.siplims.publisher.push.EnginePush;
import org.siplims.publisher.push.IndexPusher;
import org.siplims.publisher.push.ReleasePusher;
import org.siplims.publisher.registry.RegistrySession;
import org.siplims.publisher.report.Console;
import org.siplims.publisher.signing.ReleaseSigning;
import org.siplims.publisher.signing.SecretPrompt;
import org.siplims.publisher.signing.SigningSettings;
import org.siplims.publisher.records.BuildRecord;
import org.siplims.publisher.records.RecordStore;
import org.siplims.publisher.records.TestRecord;

/**
 * The steps of a release (check, build, test, push) with what they share: settings, engine,
 * registry, records. Each subcommand runs some of them; {@code publish} runs them all. Each step
 * turns any failure into the exit code of that step.
 */
public final class Publisher {
    private final Settings settings;
    private final Console console;
    private final EngineConnection engine;
    private final RecordStore records;
    private final Supplier<RegistrySession> registry;
    private final SigningSettings signing;
    private final Map<String, String> env;
    private final SecretPrompt prompt;
    private Builder builder;

    public Publisher(Settings settings, Console console, EngineConnection engine, RecordStore records, Supplier<RegistrySession> registry,
                     SigningSettings signing, Map<String, String> env, SecretPrompt prompt) {
        this.settings = settings;
        this.console = console;
        this.engine = engine;
        this.records = records;
        this.registry = registry;
        this.signing = signing;
        this.env = Map.copyOf(env);
        this.prompt = prompt;
    }

    public SigningSettings signingSettings() {
        return signing;
    }

    /**
     * Loads the signing key (asking for its passphrase) before anything is built, or says the
     * release will be unsigned. Exit 6 for a key that cannot be used, 2 when signing is required
     * but no key is configured.
     */
    public ReleaseSigning prepareSigning() {
        return step(ExitCode.PUSH, "loading the signing key", () -> ReleaseSigning.prepare(signing, env, prompt, console::progress));
    }

    /** The trusted public keys configured (--trusted-key, or "trustedKeys"); empty when none. Exit 2 for an unreadable file. */
    public Optional<TrustedKeys> trustedKeys() {
        if (signing.trustedKeys().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(step(ExitCode.USAGE, "reading the trusted keys", () -> TrustedKeys.load(signing.trustedKeys())));
    }

    public Settings settings() {
        return settings;
    }

    /**
     * The builder for this engine (BuildKit where it gives repeatable images, else the classic one),
     * chosen on first use and said in one line.
     */
    public synchronized Builder builder() {
        if (builder == null) {
            builder = step(ExitCode.BUILD, "choosing the builder", () -> Builders.choose(engine, env, console::progress));
        }
        return builder;
    }

    public EngineConnection engine() {
        return engine;
    }

    public RegistrySession registry() {
        return registry.get();
    }

    /** Preflight: every problem at once, each with its fix. */
    public Preflight.Passed check() {
        console.progress("check: " + settings.context());
        Preflight.Passed passed = step(ExitCode.PREFLIGHT, "checking", () -> new Preflight(settings, engine).run());
        console.progress("  ok: version " + passed.version() + ", commit " + passed.git().commit().substring(0, 7)
                + (passed.dirty() ? " (dirty, allowed by --allow-dirty)" : "")
                + (passed.multiPlatform() ? ", platforms " : ", platform ") + passed.platforms().stream().map(Object::toString)
                .collect(java.util.stream.Collectors.joining(", ")) + ", bases pinned, locks valid");
        passed.warnings().forEach(w -> console.progress("  warning: " + w.describe().replace(System.lineSeparator(), System.lineSeparator() + "  ")));
        return passed;
    }

    /** Builds the image from the checked context; remembers it as this context's last build. */
    public LocalImage build(Preflight.Passed passed) {
        return build(passed, passed.targets().get(0), settings.image().withTag(passed.version()), settings.platform());
    }

    /**
     * Builds one image per platform, each from its own lock pair, the foreign ones under emulation;
     * each gets the local tag {@code version-os-arch}. Stops at the first platform that fails, naming it.
     */
    public List<LocalImage> buildAll(Preflight.Passed passed) {
        List<LocalImage> images = new ArrayList<>();
        int n = 0;
        for (Preflight.Target target : passed.targets()) {
            n++;
            Instant start = Instant.now();
            console.progress("build " + n + " of " + passed.targets().size() + ": " + target.platform());
            ForeignBases.forget(engine.answeringClient(), bases(), target.platform(), console::progress);
            LocalImage image = forPlatform(target.platform(), () -> build(passed, target,
                    settings.image().withTag(passed.version() + "-" + LockLayout.folderName(target.platform())), Optional.of(target.platform())));
            console.progress("  " + target.platform() + " built in " + elapsed(start));
            images.add(image);
        }
        return images;
    }

    private LocalImage build(Preflight.Passed passed, Preflight.Target target, ImageReference localTag, Optional<Platform> requested) {
        console.progress("build: " + localTag.familiar());
        ReleaseMetadata metadata = new ReleaseMetadata(passed.version(), passed.git().commit(), Optional.of(passed.git().commitTime()),
                passed.dirty(), Optional.of(target.locks().condaLockSha256()), Optional.of(target.locks().requirementsLockSha256()));
        // rebuild.RebuildCheck takes these labels back from a published image to build it again: keep the two in step.
        Map<String, String> extraLabels = new LinkedHashMap<>();
        Git git = new Git(settings.context());
        git.originUrl().ifPresent(url -> extraLabels.put(ReleaseLabels.OCI_SOURCE, url));
        // The annotated tag's message is the release notes the launcher shows before an update.
        git.releaseNotes(passed.version()).ifPresent(notes -> extraLabels.put(ReleaseLabels.NOTES, ReleaseLabels.encodeNotes(notes)));
        // What the environment layers are made of: `dev` reuses this image while they stay the same.
        extraLabels.put(EnvironmentInputs.LABEL, EnvironmentInputs.hash(settings.context(), settings.dockerfile()));
        BuildRequest request = new BuildRequest(settings.context(), settings.dockerfile(), requested, localTag, metadata, extraLabels,
                passed.multiPlatform());
        LocalImage image = step(ExitCode.BUILD, "building", () -> builder().build(request));
        if (!image.platform().matches(target.platform())) {
            throw new PublisherFailure(ExitCode.BUILD, "The engine built an image for " + image.platform() + ", not for " + target.platform() + ".",
                    "Check the Dockerfile's FROM --platform flags, or pass --platform " + image.platform() + ".");
        }
        records.save(settings.context(), new BuildRecord(image.id(), settings.image(), passed.version(), passed.git().commit(),
                image.platform(), Instant.now()));
        console.progress("  built " + image.id() + " (" + image.platform() + ")");
        return image;
    }

    /** Tests each platform's image by its own ID, the foreign ones under emulation; the first failure stops, naming its platform. */
    public List<TestRecord> testAll(List<LocalImage> images, String expectedVersion) {
        List<TestRecord> tested = new ArrayList<>();
        for (LocalImage image : images) {
            Instant start = Instant.now();
            console.progress("test " + image.platform() + (image.platform().matches(nativePlatform()) ? " (native)" : " (emulated)"));
            tested.add(forPlatform(image.platform(), () -> test(image, expectedVersion)));
            console.progress("  " + image.platform() + " passed in " + elapsed(start));
        }
        return tested;
    }

    /** Pushes the tested images of every platform as one signed index; the channel moves last. */
    public IndexPusher.PushedIndex pushIndex(List<LocalImage> images, ReleaseSigning signing) {
        console.progress("push: " + settings.image().familiar() + " (" + images.size() + " platforms, one index)");
        return step(ExitCode.PUSH, "pushing", () -> new IndexPusher(registry.get(), new EnginePush(engine.answeringClient(), console::progress),
                records, signing, platform -> signing.withAttestations(attestationSource(platform)), console::progress)
                .push(images, settings.image(), settings.channel()));
    }

    /** What one platform's SBOM and provenance are made from: that platform's own lock pair. */
    private org.siplims.publisher.attest.AttestationSource attestationSource(Platform platform) {
        LockLayout.LockPair pair = LockLayout.pairFor(settings.context(), platform, settings.condaLock(), settings.requirementsLock());
        return attestationSource().withLocks(pair.condaLock(), pair.requirementsLock());
    }

    /** The base images the Dockerfile names. */
    private List<String> bases() {
        try {
            return DockerfileBases.froms(java.nio.file.Files.readString(settings.dockerfile())).stream().map(DockerfileBases.From::image).toList();
        } catch (java.io.IOException e) {
            return List.of(); // preflight read it a moment ago; the build will say what is wrong
        }
    }

    private Platform nativePlatform() {
        try {
            return engine.nativePlatform();
        } catch (UserFacingException e) {
            return Platform.ofThisMachine();
        }
    }

    /** A failure of one platform's step names that platform: the release stops there and nothing moves. */
    private static <T> T forPlatform(Platform platform, Supplier<T> work) {
        try {
            return work.get();
        } catch (PublisherFailure e) {
            throw new PublisherFailure(e.exitCode(), platform + ": " + e.getMessage()
                    + " Nothing was pushed for any platform; the channel tag did not move.", e.hint(), e);
        }
    }

    private static String elapsed(Instant start) {
        long seconds = Duration.between(start, Instant.now()).toSeconds();
        return seconds >= 60 ? seconds / 60 + " min " + seconds % 60 + " s" : seconds + " s";
    }

    /** Tests the image by ID against the version it must print; records a pass. */
    public TestRecord test(LocalImage image, String expectedVersion) {
        console.progress("test: image " + image.id().shortForm() + ", version " + expectedVersion);
        TestPlan plan = new TestPlan(expectedVersion, settings.versionCommand(), settings.healthPath(), settings.port(),
                settings.healthTimeout(), settings.testCommands());
        TestRecord record = step(ExitCode.TEST, "testing", () -> new ImageTester(engine, console::progress)
                .test(image.id(), image.release().commit(), image.platform(), plan));
        records.save(record);
        console.progress("  passed; recorded for " + image.id().shortForm());
        return record;
    }

    /**
     * Pushes a tested image: version, commit tag, then the signature (when {@code signing} has a key),
     * channel last; verified on the registry.
     */
    public ReleasePusher.Pushed push(LocalImage image, ReleaseSigning signing) {
        console.progress("push: " + settings.image().familiar());
        return step(ExitCode.PUSH, "pushing", () -> new ReleasePusher(registry.get(), new EnginePush(engine.answeringClient(), console::progress),
                records, signing.withAttestations(attestationSource()), console::progress).push(image, settings.image(), settings.channel()));
    }

    /** What the release's SBOM and provenance are made from. */
    private org.siplims.publisher.attest.AttestationSource attestationSource() {
        String repositoryUri = new org.siplims.publisher.git.Git(settings.context()).originUrl()
                .orElse(settings.context().toUri().toString());
        // The OS packages are read from the tested image after its tests, through the engine.
        org.siplims.publisher.attest.ImagePackageDatabase database = new org.siplims.publisher.attest.ImagePackageDatabase(engine.answeringClient());
        return new org.siplims.publisher.attest.AttestationSource(settings.condaLock(), settings.requirementsLock(),
                settings.dockerfile(), repositoryUri, database::read);
    }

    /** The image named on the command line (tag, reference or ID), or else this context's last build. */
    public LocalImage image(Optional<String> named) {
        return step(ExitCode.USAGE, "finding the image", () -> {
            if (named.isPresent()) {
                return LocalImage.find(engine.answeringClient(), named.get()).orElseThrow(() -> new PublisherFailure(ExitCode.USAGE,
                        "The engine has no image '" + named.get() + "'.", "Name a local image by tag or ID (`docker images` lists them)."));
            }
            BuildRecord last = records.lastBuild(settings.context()).orElseThrow(() -> new PublisherFailure(ExitCode.USAGE,
                    "No image was built from " + settings.context() + " yet, and none was named.",
                    "Run `scripts/publish build` first, or name the image."));
            return LocalImage.find(engine.answeringClient(), last.imageId().toString()).orElseThrow(() -> new PublisherFailure(ExitCode.USAGE,
                    "The image built last from " + settings.context() + " (" + last.imageId().shortForm() + ") is no longer in the engine.",
                    "Build it again with `scripts/publish build`."));
        });
    }

    /**
     * Runs a step; a failure that is not already a {@link PublisherFailure} gets the step's exit
     * code, and an unexpected error becomes a message rather than a stack trace.
     */
    public static <T> T step(ExitCode code, String doing, Supplier<T> work) {
        try {
            return work.get();
        } catch (PublisherFailure e) {
            throw e;
        } catch (UserFacingException e) {
            throw PublisherFailure.wrap(code, e);
        } catch (RuntimeException e) {
            throw new PublisherFailure(code, "Unexpected error while " + doing + ": " + describe(e),
                    "If it happens again, report it with the command you ran and this message.", e);
        }
    }

    static String describe(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
