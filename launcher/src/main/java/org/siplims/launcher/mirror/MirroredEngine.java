package org.siplims.launcher.mirror;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.siplims.core.docker.EngineInfo;
import org.siplims.core.docker.ImageId;
import org.siplims.core.docker.LocalImage;
import org.siplims.core.docker.Readiness;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.image.Platform;
import org.siplims.launcher.config.LabMirror;
import org.siplims.launcher.engine.AppEngine;
import org.siplims.launcher.engine.ContainerSpec;
import org.siplims.launcher.engine.ExistingContainer;
import org.siplims.launcher.engine.PullFailedException;
import org.siplims.launcher.status.PullProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine, with pulls going to the lab mirror first. A release is always pulled by its digest,
 * which the engine checks against the bytes it receives, so a mirror that serves other bytes fails
 * the pull; the origin is asked then, and {@link MirrorRoute} says so.
 *
 * <p>The engine records an image pulled from the mirror under the mirror's name
 * ({@code mirror/lab/app@sha256:…}); a digest names the same bytes wherever they came from, so the
 * images of the origin's repository are looked up under both names.
 */
public final class MirroredEngine implements AppEngine {
    private static final Logger LOG = LoggerFactory.getLogger(MirroredEngine.class);
    private final AppEngine engine;
    private final LabMirror mirror;
    private final MirrorRoute route;

    public MirroredEngine(AppEngine engine, MirrorRoute route) {
        this.engine = engine;
        this.mirror = route.mirror();
        this.route = route;
    }

    @Override
    public void pull(ImageReference pinned, Optional<Platform> platform, Map<String, Long> layerSizes, Consumer<PullProgress> progress)
            throws InterruptedException {
        try {
            engine.pull(mirror.at(pinned), platform, layerSizes, progress);
        } catch (PullFailedException mirrorFailed) {
            LOG.info("Pulling {} from the lab mirror {} failed; pulling from the origin: {}", pinned, mirror, mirrorFailed.getMessage());
            engine.pull(pinned, platform, layerSizes, progress);
            route.mirrorFailed(pinned.registry(), mirrorFailed.getMessage());
        }
    }

    @Override
    public Optional<LocalImage> byDigest(ImageReference repository, Digest digest) {
        Optional<LocalImage> own = engine.byDigest(repository, digest);
        return own.isPresent() ? own : engine.byDigest(mirror.at(repository.repositoryOnly()), digest);
    }

    @Override
    public List<LocalImage> ofRepository(ImageReference repository) {
        Map<ImageId, LocalImage> byId = new LinkedHashMap<>();
        for (LocalImage image : concat(engine.ofRepository(repository), engine.ofRepository(mirror.at(repository.repositoryOnly())))) {
            LocalImage seen = byId.get(image.id());
            if (seen == null) {
                byId.put(image.id(), image);
            } else {
                Set<String> names = new LinkedHashSet<>(seen.references());
                names.addAll(image.references());
                byId.put(image.id(), new LocalImage(seen.id(), seen.platform(), seen.labels(), seen.created(), new ArrayList<>(names)));
            }
        }
        List<LocalImage> all = new ArrayList<>(byId.values());
        all.sort(Comparator.comparing((LocalImage i) -> i.created().orElse(Instant.EPOCH)).reversed());
        return all;
    }

    @Override
    public Optional<LocalImage> best(ImageReference channel) {
        Optional<LocalImage> own = engine.best(channel);
        boolean channelTagged = own.isPresent() && own.get().references().stream()
                .anyMatch(r -> r.equals(channel.toString()) || r.equals(channel.familiar()));
        return channelTagged ? own : ofRepository(channel).stream().findFirst();
    }

    private static List<LocalImage> concat(List<LocalImage> a, List<LocalImage> b) {
        List<LocalImage> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    // ---- everything else is the engine's own ----------------------------------------------------

    @Override
    public EngineInfo ping() {
        return engine.ping();
    }

    @Override
    public void removeNames(LocalImage image) {
        engine.removeNames(image);
    }

    @Override
    public Optional<ExistingContainer> find(String name) {
        return engine.find(name);
    }

    @Override
    public Optional<ExistingContainer> inspect(String id) {
        return engine.inspect(id);
    }

    @Override
    public String create(ContainerSpec spec) {
        return engine.create(spec);
    }

    @Override
    public void start(String id, int appPort) {
        engine.start(id, appPort);
    }

    @Override
    public void stop(String id, Duration grace) {
        engine.stop(id, grace);
    }

    @Override
    public void remove(String id) {
        engine.remove(id);
    }

    @Override
    public String logTail(String id, int lines) throws InterruptedException {
        return engine.logTail(id, lines);
    }

    @Override
    public boolean logShowsExecFormatError(String log) {
        return engine.logShowsExecFormatError(log);
    }

    @Override
    public void requirePortFree(int port) throws InterruptedException {
        engine.requirePortFree(port);
    }

    @Override
    public boolean healthy(int appPort) throws InterruptedException {
        return engine.healthy(appPort);
    }

    @Override
    public Readiness.Outcome awaitReady(String id, int appPort, Duration timeout) throws InterruptedException {
        return engine.awaitReady(id, appPort, timeout);
    }

    @Override
    public void close() {
        engine.close();
    }
}
