package org.siplims.publisher.imagetest;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.siplims.core.docker.ContainerLogs;
import org.siplims.core.docker.ImageId;
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
    String start(ImageId imageId, String purpose, UnaryOperator<CreateContainerCmd> configure) {
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

    /** The last lines of the container's output (stdout and stderr interleaved). */
    List<String> lastLines(String id, int count) {
        try {
            return ContainerLogs.tail(docker, id, count);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } catch (RuntimeException e) {
            return List.of("(the container's output could not be read: " + e.getMessage() + ")");
        }
    }
}
