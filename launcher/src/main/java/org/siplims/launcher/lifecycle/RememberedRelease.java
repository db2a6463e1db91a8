package org.siplims.launcher.lifecycle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * The release the app ran last time ({@code last-release.txt} in the settings folder: one line,
 * {@code repository@digest}), so that a daily start can run it at once, without waiting for the
 * registry: when that release is still on this computer and may run without asking the registry
 * (verified before, or signatures are not in use), {@link #startable} chooses it. The registry is
 * asked afterwards, by the same check a periodic update check makes; a newer release found then is
 * an update, never a delay. A first start, or a remembered release that is gone, waits for the
 * registry as before ({@link ImageSelector#choose}).
 */
final class RememberedRelease {
    static final String FILE_NAME = "last-release.txt";
    private static final Logger LOG = LoggerFactory.getLogger(RememberedRelease.class);
    private final LauncherContext ctx;
    private final Path file;

    RememberedRelease(LauncherContext ctx) {
        this.ctx = ctx;
        this.file = ctx.options().configDirectory().resolve(FILE_NAME);
    }

    /** The remembered release's digest, when one is remembered for the channel's repository. */
    Optional<Digest> digest() {
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            ImageReference remembered = ImageReference.parse(Files.readString(file, StandardCharsets.UTF_8).strip());
            ImageReference channel = ctx.options().channelReference();
            boolean sameRepository = remembered.registry().equals(channel.registry()) && remembered.repository().equals(channel.repository());
            return sameRepository ? remembered.digest() : Optional.empty();
        } catch (IOException | RuntimeException e) {
            LOG.debug("Could not read the remembered release in {}; the registry decides", file, e);
            return Optional.empty();
        }
    }

    /**
     * The remembered release, when it is on this computer and may run without the registry (never
     * offline: that path has its own rules). Asks the engine only, never the registry.
     */
    Optional<ImageSelector.Choice> startable(EngineInfo engine) {
        if (ctx.options().offline()) {
            return Optional.empty();
        }
        Optional<Digest> digest = digest();
        if (digest.isEmpty() || ctx.session().refusal(digest.get()).isPresent()) {
            return Optional.empty();
        }
        ImageReference channel = ctx.options().channelReference();
        Optional<LocalImage> local = ctx.engine().byDigest(channel, digest.get());
        if (local.isEmpty()) {
            return Optional.empty(); // gone (removed or pruned): the registry decides what runs
        }
        Verification v = ctx.trust().withoutRegistry(channel, digest, false);
        if (v.refused() || (ctx.trust().enforcing() && !v.verified())) {
            return Optional.empty();
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
            String line = running.repository().repositoryOnly().withDigest(running.digest().get()) + "\n";
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
