package org.siplims.publisher.imagetest;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import org.siplims.core.container.Confinement;
import org.siplims.core.container.ContainerUser;
import org.siplims.core.container.EngineMemory;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import org.siplims.core.docker.EngineConnection;
import org.siplims.core.docker.ImageId;
import org.siplims.core.docker.LoopbackHealth;
import org.siplims.core.docker.Readiness;
import org.siplims.core.image.Platform;
import org.siplims.publisher.config.TestCommand;
import org.siplims.publisher.engine.ContainerJanitor;
import org.siplims.publisher.records.TestRecord;

/**
 * Tests one image, named by its ID so that no tag can move under the test: the version command,
 * a smoke run that must answer the health path, then the config's extra commands. Every container
 * and temporary folder it makes is removed afterwards, also on Ctrl+C.
 */
public final class ImageTester {
    private static final int LOG_LINES = 25;
    private static final Duration POLL = Duration.ofMillis(250);
    private static final long VERSION_TIMEOUT_SECONDS = 120;

    /** One probe may take this long: an app under emulation can be slow to answer. */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    private final EngineConnection engine;
    private final Consumer<String> progress;
    private final LoopbackHealth health = new LoopbackHealth(PROBE_TIMEOUT);

    public ImageTester(EngineConnection engine, Consumer<String> progress) {
        this.engine = engine;
        this.progress = progress;
    }

    /**
     * Runs the plan; returns the record of what passed.
     *
     * @throws TestsFailedException naming the test that failed, with the container's last lines
     */
    public TestRecord test(ImageId imageId, String commit, Platform platform, TestPlan plan) {
        List<String> passed = new ArrayList<>();
        DockerClient docker = engine.answeringClient();
        try (ContainerJanitor janitor = new ContainerJanitor(docker)) {
            Containers containers = new Containers(docker, janitor);
            passed.add(versionCheck(containers, imageId, plan));
            passed.add(smokeRun(containers, janitor, imageId, plan));
            for (TestCommand command : plan.commands()) {
                passed.add(commandTest(containers, janitor, imageId, command));
            }
        }
        return new TestRecord(imageId, plan.expectedVersion(), commit, platform, Instant.now(), passed);
    }

    private String versionCheck(Containers containers, ImageId imageId, TestPlan plan) {
        String test = String.join(" ", plan.versionCommand()) + " prints " + plan.expectedVersion();
        progress.accept("  test: " + test);
        String id = containers.start(imageId, "version", c -> c.withCmd(plan.versionCommand()));
        Optional<Integer> exit = containers.awaitExit(id, VERSION_TIMEOUT_SECONDS);
        List<String> output = containers.lastLines(id, LOG_LINES);
        if (exit.isEmpty()) {
            throw new TestsFailedException(imageId, test, "it did not finish within " + VERSION_TIMEOUT_SECONDS + " s.", output);
        }
        if (exit.get() != 0) {
            throw new TestsFailedException(imageId, test, "it exited with status " + exit.get() + ".", output);
        }
        if (output.stream().noneMatch(line -> containsVersion(line, plan.expectedVersion()))) {
            throw new TestsFailedException(imageId, test, "its output does not contain the version being released, '"
                    + plan.expectedVersion() + "'. Does the Dockerfile pass the build arg APP_VERSION to the app?", output);
        }
        String shown = output.stream().filter(l -> containsVersion(l, plan.expectedVersion())).findFirst().orElse("").strip();
        return test + " (\"" + abbreviate(shown) + "\")";
    }

    /** The version as a word of its own, so 1.2.3 is not found in 1.2.30. */
    static boolean containsVersion(String line, String version) {
        int from = 0;
        int at;
        while ((at = line.indexOf(version, from)) >= 0) {
            int end = at + version.length();
            boolean startOk = at == 0 || !isVersionChar(line.charAt(at - 1));
            boolean endOk = end == line.length() || !isVersionChar(line.charAt(end)) || line.charAt(end) == '.' && (end + 1 == line.length()
                    || !Character.isLetterOrDigit(line.charAt(end + 1)));
            if (startOk && endOk) {
                return true;
            }
            from = at + 1;
        }
        return false;
    }

    private static boolean isVersionChar(char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '+' || c == '_';
    }

