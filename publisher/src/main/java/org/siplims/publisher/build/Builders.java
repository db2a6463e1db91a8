package org.siplims.publisher.build;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.siplims.core.docker.EngineConnection;
import org.siplims.core.docker.EngineInfo;
import org.siplims.publisher.failure.ExitCode;
import org.siplims.publisher.failure.PublisherFailure;

/**
 * Chooses the builder: BuildKit (through buildx) where it can make a rebuild the same image, the
 * engine's classic builder elsewhere. BuildKit is used when the engine is Docker Engine with the
 * containerd image store (Docker Desktop with "Use containerd for pulling and storing images",
 * Engine 28 here): there a loaded OCI archive keeps its manifest digest as the image ID, and a
 * push keeps it. It also needs the {@code docker} command with its {@code buildx} plugin, working
 * against that engine. {@code PUBLISHER_BUILDER=classic} (or {@code buildkit}) forces the choice.
 */
public final class Builders {
    /** The environment variable that forces a builder: {@code classic}, {@code buildkit} or {@code auto}. */
    public static final String SETTING = "PUBLISHER_BUILDER";

    /** The builder asked for. */
    enum Preference { AUTO, CLASSIC, BUILDKIT }

    /** What was chosen, and why, for the line printed before the build. */
    record Choice(boolean buildKit, String reason) {
    }

    private Builders() {
    }

    /**
     * The builder for this engine, said in one progress line ({@code builder: BuildKit (…)} or
     * {@code builder: classic (…)}).
     *
     * @param publisherEnv the publisher's environment: {@code PATH} finds {@code docker}, {@code PUBLISHER_BUILDER} forces one
     * @throws PublisherFailure when {@code PUBLISHER_BUILDER} is not understood, or asks for BuildKit where it does not work
     */
    public static Builder choose(EngineConnection engine, Map<String, String> publisherEnv, Consumer<String> progress) {
        Preference preference = preference(publisherEnv.get(SETTING));
        EngineInfo info = engine.info();
        Optional<Buildx> buildx = Optional.empty();
        Buildx.Probe probe = null;
        if (preference != Preference.CLASSIC && engineCanKeepDigests(info)) {
            buildx = Buildx.find(publisherEnv, engine.host());
            if (buildx.isPresent()) {
                try {
                    probe = buildx.get().probe();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new PublisherFailure(ExitCode.BUILD, "Interrupted while asking docker buildx about the engine.", "Run it again.");
                }
            }
        }
        Choice choice = decide(preference, info, buildx.isPresent(), probe);
        if (preference == Preference.BUILDKIT && !choice.buildKit()) {
            throw new PublisherFailure(ExitCode.BUILD, SETTING + "=buildkit, but BuildKit cannot be used here: " + choice.reason() + ".",
                    "Use Docker Engine with the containerd image store and the docker command with buildx, or remove " + SETTING + ".");
        }
        Builder builder = choice.buildKit()
                ? new BuildKitBuilder(buildx.orElseThrow(), probe.description(), engine.answeringClient(), progress)
                : new ImageBuilder(engine.answeringClient(), progress);
        progress.accept("  builder: " + (choice.buildKit() ? builder.describe() : "classic (" + choice.reason() + ")"));
        return builder;
    }

    /** The decision, from what was found; {@code probe} is null when buildx was not asked. */
    static Choice decide(Preference preference, EngineInfo info, boolean dockerFound, Buildx.Probe probe) {
        if (preference == Preference.CLASSIC) {
            return new Choice(false, SETTING + "=classic");
        }
        if (!engineCanKeepDigests(info)) {
            return new Choice(false, "BuildKit is used with Docker Engine's containerd image store, which keeps a built image's "
                    + "digest; this is " + info.describe());
        }
        if (!dockerFound) {
            return new Choice(false, "no docker command on PATH for buildx");
        }
        if (probe == null || !probe.works()) {
            return new Choice(false, probe == null ? "buildx was not asked" : probe.description());
        }
        return new Choice(true, probe.description());
    }

    private static boolean engineCanKeepDigests(EngineInfo info) {
        return EngineInfo.DOCKER.equals(info.product()) && info.containerdImageStore();
    }

    static Preference preference(String setting) {
        if (setting == null || setting.isBlank()) {
            return Preference.AUTO;
        }
        try {
            return Preference.valueOf(setting.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new PublisherFailure(ExitCode.USAGE, SETTING + "=" + setting.strip() + " is not a builder this publisher knows.",
                    "Set it to classic, buildkit or auto (the default), or remove it.");
        }
    }
}
