package org.siplims.publisher.dev;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.Image;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.siplims.core.container.AppContainerSpec;
import org.siplims.core.container.EngineMemory;
import org.siplims.core.docker.EngineConnection;
import org.siplims.core.docker.LocalImage;
import org.siplims.core.release.ReleaseMetadata;
import org.siplims.publisher.build.BuildRequest;
import org.siplims.publisher.build.EnvironmentInputs;
import org.siplims.publisher.build.ImageBuilder;
import org.siplims.publisher.config.Settings;
import org.siplims.publisher.failure.ExitCode;
import org.siplims.publisher.failure.PublisherFailure;

/**
 * The maintainer's live-edit loop ({@code scripts/publish dev}): the working tree's app in the
 * container users get. The image is the newest local one of the image definition whose
 * environment ({@link EnvironmentInputs}) is the working tree's; only when there is none is it
 * built. The container is core's {@link AppContainerSpec}, as the launcher makes it, with the
 * working tree's {@code app/} mounted over the image's and Streamlit rerunning on save
 * ({@link AppContainerSpec#withLiveSource}). Its log streams to the terminal until it stops or
 * the maintainer presses Ctrl+C, which stops and removes it.
 */
public final class DevLoop {
    /** Marks the dev loop's containers: only those are replaced or removed. */
    public static final String DEV_LABEL = "org.siplims.dev";
    public static final String SOURCE_LABEL = "org.siplims.dev.source";
    private static final int STOP_GRACE_SECONDS = 5;

    private final Settings settings;
    private final EngineConnection engine;
    private final Consumer<String> console;

    public DevLoop(Settings settings, EngineConnection engine, Consumer<String> console) {
        this.settings = settings;
        this.engine = engine;
        this.console = console;
    }

    /** What the dev loop ran: for the report and {@code --json}. */
    public record Session(String container, String image, boolean rebuilt, Path source, String url) {
    }

    /** The image to run: the newest local one with this environment, else a new build (said so). */
    public Chosen image() {
        String hash = EnvironmentInputs.hash(settings.context(), settings.dockerfile());
        List<LocalImage> ofRepository = ofRepository();
        Optional<LocalImage> same = ofRepository.stream().filter(i -> hash.equals(i.labels().get(EnvironmentInputs.LABEL))).findFirst();
        if (same.isPresent()) {
            return new Chosen(same.get(), false);
        }
        console.accept(ofRepository.isEmpty()
                ? "dev: no local image of " + settings.image().familiar() + " yet: building"
                : "dev: environment changed: rebuilding (the Dockerfile, a lock file or another input before the app layer differs)");
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(EnvironmentInputs.LABEL, hash);
        ReleaseMetadata metadata = new ReleaseMetadata("dev", "working-tree", Optional.empty(), true, Optional.empty(), Optional.empty());
        BuildRequest request = new BuildRequest(settings.context(), settings.dockerfile(), settings.platform(), settings.image().withTag("dev"),
                metadata, labels);
        return new Chosen(new ImageBuilder(engine.answeringClient(), console).build(request), true);
    }

    /** The image the loop runs, and whether it was built for this run. */
    public record Chosen(LocalImage image, boolean built) {
    }

    /** Every local image tagged with the image definition's repository, newest first. */
    private List<LocalImage> ofRepository() {
        DockerClient client = engine.client();
        String repo = settings.image().repositoryOnly().toString();
        String familiar = settings.image().repositoryOnly().familiar();
        return client.listImagesCmd().exec().stream()
                .filter(i -> i.getRepoTags() != null && Arrays.stream(i.getRepoTags())
                        .anyMatch(t -> t.startsWith(repo + ":") || t.startsWith(familiar + ":")))
                .map(Image::getId).distinct()
                .flatMap(id -> LocalImage.find(client, id).stream())
                .sorted(Comparator.comparing((LocalImage i) -> i.created().orElse(Instant.EPOCH)).reversed())
                .toList();
    }

