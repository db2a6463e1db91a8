package org.siplims.publisher.lock;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.siplims.core.files.AtomicFiles;
import org.siplims.core.docker.ImageId;
import org.siplims.core.image.Platform;
import org.siplims.publisher.failure.ExitCode;
import org.siplims.publisher.failure.PublisherFailure;
import org.siplims.publisher.engine.ContainerJanitor;
import org.siplims.publisher.preflight.CondaExplicitLock;
import org.siplims.publisher.preflight.Problem;
import org.siplims.publisher.preflight.PreflightFailedException;
import org.siplims.publisher.preflight.RequirementsLock;

/**
 * Regenerates the two lock files from an image that works: {@code conda list --explicit} and
 * {@code pip freeze} inside the image's environment. Both outputs are checked as preflight would
 * check them before either file is replaced, and each is replaced atomically (written beside it,
 * then renamed), so a failure leaves the old files as they were.
 */
public final class LockGenerator {
    private static final long TIMEOUT_SECONDS = 300;
    private final DockerClient docker;
    private final Consumer<String> progress;

    public LockGenerator(DockerClient docker, Consumer<String> progress) {
        this.docker = docker;
        this.progress = progress;
    }

    /** The lock files written and the platform the conda lock is for. */
    public record Written(Path condaLock, Path requirementsLock, String condaPlatform, int condaPackages) {
    }

    public Written generate(ImageId imageId, Platform imagePlatform, List<String> condaCommand, List<String> pipCommand,
                            Path condaLock, Path requirementsLock) {
        progress.accept("  running " + String.join(" ", condaCommand));
        String conda = output(imageId, condaCommand);
        progress.accept("  running " + String.join(" ", pipCommand));
        String pip = output(imageId, pipCommand);

        List<Problem> problems = new ArrayList<>();
        CondaExplicitLock lock = CondaExplicitLock.parse(condaLock.getFileName() + " (new)", conda);
        problems.addAll(lock.problemsFor(imagePlatform));
        problems.addAll(RequirementsLock.check(requirementsLock.getFileName() + " (new)", pip));
        if (!problems.isEmpty()) {
            throw new PreflightFailedException(problems);
        }
        replace(condaLock, conda);
        replace(requirementsLock, pip);
        return new Written(condaLock, requirementsLock, lock.platform().map(Object::toString).orElse("?"), lock.packages().size());
    }

    /** Runs the command in a throwaway container of the image (it replaces the entrypoint); returns its stdout. */
    private String output(ImageId imageId, List<String> command) {
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        // Removed whatever happens, Ctrl+C included.
        try (ContainerJanitor janitor = new ContainerJanitor(docker)) {
            String name = "sip-lims-publisher-lock-" + UUID.randomUUID().toString().substring(0, 8);
            String id = docker.createContainerCmd(imageId.toString()).withName(name).withEntrypoint(command)
                    .withLabels(Map.of("org.siplims.publisher.test", "lock")).exec().getId();
            janitor.container(id);
            docker.startContainerCmd(id).exec();
            Integer status = docker.waitContainerCmd(id).exec(new WaitContainerResultCallback()).awaitStatusCode(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            docker.logContainerCmd(id).withStdOut(true).withStdErr(true).exec(new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                    (frame.getStreamType() == StreamType.STDERR ? err : out).append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                }
            }).awaitCompletion(30, TimeUnit.SECONDS);
            if (status == null || status != 0) {
                throw new PublisherFailure(ExitCode.USAGE, "`" + String.join(" ", command) + "` failed in the image (status " + status + "): "
                        + lastLine(err.length() > 0 ? err.toString() : out.toString()),
                        "Check that the image has that environment, or set the commands in publisher.json under \"lock\".");
            }
            return out.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublisherFailure(ExitCode.USAGE, "Interrupted.", "");
        } catch (com.github.dockerjava.api.exception.DockerException e) {
            throw new PublisherFailure(ExitCode.USAGE, "`" + String.join(" ", command) + "` could not run in the image: "
                    + lastLine(e.getMessage()), "Check that the image has that command, or set the commands in publisher.json under \"lock\".");
        }
    }

    private static void replace(Path file, String content) {
        try {
            AtomicFiles.write(file, content);
        } catch (IOException e) {
            throw new PublisherFailure(ExitCode.USAGE, "Cannot write " + file + ": " + e.getMessage(), "Check that the folder is writable.", e);
        }
    }

    private static String lastLine(String text) {
        if (text == null) {
            return "";
        }
        List<String> lines = text.strip().lines().toList();
        return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1);
    }
}
