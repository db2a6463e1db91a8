package org.siplims.publisher.engine;

import com.github.dockerjava.api.DockerClient;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes the containers and temporary folders a test run (or a lock run) created, whatever happens: when the run
 * ends (normally or by an exception) and, through a JVM shutdown hook, when the maintainer presses
 * Ctrl+C in the middle of it. Removing twice is harmless.
 */
public final class ContainerJanitor implements AutoCloseable {
    private final DockerClient docker;
    private final List<String> containers = new ArrayList<>();
    private final List<Path> folders = new ArrayList<>();
    private final Thread hook;

    public ContainerJanitor(DockerClient docker) {
        this.docker = docker;
        this.hook = new Thread(this::cleanUp, "publisher-test-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** A container to remove (forcibly, with its anonymous volumes). */
    public synchronized void container(String id) {
        containers.add(id);
    }

    /** A new temporary folder, deleted with everything in it. */
    public synchronized Path tempFolder(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            folders.add(dir);
            return dir;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot create a temporary folder: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        cleanUp();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run: it did the same cleanup
        }
    }

    private synchronized void cleanUp() {
        for (String id : containers) {
            try {
                docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
            } catch (RuntimeException alreadyGone) {
                // removed before, or the engine went away: nothing more can be done
            }
        }
        containers.clear();
        for (Path dir : folders) {
            deleteTree(dir);
        }
        folders.clear();
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ignored) {
            // a file the app wrote as another user may resist; the OS cleans temp folders eventually
        }
    }
}
