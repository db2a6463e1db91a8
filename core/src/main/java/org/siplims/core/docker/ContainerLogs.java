package org.siplims.core.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Reads what a container wrote: the one place that asks the engine for a container's log. */
public final class ContainerLogs {
    /** A log stream that has not ended by then is cut off: the tail is for messages, not worth a hang. */
    private static final long READ_SECONDS = 10;

    private ContainerLogs() {
    }

    /**
     * The last {@code lines} lines the container wrote, stdout and stderr interleaved as the engine
     * stored them; empty when there is no such container.
     *
     * @throws InterruptedException when the caller is cancelled while the log is read
     * @throws RuntimeException     docker-java's, when the engine fails (callers translate it)
     */
    public static List<String> tail(DockerClient docker, String containerId, int lines) throws InterruptedException {
        StringBuilder text = new StringBuilder();
        ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                synchronized (text) {
                    text.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                }
            }
        };
        try {
            docker.logContainerCmd(containerId).withStdOut(true).withStdErr(true).withTail(lines).exec(callback);
            if (!callback.awaitCompletion(READ_SECONDS, TimeUnit.SECONDS)) {
                callback.close();
            }
        } catch (InterruptedException e) {
            closeQuietly(callback);
            throw e;
        } catch (NotFoundException e) {
            return List.of();
        } catch (IOException e) {
            // closing a log stream that took too long: what arrived is the answer
        }
        List<String> all;
        synchronized (text) {
            all = text.toString().lines().toList();
        }
        return List.copyOf(all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    private static void closeQuietly(AutoCloseable stream) {
        try {
            stream.close();
        } catch (Exception ignored) {
            // the read is abandoned anyway
        }
    }
}