    /**
     * Runs the container of {@code spec} (made by the caller from the shared spec, with the live
     * source) under {@code name}, streams its log until it stops, and removes it then or on Ctrl+C.
     *
     * @throws PublisherFailure when a dev container already runs under that name, or the engine refuses
     */
    public Session run(String name, AppContainerSpec spec, Chosen chosen, Path source) throws InterruptedException {
        DockerClient client = engine.client();
        refuseSecondLoop(client, name);
        Map<String, String> labels = Map.of(DEV_LABEL, "true", SOURCE_LABEL, source.toString());
        String id = spec.createCommand(client, name, labels, EngineMemory.of(client)).exec().getId();
        Thread cleanUp = new Thread(() -> stopAndRemove(client, id), "dev-stop");
        Runtime.getRuntime().addShutdownHook(cleanUp); // Ctrl+C: the container goes with the command
        String url = "http://localhost:" + spec.hostPort() + "/";
        try {
            try {
                client.startContainerCmd(id).exec();
            } catch (RuntimeException e) {
                String m = String.valueOf(e.getMessage());
                throw new PublisherFailure(ExitCode.USAGE, "The dev container could not start: " + m.lines().findFirst().orElse(m),
                        m.contains("port is already allocated") || m.contains("address already in use")
                                ? "Port " + spec.hostPort() + " is taken (the launcher uses 8501 too): stop it, or give --app-port 8601."
                                : "Check Docker, then run scripts/publish dev again.");
            }
            LocalImage image = chosen.image();
            console.accept("dev: app      " + url);
            console.accept("dev: source   " + source + " (mounted at " + AppContainerSpec.APP_DIR + "; Streamlit reruns on save)");
            console.accept("dev: image    " + image.id() + " " + image.references().stream().findFirst().orElse("")
                    + (chosen.built() ? " (built now)" : " (no rebuild: the environment is unchanged)"));
            console.accept("dev: project  " + spec.mounts().get(0).source() + " (at " + AppContainerSpec.DATA_DIR + ")");
            console.accept("dev: container " + name + ", as users get it; Ctrl+C stops and removes it. The app's log follows.");
            streamLog(client, id);
            Long exit = client.inspectContainerCmd(id).exec().getState().getExitCodeLong();
            console.accept("dev: the app stopped" + (exit == null ? "" : " (exit code " + exit + ")") + "; its container is removed.");
            return new Session(name, image.id().toString(), chosen.built(), source, url);
        } finally {
            stopAndRemove(client, id);
            try {
                Runtime.getRuntime().removeShutdownHook(cleanUp);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs or ran: it removes the container
            }
        }
    }

    /** A dev container of this name that runs is another loop's: said, not replaced. A stopped one is a leftover: removed. */
    private static void refuseSecondLoop(DockerClient client, String name) {
        InspectContainerResponse existing;
        try {
            existing = client.inspectContainerCmd(name).exec();
        } catch (NotFoundException e) {
            return;
        }
        Map<String, String> labels = existing.getConfig() == null || existing.getConfig().getLabels() == null ? Map.of()
                : existing.getConfig().getLabels();
        boolean ours = "true".equals(labels.get(DEV_LABEL));
        boolean running = existing.getState() != null && Boolean.TRUE.equals(existing.getState().getRunning());
        if (!ours) {
            throw new PublisherFailure(ExitCode.USAGE, "A container named '" + name + "' exists and is not a dev container.",
                    "Give another name with --name, or remove that container if it is not needed.");
        }
        if (running) {
            throw new PublisherFailure(ExitCode.USAGE, "A dev loop is already running: the container '" + name + "' serves "
                    + labels.getOrDefault(SOURCE_LABEL, "a working tree") + ".",
                    "Use that one (its terminal shows the log) or stop it with Ctrl+C there; "
                            + "if its terminal is gone, docker rm -f " + name + " removes it.");
        }
        client.removeContainerCmd(existing.getId()).withForce(true).exec();
    }

    private void streamLog(DockerClient client, String id) throws InterruptedException {
        client.logContainerCmd(id).withStdOut(true).withStdErr(true).withFollowStream(true)
                .exec(new ResultCallback.Adapter<Frame>() {
                    private final StringBuilder partial = new StringBuilder();

                    @Override
                    public void onNext(Frame frame) {
                        partial.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                        int nl;
                        while ((nl = partial.indexOf("\n")) >= 0) {
                            console.accept("app: " + partial.substring(0, nl));
                            partial.delete(0, nl + 1);
                        }
                    }
                }).awaitCompletion();
    }

    private static void stopAndRemove(DockerClient client, String id) {
        try {
            client.stopContainerCmd(id).withTimeout(STOP_GRACE_SECONDS).exec();
        } catch (NotFoundException | NotModifiedException e) {
            // stopped or gone already
        } catch (RuntimeException e) {
            // the removal below forces it
        }
        try {
            client.removeContainerCmd(id).withForce(true).exec();
        } catch (RuntimeException e) {
            // gone already, or removal in progress
        }
    }

    /** The working tree's app folder, which must exist. */
    public static Path appSource(Path context) {
        Path app = context.resolve(EnvironmentInputs.APP_FOLDER);
        if (!Files.isDirectory(app)) {
            throw new PublisherFailure(ExitCode.USAGE, "The context " + context + " has no app/ folder to run.",
                    "Run scripts/publish dev from the repository's root, or give it with --context DIR.");
        }
        return app;
    }
}
