package org.siplims.core.testing.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.siplims.core.process.ProcessCommand;
import org.siplims.core.process.ProcessRunner;
import org.siplims.core.process.RunningProcess;
import org.siplims.core.testing.DockerCli;
import org.siplims.core.testing.HostCommand;

/**
 * A second Docker engine of the test's own, for faults that must not touch the shared one: stopped
 * while the app runs, or a data root that fills up. It has its own data and exec roots, socket and
 * bridge ({@code sipfNNN} on an unused {@code 10.213.N.0/24}, so {@code -p 127.0.0.1:X:8501}
 * works through the userland proxy) and no iptables rules. With a size, the data root is a tmpfs
 * of that size. {@link #close()} stops it, unmounts and deletes everything it made.
 */
public final class DedicatedEngine implements AutoCloseable {
    private final Path root;
    private final Path dataRoot;
    private final Path execRoot;
    private final Path socket;
    private final String bridge;
    private final boolean tmpfs;
    private final DockerCli cli;
    private static final ProcessRunner RUNNER = new ProcessRunner();
    private RunningProcess process;

    /** @param tmpfsMegabytes size of a tmpfs data root, or 0 for a plain folder */
    public DedicatedEngine(int tmpfsMegabytes) {
        try {
            root = Files.createTempDirectory("sipeng");
            dataRoot = Files.createDirectories(root.resolve("data"));
            execRoot = Files.createTempDirectory("sipx");
            socket = root.resolve("docker.sock");
            int n = ThreadLocalRandom.current().nextInt(100, 250);
            bridge = "sipf" + n + Integer.toHexString(ThreadLocalRandom.current().nextInt(16, 255));
            HostCommand.run("ip", "link", "add", bridge, "type", "bridge");
            HostCommand.run("ip", "addr", "add", "10.213." + n + ".1/24", "dev", bridge);
            HostCommand.run("ip", "link", "set", bridge, "up");
            tmpfs = tmpfsMegabytes > 0;
            if (tmpfs) {
                HostCommand.run("mount", "-t", "tmpfs", "-o", "size=" + tmpfsMegabytes + "m", "siplims-fault-tmpfs", dataRoot.toString());
            }
            cli = new DockerCli(Files.createDirectories(root.resolve("cli-config")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        start();
    }

    public URI host() {
        return URI.create("unix://" + socket);
    }

    public Path dataRoot() {
        return dataRoot;
    }

    /** The docker command line pointed at this engine. */
    public DockerCli.Result docker(String... args) {
        List<String> all = new ArrayList<>(List.of("-H", host().toString()));
        all.addAll(List.of(args));
        return cli.exec(null, all.toArray(String[]::new));
    }

    /** Starts the engine (again) and waits until it answers. */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        try {
            // The safe base only (PATH finds containerd, runc, docker-init), none of DOCKER_HOST & co.
            process = RUNNER.start(ProcessCommand.of("dockerd", "--data-root", dataRoot.toString(), "--exec-root", execRoot.toString(),
                    "--pidfile", root.resolve("dockerd.pid").toString(), "-H", host().toString(), "--bridge=" + bridge,
                    "--iptables=false", "--ip-masq=false", "--ip6tables=false", "--storage-driver=vfs",
                    "--max-download-attempts=1").inheritSafeBase().appendOutputTo(root.resolve("dockerd.log")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (docker("version", "--format", "{{.Server.Version}}").exitCode() == 0) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("The dedicated dockerd exited: " + log());
            }
            sleep(300);
        }
        throw new IllegalStateException("The dedicated dockerd did not answer within 90 s: " + log());
    }

    /** Stops the engine as Docker Desktop's Quit would (SIGTERM; it stops its containers), and waits. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        try {
            process.stop(Duration.ofSeconds(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    public String log() {
        try {
            String all = Files.readString(root.resolve("dockerd.log"));
            return all.length() > 4000 ? all.substring(all.length() - 4000) : all;
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        try {
            if (process != null) {
                stop();
            }
        } finally {
            // containerd's shims may hold mounts under the exec root for a moment.
            runQuietly("umount", "-R", "-l", execRoot.toString());
            if (tmpfs) {
                runQuietly("umount", "-l", dataRoot.toString());
            } else {
                runQuietly("umount", "-R", "-l", dataRoot.toString());
            }
            runQuietly("ip", "link", "del", bridge);
            deleteTree(root);
            deleteTree(execRoot);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: a temporary folder
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // best effort
        }
    }

    private static void runQuietly(String... command) {
        try {
            HostCommand.run(command);
        } catch (RuntimeException ignored) {
            // cleaning up: report nothing
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
