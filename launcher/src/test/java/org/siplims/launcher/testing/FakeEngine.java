package org.siplims.launcher.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.siplims.core.docker.DockerUnavailableException;
import org.siplims.core.docker.ImageId;
import org.siplims.core.docker.Readiness;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.image.Platform;
import org.siplims.core.release.ReleaseLabels;
import org.siplims.launcher.engine.AppEngine;
import org.siplims.launcher.engine.ContainerNameTakenException;
import org.siplims.launcher.engine.ContainerSpec;
import org.siplims.core.docker.EngineInfo;
import org.siplims.launcher.engine.ExecFormatException;
import org.siplims.launcher.engine.ExistingContainer;
import org.siplims.core.docker.LocalImage;
import org.siplims.launcher.engine.PullFailedException;
import org.siplims.launcher.status.PullProgress;

/**
 * An in-memory container engine for unit tests of the lifecycle's decisions: images are records in
 * a list, containers entries in a map, a pull copies an image registered with {@link #offer}, and
 * an app is healthy as soon as its container runs, unless its image was marked with {@link #crashes}
 * or {@link #wrongProcessor}. Not thread-safe beyond what a single test thread needs.
 */
public final class FakeEngine implements AppEngine {
    private final EngineInfo info = new EngineInfo("fake-1.0", "1.41", Platform.LINUX_AMD64);
    private final List<LocalImage> images = new ArrayList<>();
    /** What a pull of a digest would bring: the registry's side of the images. */
    private final Map<Digest, LocalImage> pullable = new LinkedHashMap<>();
    private final Map<String, Container> containers = new LinkedHashMap<>();
    private final Set<ImageId> crashing = new HashSet<>();
    private final Set<ImageId> wrongProcessor = new HashSet<>();
    private final List<Digest> pulls = new ArrayList<>();
    private boolean available = true;
    private int nextId = 1;

    private static final class Container {
        final String id;
        final String name;
        final ContainerSpec spec;
        boolean running;
        Optional<Integer> exitCode = Optional.empty();

        Container(String id, String name, ContainerSpec spec) {
            this.id = id;
            this.name = name;
            this.spec = spec;
        }
    }

    /** An image of {@code repository} pulled by {@code digest}, with a version label, made at {@code created}. */
    public static LocalImage image(ImageReference repository, Digest digest, String version, Instant created) {
        // An image ID of its own, derived from the digest so that each fake image differs.
        ImageId id = ImageId.parse("sha256:" + new StringBuilder(digest.hex()).reverse());
        return new LocalImage(id, Platform.LINUX_AMD64, Map.of(ReleaseLabels.VERSION, version), Optional.of(created),
                List.of(repository.repositoryOnly().withDigest(digest).toString()));
    }

    /** The image is on this machine already. */
    public FakeEngine has(LocalImage image) {
        images.add(image);
        return this;
    }

    /** The image can be pulled by its digest. */
    public FakeEngine offer(LocalImage image) {
        pullable.put(image.repoDigest().orElseThrow(), image);
        return this;
    }

    /** Containers of this image exit as soon as they start. */
    public FakeEngine crashes(LocalImage image) {
        crashing.add(image.id());
        return this;
    }

    /** Containers of this image cannot start: the engine says "exec format error". */
    public FakeEngine wrongProcessor(LocalImage image) {
        wrongProcessor.add(image.id());
        return this;
    }

    public void available(boolean answers) {
        this.available = answers;
    }

    /** The digests pulled, in order. */
    public List<Digest> pulls() {
        return List.copyOf(pulls);
    }

    /** The image ID of the running container named {@code name}, if one runs. */
    public Optional<ImageId> runningImage(String name) {
        return containers.values().stream().filter(c -> c.name.equals(name) && c.running).map(c -> c.spec.image().imageId()).findFirst();
    }

    public int containerCount() {
        return containers.size();
    }

    private void answer() {
        if (!available) {
            throw new DockerUnavailableException("fake://engine", null);
        }
    }

    @Override
    public EngineInfo ping() {
        answer();
        return info;
    }

    @Override
    public List<LocalImage> ofRepository(ImageReference repository) {
        answer();
        List<LocalImage> newestFirst = new ArrayList<>(images);
        newestFirst.sort(Comparator.comparing((LocalImage i) -> i.created().orElse(Instant.EPOCH)).reversed());
        return newestFirst;
    }

