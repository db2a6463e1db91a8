package org.siplims.launcher.startup;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.siplims.core.files.AtomicFiles;
import org.siplims.core.process.ProcessCommand;
import org.siplims.core.process.ProcessResult;
import org.siplims.core.process.ProcessRunner;
import org.siplims.core.process.RunningProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The class-data-sharing archive that lets the distribution answer its status page in about half
 * the time, made on this computer rather than shipped: it is about 37 MB, more than half the
 * distribution again, and the JDK can make it from what is already here in a few seconds.
 *
 * <p>How it fits together: the start scripts choose a cache folder for this build of the
 * distribution ({@code <user cache>/sip-lims-launcher/cds-<build id>}) and pass it as the system
 * property {@value #FOLDER_PROPERTY}; when the archive is there they also pass
 * {@code -XX:SharedArchiveFile} for it. After the page has answered, {@link #isCurrent} tells whether
 * the archive matches this distribution's runtime and jars; if not, {@link #make} builds it with
 * two short child JVMs, the same steps the JDK's own tools take: {@code -Xshare:dump} for the JDK's
 * classes (the base archive), then a training run of the launcher ({@code --cds-training}: serve,
 * answer the page, quit) with {@code -XX:ArchiveClassesAtExit} for the rest. Files are written under
 * temporary names and moved into place, so a start never sees half an archive; if anything fails
 * the launcher works as before, only slower to start.
 */
public final class StartupArchive {
    /** The cache folder of this build's archive; set by the start scripts only. */
    public static final String FOLDER_PROPERTY = "siplims.launcher.cds";
    static final String BASE = "base.jsa";
    static final String APP = "app.jsa";
    /** What the archive was made from (see {@link #stamp}); written last, so its presence means "complete". */
    static final String STAMP = "made-from.txt";
    static final String LOG_FILE = "make.log";
    private static final Logger LOG = LoggerFactory.getLogger(StartupArchive.class);
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(180);
    private static final ProcessRunner RUNNER = new ProcessRunner();

    private final Path home;
    private final Path folder;
    /** The child JVM at work, if any; {@link #cancel} ends it when the launcher quits. */
    private RunningProcess child;
    private boolean cancelled;
    /** The engine the training run asks (read-only), as {@code --docker-host}; empty: none. */
    private volatile java.util.Optional<java.net.URI> engine = java.util.Optional.empty();

    /**
     * @param home   the distribution folder (holding runtime/ and lib/launcher.args)
     * @param folder the cache folder for this build's archive
     */
    public StartupArchive(Path home, Path folder) {
        this.home = home.toAbsolutePath();
        this.folder = folder.toAbsolutePath();
    }

    /** The archive of the distribution this JVM runs from; empty when not started by a distribution script. */
    public static Optional<StartupArchive> ofThisProcess() {
        String folder = System.getProperty(FOLDER_PROPERTY, "");
        if (folder.isBlank()) {
            return Optional.empty();
        }
        Path runtime = Path.of(System.getProperty("java.home")); // <distribution>/runtime
        Path home = runtime.getParent();
        if (home == null || !Files.isRegularFile(home.resolve("lib/launcher.args"))) {
            return Optional.empty();
        }
        return Optional.of(new StartupArchive(home, Path.of(folder)));
    }

    public Path folder() {
        return folder;
    }

    /** True when both archives are there and were made from this distribution's runtime and jars as they are now. */
    public boolean isCurrent() {
        try {
            return Files.isRegularFile(folder.resolve(BASE)) && Files.isRegularFile(folder.resolve(APP))
                    && Files.readString(folder.resolve(STAMP), StandardCharsets.UTF_8).equals(stamp());
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * What the JVM checks an archive against: the runtime's module image and every jar on the class
     * path, by size and modification time (an archive that does not match is quietly not used), plus
     * the JVM's version and the start options.
     */
    String stamp() throws IOException {
        StringBuilder s = new StringBuilder();
        s.append("java.vm.version ").append(System.getProperty("java.vm.version")).append('\n');
        List<Path> files = new ArrayList<>();
        files.add(home.resolve("runtime/lib/modules"));
        files.add(home.resolve("lib/launcher.args"));
        try (Stream<Path> lib = Files.list(home.resolve("lib"))) {
            lib.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted(Comparator.comparing(Path::toString)).forEach(files::add);
        }
        for (Path f : files) {
            s.append(home.relativize(f).toString().replace('\\', '/')).append(' ').append(Files.size(f)).append(' ')
                    .append(Files.getLastModifiedTime(f).toMillis()).append('\n');
        }
        return s.toString();
    }

    /**
     * Makes the archive unless another launcher is making it right now. Blocks for a few seconds
     * (two child JVMs); call it from a background thread.
     *
     * @return true when a current archive is in place afterwards
     */
    public boolean make() throws IOException, InterruptedException {
        Files.createDirectories(folder);
        try (FileChannel lockFile = FileChannel.open(folder.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = lockFile.tryLock()) {
            if (lock == null) {
                return false; // another launcher of this build is making it
            }
            if (isCurrent()) {
                return true;
            }
            String stamp = stamp();
            Files.deleteIfExists(folder.resolve(STAMP));
            Path log = folder.resolve(LOG_FILE);
            Files.deleteIfExists(log);
            Path settings = folder.resolve("training-settings"); // the training run's own, never the user's
            deleteTree(settings);
            Files.createDirectories(settings);
            try {
                Path base = folder.resolve(BASE + ".part");
                Path app = folder.resolve(APP + ".part");
                Files.deleteIfExists(base);
                Files.deleteIfExists(app);
                // 1. The JDK's classes (the runtime's default class list), with the launcher's own JVM options.
                run(log, "-Xshare:dump", "-XX:SharedArchiveFile=" + base, "@lib/launcher.args");
                moveIntoPlace(base, folder.resolve(BASE));
                // 2. On top of it, every class the launcher loads until its page has answered.
                List<String> training = new ArrayList<>(List.of("-XX:SharedArchiveFile=" + folder.resolve(BASE),
                        "-XX:ArchiveClassesAtExit=" + app, "@lib/launcher.args", "--cds-training", "--settings-dir", settings.toString()));
                engine.ifPresent(host -> training.addAll(List.of("--docker-host", host.toString())));
                run(log, training.toArray(String[]::new));
                if (!Files.isRegularFile(app)) {
                    throw new IOException("the training run wrote no archive (see " + log + ")");
                }
                moveIntoPlace(app, folder.resolve(APP));
                AtomicFiles.write(folder.resolve(STAMP), stamp);
            } finally {
                deleteTree(settings);
            }
            removeOtherBuilds();
            return true;
        }
    }

    /**
     * {@link #makeInBackgroundIfStale()}, with a training run that also asks this engine what a start
     * asks (read-only: see {@code Launcher.exerciseStartPath}), so the start path's classes are archived.
     */
    public void makeInBackgroundIfStale(java.net.URI dockerHost) {
        this.engine = java.util.Optional.of(dockerHost);
        makeInBackgroundIfStale();
    }

    /** {@link #make} on a background thread of low priority, unless the archive is current; failures are logged, never thrown. */
    public void makeInBackgroundIfStale() {
        Thread t = new Thread(() -> {
            try {
                if (!isCurrent() && make()) {
                    LOG.info("Made the start-up archive in {}", folder);
                }
            } catch (IOException | RuntimeException e) {
                LOG.debug("The start-up archive could not be made in {}; the launcher only starts slower", folder, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "launcher-startup-archive");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /**
     * Ends the making, if under way, and waits a moment for its child JVM to go: the launcher leaves
     * nothing running behind it. What was half made stays under its temporary name and is made
     * again at a later start.
     */
    public void cancel() {
        RunningProcess p;
        synchronized (this) {
            cancelled = true;
            p = child;
        }
        if (p != null) {
            try {
                p.stop(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run(Path log, String... javaArgs) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("runtime/bin").resolve(isWindows() ? "java.exe" : "java").toString());
        command.addAll(List.of(javaArgs));
        // Only the safe base of the environment: exactly the options of a normal start, so nothing a
        // user set (JDK_JAVA_OPTIONS, JAVA_TOOL_OPTIONS) and nothing else of the launcher's.
        ProcessCommand step = ProcessCommand.of(command).inheritSafeBase()
                .directory(home) // the class path in launcher.args is relative to it
                .appendOutputTo(log).timeout(STEP_TIMEOUT);
        RunningProcess p;
        synchronized (this) {
            if (cancelled) {
                throw new IOException("the launcher is quitting");
            }
            p = RUNNER.start(step);
            child = p;
        }
        ProcessResult result;
        try {
            result = p.await();
        } finally {
            synchronized (this) {
                child = null;
            }
        }
        if (result.timedOut()) {
            throw new IOException("a step took longer than " + STEP_TIMEOUT.toSeconds() + " s: " + String.join(" ", javaArgs));
        }
        if (result.exitCode() != 0) {
            throw new IOException("a step failed with exit code " + result.exitCode() + " (see " + log + "): " + String.join(" ", javaArgs));
        }
    }

    private static void moveIntoPlace(Path from, Path to) throws IOException {
        to.toFile().setWritable(true); // the JVM writes archives read-only, and Windows will not replace a read-only file
        AtomicFiles.replace(from, to);
    }

    /** Archives of other builds (an earlier version of the launcher) are of no use any more: about 37 MB each. */
    private void removeOtherBuilds() {
        Path parent = folder.getParent();
        if (parent == null) {
            return;
        }
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(parent, "cds-*")) {
            for (Path other : siblings) {
                if (!other.equals(folder) && Files.isDirectory(other)) {
                    deleteTree(other);
                }
            }
        } catch (IOException e) {
            LOG.debug("Could not list {}", parent, e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                p.toFile().setWritable(true); // as above: Windows will not delete a read-only file
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.debug("Could not remove {} (in use by another launcher?)", dir, e);
        }
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows");
    }
}
