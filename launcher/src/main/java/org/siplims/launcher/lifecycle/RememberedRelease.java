package org.siplims.launcher.lifecycle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.siplims.core.docker.EngineInfo;
import org.siplims.core.docker.LocalImage;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.files.AtomicFiles;
import org.siplims.launcher.engine.RunnableImage;
import org.siplims.launcher.trust.Verification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The release the app ran last time ({@code last-release.txt} in the settings folder: a line
 * {@code repository@digest}; for a two-platform release, the index's, and a second line with the
 * platform image that ran, {@code repository@digest}, which is what the engine knows it by), so that a
 * daily start can run it at once, without waiting for the registry: when that release is still on
 * this computer and may run without asking the registry (verified before, or signatures are not in
 * use), {@link #startable} chooses it. The registry is asked afterwards, by the same check a periodic
 * update check makes; a newer release found then is an update, never a delay. A first start, or a
 * remembered release that is gone, waits for the registry as before ({@link ImageSelector#choose}).
 */
final class RememberedRelease {
    static final String FILE_NAME = "last-release.txt";
    private static final Logger LOG = LoggerFactory.getLogger(RememberedRelease.class);
    private final LauncherContext ctx;
    private final Path file;

    /** What is remembered: the release's digest (a two-platform release's index) and, for a two-platform release, its image's. */
    record Remembered(Digest release, Optional<Digest> platformImage) {
    }

    RememberedRelease(LauncherContext ctx) {
        this.ctx = ctx;
        this.file = ctx.options().configDirectory().resolve(FILE_NAME);
    }

    /** The remembered release, when one is remembered for the channel's repository. */
    Optional<Remembered> read() {
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            List<String> lines = Files.readString(file, StandardCharsets.UTF_8).lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
            if (lines.isEmpty() || lines.size() > 2) {
                return Optional.empty();
            }
            Optional<Digest> release = ofChannelRepository(lines.get(0));
            Optional<Digest> image = lines.size() == 2 ? ofChannelRepository(lines.get(1)) : Optional.empty();
            if (release.isEmpty() || (lines.size() == 2 && image.isEmpty())) {
                return Optional.empty();
            }
            return Optional.of(new Remembered(release.get(), image));
        } catch (IOException | RuntimeException e) {
            LOG.debug("Could not read the remembered release in {}; the registry decides", file, e);
            return Optional.empty();
        }
    }

    /** The remembered release's digest, when one is remembered for the channel's repository. */
    Optional<Digest> digest() {
        return read().map(Remembered::release);
    }

    private Optional<Digest> ofChannelRepository(String line) {
        ImageReference remembered = ImageReference.parse(line);
        ImageReference channel = ctx.options().channelReference();
        boolean sameRepository = remembered.registry().equals(channel.registry()) && remembered.repository().equals(channel.repository());
        return sameRepository ? remembered.digest() : Optional.empty();
    }

    /**
     * The remembered release, when it is on this computer and may run without the registry (never
     * offline: that path has its own rules). Asks the engine only, never the registry. Of a
     * two-platform release, its image must be the one this launcher would choose (the forced
     * platform, else the computer's own) and, with trusted keys, both the index and the image must
     * have been verified before.
     */
    Optional<ImageSelector.Choice> startable(EngineInfo engine) {
        if (ctx.options().offline()) {
            return Optional.empty();
        }
        Optional<Remembered> remembered = read();
        if (remembered.isEmpty() || ctx.session().refusal(remembered.get().release()).isPresent()) {
            return Optional.empty();
        }
        ImageReference channel = ctx.options().channelReference();
        Optional<Digest> digest = Optional.of(remembered.get().release());
        Optional<Digest> platformImage = remembered.get().platformImage();
        Optional<LocalImage> local = ctx.engine().byDigest(channel, platformImage.orElse(digest.get()));
        if (local.isEmpty()) {
            return Optional.empty(); // gone (removed or pruned): the registry decides what runs
        }
        if (platformImage.isPresent() && !local.get().platform().matches(ctx.options().platform().orElse(engine.platform()))) {
            return Optional.empty(); // another platform than this start asks for: the registry's index decides
        }
        Verification v = ctx.trust().withoutRegistry(channel, digest, false);
        if (v.refused() || (ctx.trust().enforcing() && !v.verified())) {
            return Optional.empty();
        }
        if (platformImage.isPresent()) {
            Verification image = ctx.trust().withoutRegistry(channel, platformImage, false);
            if (image.refused() || (ctx.trust().enforcing() && !image.verified())) {
                return Optional.empty();
            }
        }
        ctx.status().checking("Starting the version used last time; a newer release is looked for once it runs…");
        return Optional.of(new ImageSelector.Choice(RunnableImage.of(local.get(), channel, digest, engine.platform()).withVerification(v), ""));
    }

    /** Remembers the release the app now runs; a release without a registry digest (a local build) is not remembered. */
    void remember(RunnableImage running) {
        if (running.digest().isEmpty()) {
            return;
        }
        try {
            ImageReference repository = running.repository().repositoryOnly();
            String line = repository.withDigest(running.digest().get()) + "\n"
                    + running.localDigest().map(image -> repository.withDigest(image) + "\n").orElse("");
            if (Files.isRegularFile(file) && Files.readString(file, StandardCharsets.UTF_8).equals(line)) {
                return;
            }
            if (Files.isDirectory(file.getParent())) {
                AtomicFiles.write(file, line);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("Could not remember the release in {}; the next start asks the registry first", file, e);
        }
    }
}