    @Override
    public Optional<LocalImage> byDigest(ImageReference repository, Digest digest) {
        answer();
        return images.stream().filter(i -> i.repoDigest().equals(Optional.of(digest))).findFirst();
    }

    @Override
    public Optional<LocalImage> best(ImageReference channel) {
        return ofRepository(channel).stream().findFirst();
    }

    @Override
    public void removeNames(LocalImage image) {
        images.removeIf(i -> i.id().equals(image.id()));
    }

    @Override
    public void pull(ImageReference pinned, Optional<Platform> platform, Map<String, Long> layerSizes, Consumer<PullProgress> progress) {
        answer();
        Digest digest = pinned.digest().orElseThrow();
        LocalImage image = pullable.get(digest);
        if (image == null) {
            throw new PullFailedException(pinned.familiar(), "the fake registry has no such image.", null);
        }
        progress.accept(new PullProgress(0, 100));
        pulls.add(digest);
        images.add(image);
        progress.accept(new PullProgress(100, 100));
    }

    @Override
    public Optional<ExistingContainer> find(String name) {
        answer();
        return containers.values().stream().filter(c -> c.name.equals(name)).findFirst().map(FakeEngine::existing);
    }

    @Override
    public Optional<ExistingContainer> inspect(String id) {
        answer();
        return Optional.ofNullable(containers.get(id)).map(FakeEngine::existing);
    }

    private static ExistingContainer existing(Container c) {
        return new ExistingContainer(c.id, c.name, true, c.running, c.running ? "running" : c.exitCode.isPresent() ? "exited" : "created",
                Optional.of(c.spec.fingerprint()), c.exitCode);
    }

    /** The project folder each existing container mounts, as its spec gave it to the engine. */
    public List<String> mountedProjects() {
        return containers.values().stream().map(c -> c.spec.app().mounts().get(0).source()).toList();
    }

    @Override
    public String create(ContainerSpec spec) {
        answer();
        if (containers.values().stream().anyMatch(c -> c.name.equals(spec.name()))) {
            throw new ContainerNameTakenException(spec.name());
        }
        String id = "container-" + nextId++;
        containers.put(id, new Container(id, spec.name(), spec));
        return id;
    }

    @Override
    public void start(String id, int appPort) {
        answer();
        Container c = containers.get(id);
        ImageId image = c.spec.image().imageId();
        if (wrongProcessor.contains(image)) {
            throw new ExecFormatException(null);
        }
        if (crashing.contains(image)) {
            c.running = false;
            c.exitCode = Optional.of(1);
        } else {
            c.running = true;
        }
    }

    @Override
    public void stop(String id, Duration grace) {
        answer();
        Container c = containers.get(id);
        if (c != null && c.running) {
            c.running = false;
            c.exitCode = Optional.of(0);
        }
    }

    @Override
    public void remove(String id) {
        answer();
        containers.remove(id);
    }

    @Override
    public String logTail(String id, int lines) {
        Container c = containers.get(id);
        return c == null ? "" : c.exitCode.isPresent() ? "the fake app gave up" : "the fake app runs";
    }

    @Override
    public boolean logShowsExecFormatError(String log) {
        return log.contains("exec format error");
    }

    @Override
    public void requirePortFree(int port) {
        // nothing listens anywhere in memory
    }

    @Override
    public boolean healthy(int appPort) {
        return containers.values().stream().anyMatch(c -> c.running && c.spec.appPort() == appPort);
    }

    /** At once: a crashing image has stopped (exit code 1), any other runs and answers. */
    @Override
    public Readiness.Outcome awaitReady(String id, int appPort, Duration timeout) {
        answer();
        Container c = containers.get(id);
        if (c == null) {
            return new Readiness.NotReady(Readiness.Reason.VANISHED, Optional.empty(), "removed", "not answering yet", Duration.ZERO, List.of());
        }
        if (!c.running) {
            return new Readiness.NotReady(Readiness.Reason.STOPPED, c.exitCode, "exited", "not answering yet", Duration.ZERO,
                    List.of(logTail(id, 40)));
        }
        return new Readiness.Ready(Duration.ZERO);
    }

    @Override
    public void close() {
        // nothing to let go of
    }
}