    private String smokeRun(Containers containers, ContainerJanitor janitor, ImageId imageId, TestPlan plan) {
        String test = plan.healthPath() + " answers 200 within " + plan.healthTimeout().toSeconds() + " s";
        progress.accept("  test: smoke run, " + test);
        Path data = dataFolder(janitor);
        ExposedPort port = ExposedPort.tcp(plan.port());
        long engineMemory = EngineMemory.of(engine.answeringClient());
        String id = containers.start(imageId, "smoke", c -> c
                .withExposedPorts(port)
                // Confined and as a non-root user, as every app container users get (core's AppContainerSpec):
                // an image whose entrypoint needs a capability or root fails here, before it is pushed.
                .withUser(ContainerUser.forProjectFolder(data))
                .withHostConfig(Confinement.DEFAULT.applyTo(HostConfig.newHostConfig()
                        // A free port on loopback, chosen by the engine: never clashes, never exposed to the network.
                        .withPortBindings(new PortBinding(Ports.Binding.bindIp("127.0.0.1"), port))
                        .withMounts(List.of(dataMount(data)))
                        // An init as PID 1 forwards signals, so the container stops at once when removed.
                        .withInit(true), engineMemory)));
        Readiness readiness = new Readiness(engine, health, Readiness.Polling.every(POLL), LOG_LINES, Clock.systemUTC());
        Readiness.Outcome outcome;
        try {
            outcome = readiness.await(id, Readiness.Endpoint.publishedFrom(plan.port(), plan.healthPath()), plan.healthTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestsFailedException(imageId, "smoke run", "interrupted.", List.of());
        }
        if (outcome instanceof Readiness.Ready ready) {
            return "smoke run: " + plan.healthPath() + " answered 200 after " + seconds(ready.took()) + " (port " + plan.port()
                    + ", /data mounted, confined as users run it)";
        }
        Readiness.NotReady failed = (Readiness.NotReady) outcome;
        String why = switch (failed.reason()) {
            case STOPPED -> "the container stopped with status " + failed.exitCode().map(String::valueOf).orElse("unknown")
                    + " before " + plan.healthPath() + " answered.";
            case VANISHED -> "the container was removed before " + plan.healthPath() + " answered.";
            case TIMED_OUT -> plan.healthPath() + " did not answer 200 within " + plan.healthTimeout().toSeconds() + " s ("
                    + failed.lastAnswer() + ").";
        };
        throw new TestsFailedException(imageId, "smoke run", why, failed.logTail());
    }

    private String commandTest(Containers containers, ContainerJanitor janitor, ImageId imageId, TestCommand command) {
        String test = command.displayName();
        if (command.run().isEmpty()) {
            throw new TestsFailedException(imageId, test, "the config gives it no command to run (\"run\": [...]).", List.of());
        }
        progress.accept("  test: " + command.displayName());
        Path data = dataFolder(janitor);
        Instant start = Instant.now();
        String id = containers.start(imageId, "command", c -> c
                .withEntrypoint(command.run())
                .withHostConfig(HostConfig.newHostConfig().withMounts(List.of(dataMount(data))).withInit(true)));
        Optional<Integer> exit = containers.awaitExit(id, command.timeoutOrDefault());
        if (exit.isEmpty()) {
            throw new TestsFailedException(imageId, test, "it did not finish within " + command.timeoutOrDefault() + " s.",
                    containers.lastLines(id, LOG_LINES));
        }
        if (exit.get() != 0) {
            throw new TestsFailedException(imageId, test, "it exited with status " + exit.get() + ".", containers.lastLines(id, LOG_LINES));
        }
        return "'" + test + "' exited 0 after " + seconds(Duration.between(start, Instant.now()));
    }

    /** A fresh project folder for /data, writable by whatever user the app runs as. */
    private static Path dataFolder(ContainerJanitor janitor) {
        Path data = janitor.tempFolder("sip-lims-publisher-data");
        try {
            Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxrwxrwx"));
        } catch (IOException | UnsupportedOperationException e) {
            // Windows: Docker Desktop maps permissions itself
        }
        return data;
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private static String abbreviate(String text) {
        return text.length() > 80 ? text.substring(0, 77) + "..." : text;
    }

    /** The test data folder at /data as a structured bind mount: a "source:target" string breaks at any colon in the path. */
    private static Mount dataMount(Path data) {
        return new Mount().withType(MountType.BIND).withSource(data.toString()).withTarget("/data");
    }
}
