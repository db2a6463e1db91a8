package org.siplims.publisher.imagetest;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.Ports;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.siplims.core.image.Digest;
import org.siplims.publisher.engine.ContainerJanitor;

/** The few container operations the tests need, on top of docker-java, each registered for cleanup. */
final class Containers {
    static final String LABEL = "org.siplims.publisher.test";
    private final DockerClient docker;
    private final ContainerJanitor janitor;

    Containers(DockerClient docker, ContainerJanitor janitor) {
        this.docker = docker;
        this.janitor = janitor;
    }

    /** Creates and starts a container of the image (by ID), configured by {@code configure}; returns its ID. */
    String start(Digest imageId, String purpose, UnaryOperator<CreateContainerCmd> configure) {
        String name = "sip-lims-publisher-" + purpose + "-" + UUID.randomUUID().toString().substring(0, 8);
        CreateContainerCmd cmd = docker.createContainerCmd(imageId.toString())
                .withName(name)
                .withLabels(Map.of(LABEL, purpose));
        String id = configure.apply(cmd).exec().getId();
        janitor.container(id);
        docker.startContainerCmd(id).exec();
        return id;
    }

    /** The exit code once the container stops, or empty if it still runs after the timeout. */
    Optional<Integer> awaitExit(String id, long seconds) {
        try {
            return Optional.ofNullable(docker.waitContainerCmd(id).exec(new WaitContainerResultCallback())
                    .awaitStatusCode(seconds, TimeUnit.SECONDS));
        } catch (RuntimeException timeout) {
            return Optional.empty();
        }
    }

    /** Whether it is still running, and its exit code if not. */
    Optional<Integer> exitCodeIfStopped(String id) {
        InspectContainerResponse.ContainerState state = docker.inspectContainerCmd(id).exec().getState();
        if (Boolean.TRUE.equals(state.getRunning()) || Boolean.TRUE.equals(state.getRestarting())) {
            return Optional.empty();
        }
        return Optional.of(state.getExitCodeLong() == null ? -1 : state.getExitCodeLong().intValue());
    }

    /**
     * The host port the engine chose for a container port published on 127.0.0.1; empty once the
     * container has stopped (a stopped container has no published ports).
     */
    Optional<Integer> hostPort(String id, int containerPort) {
        Ports.Binding[] bindings = docker.inspectContainerCmd(id).exec().getNetworkSettings().getPorts()
                .getBindings().get(ExposedPort.tcp(containerPort));
        if (bindings == null || bindings.length == 0 || bindings[0].getHostPortSpec() == null) {
            return Optional.empty();
        }
        return Optional.of(Integer.parseInt(bindings[0].getHostPortSpec()));
    }

    /** The last lines of the container's output (stdout and stderr interleaved). */
    List<String> lastLines(String id, int count) {
        StringBuilder text = new StringBuilder();
        try {
            docker.logContainerCmd(id).withStdOut(true).withStdErr(true).withTail(count)
                    .exec(new ResultCallback.Adapter<Frame>() {
                        @Override
                        public void onNext(Frame frame) {
                            text.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                        }
                    }).awaitCompletion(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            return List.of("(the container's output could not be read: " + e.getMessage() + ")");
        }
        List<String> lines = new ArrayList<>(text.toString().lines().toList());
        return lines.subList(Math.max(0, lines.size() - count), lines.size());
    }
}
