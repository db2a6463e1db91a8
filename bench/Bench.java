// The launcher's benchmarks (issue 6), run by bench/run as a single-file Java program with the
// launcher's jars and core's test fixtures on the class path. Loopback traffic only: the test
// engine and the plain test registry (scripts/test-env). Prints one table; every figure is the
// median of RUNS runs, the variants compared taking turns in the same run.
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.siplims.core.image.ImageReference;
import org.siplims.core.registry.RegistryClient;
import org.siplims.core.docker.EngineConnection;
import org.siplims.core.image.Digest;
import org.siplims.core.testing.FixtureImages;
import org.siplims.core.testing.RegistryFixtures;
import org.siplims.launcher.engine.DockerAppEngine;
import org.siplims.core.testing.TestEnvironment;

public class Bench {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final List<String[]> rows = new ArrayList<>();
    static Path root;
    static Path dist;
    static int runs;
    static TestEnvironment env;
    static FixtureImages fixtures;
    static Path tmp;
    static Path projects;

    public static void main(String[] args) throws Exception {
        root = Path.of(args[0]).toAbsolutePath();
        runs = Integer.parseInt(args[1]);
        int polls = Integer.parseInt(args[2]);
        int envMb = Integer.parseInt(args[3]);
        int layerMb = Integer.parseInt(args[4]);
        dist = System.getenv("BENCH_DIST") != null ? Path.of(System.getenv("BENCH_DIST")).toAbsolutePath()
                : root.resolve("launcher/target/sip-lims-launcher");
        env = TestEnvironment.get();
        fixtures = new FixtureImages(env);
        tmp = Files.createTempDirectory("sip-lims-bench");
        // Project folders must be inside the home folder (the launcher's folder rules): the bench's own, removed at the end.
        projects = Files.createTempDirectory(Path.of(System.getProperty("user.home")), "sip-lims-bench-projects");

        if (selected(1)) {
            sizes();
        }
        if (selected(2)) {
            startup(polls);
        }
        if (!selected(2) && (selected(3) || selected(6) || selected(7) || selected(9))) {
            startupArchive(); // made by item 2 otherwise; a later start making it would be timed with that work beside it
        }
        if (selected(3) || selected(9)) {
            overhead();
        }
        if (selected(4)) {
            updateCheck();
        }
        if (selected(5)) {
            appOnlyChange(envMb);
        }
        if (selected(6)) {
            updateSwitch();
        }
        if (selected(7)) {
            quit();
        }
        if (selected(8)) {
            bigLayer(layerMb);
        }

        deleteTree(projects);
        System.out.println();
        System.out.println("(Launcher output: " + tmp.resolve("launchers.log") + ")");
        String[] head = {"Measure", "Launcher", "Compared with", "Ratio", "Goal (issue 19)"};
        int[] w = new int[5];
        for (String[] r : Stream.concat(Stream.<String[]>of(head), rows.stream()).toList()) {
            for (int i = 0; i < 5; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        String fmt = "| %-" + w[0] + "s | %-" + w[1] + "s | %-" + w[2] + "s | %-" + w[3] + "s | %-" + w[4] + "s |%n";
        System.out.printf(fmt, (Object[]) head);
        System.out.printf(fmt, "-".repeat(w[0]), "-".repeat(w[1]), "-".repeat(w[2]), "-".repeat(w[3]), "-".repeat(w[4]));
        for (String[] r : rows) {
            System.out.printf(fmt, (Object[]) r);
        }
    }

    static void row(String what, String launcher, String other, String ratio) {
        row(what, launcher, other, ratio, "");
    }

    static void row(String what, String launcher, String other, String ratio, String goal) {
        rows.add(new String[] {what, launcher, other, ratio, goal});
        System.err.println("bench: " + what + ": " + launcher + " | " + other + " | " + ratio + " | " + goal);
    }

    /** A goal of issue 19 and whether this run met it: "<= 2.0: met" or "<= 42 MB: NOT met". */
    static String goal(double value, double limit, String unit) {
        String shown = unit.isEmpty() ? String.valueOf(limit) : String.format(Locale.ROOT, "%.0f", limit);
        return "<= " + shown + unit + (value <= limit ? ": met" : ": NOT met");
    }

    /** The items to run: BENCH_ITEMS (e.g. "2 7"), or all of them. Item 9 (native against emulated) runs with 3. */
    static final Set<Integer> ITEMS = new HashSet<>();

    static boolean selected(int item) {
        if (ITEMS.isEmpty()) {
            String given = System.getenv().getOrDefault("BENCH_ITEMS", "").trim();
            for (String i : given.isEmpty() ? List.of("1", "2", "3", "4", "5", "6", "7", "8", "9") : List.of(given.split("[ ,]+"))) {
                ITEMS.add(Integer.parseInt(i));
            }
        }
        return ITEMS.contains(item);
    }

    // ---- 1. size --------------------------------------------------------------------------------

    static void sizes() throws IOException {
        long total = bytes(dist);
        long runtime = bytes(dist.resolve("runtime"));
        long jars;
        try (var s = Files.list(dist.resolve("lib"))) {
            jars = s.filter(p -> p.toString().endsWith(".jar")).mapToLong(Bench::size).sum();
        }
        Path zip;
        try (var s = Files.list(dist.getParent())) {
            zip = s.filter(p -> p.getFileName().toString().matches("sip-lims-launcher-.*\\.zip")).findFirst().orElseThrow();
        }
        row("1. Distribution size, folder", mb(total), "", "", goal(total / 1e6, 42, " MB"));
        row("   zipped", mb(size(zip)), "", "", goal(size(zip) / 1e6, 28, " MB"));
        row("   of which Java runtime", mb(runtime) + " (" + pct(runtime, total) + ")", "jars " + mb(jars) + " (" + pct(jars, total) + ")", "");
    }

    static long bytes(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(Bench::size).sum();
        }
    }

    static long size(Path p) {
        try {
            return Files.exists(p) ? Files.size(p) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    // ---- 2. start-up and memory ------------------------------------------------------------------

    /** The user cache folder the bench's launchers use (never the real user's): the start-up archive goes here. */
    static Path cache() {
        return tmp.resolve("user-cache");
    }

    /** The distribution's own start script with these arguments, as a lab user starts it. */
    static ProcessBuilder distribution(Path cache, String... args) {
        List<String> cmd = new ArrayList<>(List.of(dist.resolve("bin/sip-lims-launcher").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(tmp.resolve("launchers.log").toFile()));
        pb.environment().put("SIPLIMS_LAUNCHER_CACHE", cache.toString());
        // Extra JVM options for the launchers only (comparing options; the start script's are in lib/launcher.args).
        String extra = System.getenv("BENCH_LAUNCHER_JAVA_OPTIONS");
        if (extra != null && !extra.isBlank()) {
            pb.environment().put("JDK_JAVA_OPTIONS", extra);
        }
        return pb;
    }

    /** Each launcher's settings folder by status port: its owner secret (api-secret) is the bench's key to the API. */
    static final Map<Integer, Path> SETTINGS_BY_PORT = new java.util.concurrent.ConcurrentHashMap<>();

    /** The {@code Authorization} header value for the launcher on that port ("" before it has made its secret). */
    static String bearer(int port) {
        try {
            Path settings = SETTINGS_BY_PORT.get(port);
            return settings == null ? "" : "Bearer " + Files.readString(settings.resolve("api-secret")).strip();
        } catch (IOException e) {
            return "";
        }
    }

    static String[] statusOnly(int port) throws IOException {
        Path settings = Files.createTempDirectory(tmp, "settings");
        SETTINGS_BY_PORT.put(port, settings);
        return new String[] {"--status-port", "" + port, "--no-browser", "--settings-dir", settings.toString(),
            "--docker-host", env.dockerHost().toString()};
    }

    /** Starts, waits for the first 200 from /api/status; the seconds it took. */
    static double timeToFirst200(Process p, long t0, int port) throws Exception {
        while (rawStatus(port) != 200) {
            if (!p.isAlive()) {
                throw new IllegalStateException("launcher exited " + p.exitValue());
            }
            Thread.sleep(5);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    static void stop(Process p) throws InterruptedException {
        p.destroy();
        p.waitFor(30, TimeUnit.SECONDS);
    }

    static void startup(int polls) throws Exception {
        // First starts: an empty user cache, no archive yet (each stopped at its first answer, before it makes one).
        List<Double> firstT = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            int port = freePort();
            ProcessBuilder pb = distribution(Files.createTempDirectory(tmp, "empty-cache"), statusOnly(port));
            settle();
            long t0 = System.nanoTime();
            Process p = pb.start();
            firstT.add(timeToFirst200(p, t0, port));
            stop(p);
        }
        // The start that makes the archive: how long until it is there, and its size.
        long t0 = System.nanoTime();
        Path made = startupArchive();
        double madeAfter = (System.nanoTime() - t0) / 1e9;
        long archive = size(made.resolveSibling("base.jsa")) + size(made.resolveSibling("app.jsa"));
        int port;
        Process p;

        // Later starts (the archive made), against the same launcher on the full JDK (java -cp, no archive).
        List<Double> distT = new ArrayList<>(), jdkT = new ArrayList<>();
        List<Long> distRss = new ArrayList<>(), jdkRss = new ArrayList<>(), distIdle = new ArrayList<>(), jdkIdle = new ArrayList<>();
        String javaExe = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int i = 0; i < runs; i++) {
            for (boolean jlinked : new boolean[] {true, false}) {
                port = freePort();
                ProcessBuilder pb;
                if (jlinked) {
                    pb = distribution(cache(), statusOnly(port));
                } else {
                    List<String> cmd = new ArrayList<>(List.of(javaExe, "-cp", "lib/*", "org.siplims.launcher.Main"));
                    cmd.addAll(List.of(statusOnly(port)));
                    pb = new ProcessBuilder(cmd).directory(dist.toFile()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
                }
                settle();
                t0 = System.nanoTime();
                p = pb.start();
                double t = timeToFirst200(p, t0, port);
                long rss = rssKb(p.pid());
                for (int k = 0; k < polls; k++) {
                    HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/status")).header("Authorization", bearer(port)).build(),
                            HttpResponse.BodyHandlers.discarding());
                }
                long idle = rssKb(p.pid());
                stop(p);
                (jlinked ? distT : jdkT).add(t);
                (jlinked ? distRss : jdkRss).add(rss);
                (jlinked ? distIdle : jdkIdle).add(idle);
            }
        }
        double d = median(distT), j = median(jdkT), f = median(firstT);
        row("2. Start to first 200 from /api/status", secs(d) + " (" + list(distT) + ")", "full JDK, java -cp: " + secs(j) + " (" + list(jdkT) + ")",
                String.format(Locale.ROOT, "%.2f", d / j));
        row("   the very first start (no archive yet)", secs(f) + " (" + list(firstT) + ")", "full JDK: " + secs(j),
                String.format(Locale.ROOT, "%.2f", f / j));
        row("   start-up archive, made by the first start", mb(archive) + " in the user's cache",
                String.format(Locale.ROOT, "ready %.1f s after that start", madeAfter), "");
        row("   RSS after the first request", medianL(distRss) / 1024 + " MB", medianL(jdkRss) / 1024 + " MB",
                String.format(Locale.ROOT, "%.2f", (double) medianL(distRss) / medianL(jdkRss)));
        row("   RSS after " + polls + " status polls", medianL(distIdle) / 1024 + " MB", medianL(jdkIdle) / 1024 + " MB",
                String.format(Locale.ROOT, "%.2f", (double) medianL(distIdle) / medianL(jdkIdle)), goal(medianL(distIdle) / 1024.0, 64, " MB"));
    }

    /** Starts a launcher that makes the start-up archive in the bench's user cache, waits until it is there, stops it; its made-from.txt. */
    static Path startupArchive() throws Exception {
        int port = freePort();
        ProcessBuilder maker = distribution(cache(), statusOnly(port));
        settle();
        long t0 = System.nanoTime();
        Process p = maker.start();
        timeToFirst200(p, t0, port);
        Path made = null;
        while (made == null && System.nanoTime() - t0 < 180e9) {
            Thread.sleep(100);
            if (Files.isDirectory(cache())) {
                try (var walk = Files.walk(cache())) {
                    made = walk.filter(f -> f.getFileName().toString().equals("made-from.txt")).findFirst().orElse(null);
                }
            }
        }
        stop(p);
        if (made == null) {
            throw new IllegalStateException("the launcher made no start-up archive in " + cache());
        }
        return made;
    }

    static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    /** GET /api/status over a plain socket: the status code, or -1 when nothing answers yet. */
    static int rawStatus(int port) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = s.getOutputStream();
            out.write(("GET /api/status HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: " + bearer(port)
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            byte[] head = in.readNBytes(12);
            return Integer.parseInt(new String(head, StandardCharsets.US_ASCII).substring(9, 12));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    // ---- 3. launcher overhead against docker run ------------------------------------------------

    /** The remembered release file of a launcher's settings folder (lifecycle.RememberedRelease): what a launcher that ran before has. */
    static Path settingsRemembering(ImageReference pinned) throws IOException {
        Path settings = Files.createTempDirectory(tmp, "settings");
        Files.writeString(settings.resolve("last-release.txt"), pinned + "\n");
        return settings;
    }

    /** The distribution started for the app, as a lab user starts it, with the bench's ports and container name. */
    static Process launcher(ImageReference repo, Path project, int appPort, int statusPort, String name, Path settings) throws IOException {
        SETTINGS_BY_PORT.put(statusPort, settings);
        return distribution(cache(), "--image", repo.toString(), "--channel", "latest",
                "--project", project.toString(), "--app-port", "" + appPort, "--status-port", "" + statusPort, "--name", name,
                "--no-browser", "--settings-dir", settings.toString(),
                "--docker-host", env.dockerHost().toString(), "--stop-grace-seconds", "2")
                .start();
    }

    /** Starts a launcher, waits for the app's health, quits it (Ctrl+C) and removes what is left; the seconds to health. */
    static double launcherToHealthy(ImageReference repo, Path project, Path settings) throws Exception {
        String name = TestEnvironment.uniqueContainerName("bench");
        int appPort = freePort(), statusPort = freePort();
        settle();
        long t0 = System.nanoTime();
        Process p = launcher(repo, project, appPort, statusPort, name, settings);
        double t = untilHealthy(t0, appPort, p::isAlive);
        p.destroy();
        p.waitFor(60, TimeUnit.SECONDS);
        fixtures.cli().exec(null, "rm", "-f", name);
        return t;
    }

    static void overhead() throws Exception {
        ImageReference repo = ImageReference.parse(env.plainRegistry() + "/" + TestEnvironment.uniqueRepository("bench"));
        FixtureImages.PushedImage app = pushWorkingApp(repo.withTag("latest"), "1.0.0");
        // The same app built for arm64 only, run under QEMU (single-platform fixture image), doing the same start-up work.
        ImageReference armRepo = ImageReference.parse(env.plainRegistry() + "/" + TestEnvironment.uniqueRepository("bench-arm64"));
        FixtureImages.PushedImage arm = new RegistryFixtures(env, fixtures).pushArm64App(armRepo.withTag("latest"), "1.0.0",
                FixtureImages.Mode.HEALTHY, Map.of("org.siplims.release.version", "1.0.0"), Map.of("FIXTURE_WORK", FIXTURE_WORK));
        Path project = Files.createDirectories(projects.resolve("Project 1"));
        launcherToHealthy(armRepo, project, Files.createTempDirectory(tmp, "settings")); // pulls the arm64 image once, untimed
        List<Double> remembered = new ArrayList<>(), first = new ArrayList<>(), docker = new ArrayList<>(), emulated = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            remembered.add(launcherToHealthy(repo, project, settingsRemembering(repo.withDigest(app.digest()))));
            first.add(launcherToHealthy(repo, project, Files.createTempDirectory(tmp, "settings")));
            emulated.add(launcherToHealthy(armRepo, project, settingsRemembering(armRepo.withDigest(arm.digest()))));

            String name2 = TestEnvironment.uniqueContainerName("bench-docker");
            int port2 = freePort();
            settle();
            long t0 = System.nanoTime();
            fixtures.cli().run("run", "-d", "--init", "--name", name2, "-p", "127.0.0.1:" + port2 + ":8501", "-v", project + ":/data",
                    "-w", "/data", app.pinned().toString());
            docker.add(untilHealthy(t0, port2, () -> true));
            fixtures.cli().exec(null, "rm", "-f", name2);
        }
        double r = median(remembered), f = median(first), d = median(docker), e = median(emulated);
        row("3a. Start to app health 200, image local, remembered release", secs(r) + " (" + list(remembered) + ")",
                "docker run -d + poll: " + secs(d) + " (" + list(docker) + ")", String.format(Locale.ROOT, "%.2f", r / d), goal(r / d, 2.0, ""));
        row("3b. The same, first start (no remembered release)", secs(f) + " (" + list(first) + ")",
                "docker run -d + poll: " + secs(d), String.format(Locale.ROOT, "%.2f", f / d), goal(f / d, 3.0, ""));
        row("9. Native against emulated: app ready, remembered", "arm64 under QEMU: " + secs(e) + " (" + list(emulated) + ")",
                "amd64: " + secs(r), String.format(Locale.ROOT, "%.2f", e / r));
        fixtures.removeLocal(arm.pinned().toString());
    }

    /**
     * Rounds of a shell loop the fixture app runs before it answers, like the real app's start-up
     * (about 0.1 s of CPU natively here): the native-against-emulated ratio then reflects what
     * emulation costs, not only a container start.
     */
    static final String FIXTURE_WORK = "100000";

    /** The app fixture for this computer's platform, doing {@link #FIXTURE_WORK} before it answers, pushed as {@code target}. */
    static FixtureImages.PushedImage pushWorkingApp(ImageReference target, String version) throws IOException {
        Path context = Files.createTempDirectory(tmp, "app-context");
        fixtures.writeAppContext(context, FixtureImages.Mode.HEALTHY);
        Files.writeString(context.resolve("Dockerfile"), "ENV FIXTURE_WORK=" + FIXTURE_WORK + "\n", java.nio.file.StandardOpenOption.APPEND);
        fixtures.build(context, target, version);
        return new FixtureImages.PushedImage(target, fixtures.push(target), fixtures.imageId(target));
    }

    static double untilHealthy(long t0, int port, java.util.function.BooleanSupplier alive) throws Exception {
        long deadline = t0 + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/_stcore/health")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return (System.nanoTime() - t0) / 1e9;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (!alive.getAsBoolean()) {
                throw new IllegalStateException("launcher exited before the app was healthy");
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("app not healthy within 120 s");
    }

    // ---- 4. update check --------------------------------------------------------------------------

    static void updateCheck() throws Exception {
        ImageReference repo = ImageReference.parse(env.plainRegistry() + "/" + TestEnvironment.uniqueRepository("bench-update"));
        fixtures.pushApp(repo.withTag("latest"), "1.0.0", FixtureImages.Mode.HEALTHY);
        ImageReference latest = repo.withTag("latest");
        List<Double> check = new ArrayList<>(), pull = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            check.add(time(() -> RegistryClient.create().digest(latest).hashCode()));
            pull.add(time(() -> fixtures.cli().run("pull", "-q", latest.toString()).length()));
        }
        double c = median(check), p = median(pull);
        row("4. Update check, image up to date", ms(c) + " (registry HEAD, RegistryClient.digest)", "docker pull: " + ms(p),
                String.format(Locale.ROOT, "%.3f", c / p));
    }

    static double time(LongSupplier work) {
        long t0 = System.nanoTime();
        work.getAsLong();
        return (System.nanoTime() - t0) / 1e9;
    }

    // ---- 5. app-only change -----------------------------------------------------------------------

    static void appOnlyChange(int envMb) throws Exception {
        ImageReference repo = ImageReference.parse(env.plainRegistry() + "/" + TestEnvironment.uniqueRepository("bench-layers"));
        Path context = Files.createDirectories(tmp.resolve("layers"));
        // Layers as in the real Dockerfile: base, the environment (a stand-in of envMb MB of
        // incompressible bytes for the conda environment), the entrypoint, then app/ last.
        byte[] blob = new byte[envMb << 20];
        new Random(42).nextBytes(blob);
        Files.write(context.resolve("env.bin"), blob);
        Files.copy(root.resolve("image/entrypoint.sh"), context.resolve("entrypoint.sh"));
        copyDir(root.resolve("app"), context.resolve("app"));
        Files.writeString(context.resolve("Dockerfile"), "FROM " + fixtures.busyboxBase() + "\n"
                + "COPY env.bin /opt/conda/envs/stand-in.bin\n"
                + "COPY entrypoint.sh /opt/sip-lims/entrypoint.sh\n"
                + "COPY app/ /opt/app/\n");
        List<JsonNode> manifests = new ArrayList<>();
        for (String version : List.of("1.0.0", "1.0.1")) {
            Files.writeString(context.resolve("app/VERSION"), version + "\n");
            ImageReference tag = repo.withTag(version);
            fixtures.cli().run("build", "-q", "-t", tag.toString(), context.toString());
            fixtures.push(tag);
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + env.plainRegistry() + "/v2/" + repo.repository()
                    + "/manifests/" + version)).header("Accept", "application/vnd.docker.distribution.manifest.v2+json").build(),
                    HttpResponse.BodyHandlers.ofString());
            manifests.add(JSON.readTree(r.body()));
        }
        Set<String> had = new HashSet<>();
        manifests.get(0).path("layers").forEach(l -> had.add(l.path("digest").asText()));
        long whole = manifests.get(1).path("config").path("size").asLong(), changed = whole;
        int changedLayers = 0;
        for (JsonNode l : manifests.get(1).path("layers")) {
            whole += l.path("size").asLong();
            if (!had.contains(l.path("digest").asText())) {
                changed += l.path("size").asLong();
                changedLayers++;
            }
        }
        for (String version : List.of("1.0.0", "1.0.1")) {
            fixtures.removeLocal(repo.withTag(version).toString()); // 2 x (envMb + base) MB on the engine's disk
        }
        row("5. Pull for an app-only release", kb(changed) + " (" + changedLayers + " layer + config)",
                "whole image: " + mb(whole) + " (" + envMb + " MB env stand-in)", String.format(Locale.ROOT, "%.5f", (double) changed / whole));
    }

    static void deleteTree(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static void copyDir(Path from, Path to) throws IOException {
        try (var s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }

    // ---- 6, 7. update switch and quit ----------------------------------------------------------------

    /** Polls the app's page on a port as a user's browser would, noting when each version last and first answered. */
    static final class VersionWatch implements AutoCloseable {
        final AtomicLong lastOld = new AtomicLong(), firstNew = new AtomicLong();
        final AtomicReference<Boolean> stop = new AtomicReference<>(false);
        final Thread thread;

        VersionWatch(int port, String oldVersion, String newVersion) {
            thread = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                                .timeout(java.time.Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                        long now = System.nanoTime();
                        if (r.statusCode() == 200 && r.body().contains("Fixture app " + oldVersion + "<")) {
                            lastOld.set(now);
                        } else if (r.statusCode() == 200 && r.body().contains("Fixture app " + newVersion + "<") && firstNew.get() == 0) {
                            firstNew.set(now);
                        }
                    } catch (IOException notAnswering) {
                        // between the versions
                    } catch (InterruptedException e) {
                        return;
                    }
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "bench-version-watch");
            thread.setDaemon(true);
            thread.start();
        }

        /** Waits until the new version answered; the seconds from {@code t0} to that answer. */
        double untilNew(long t0) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (firstNew.get() == 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the new version did not answer within 120 s");
                }
                Thread.sleep(5);
            }
            return (firstNew.get() - t0) / 1e9;
        }

        double unavailable() {
            return (firstNew.get() - lastOld.get()) / 1e9;
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            thread.join(5000);
        }
    }

    /** POST to the launcher's API with the token of its page, as the page's buttons do. */
    static int click(int statusPort, String action) throws Exception {
        String page = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statusPort + "/")).header("Authorization", bearer(statusPort)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("name=\"csrf-token\" content=\"([^\"]+)\"").matcher(page);
        if (!m.find()) {
            throw new IllegalStateException("the status page has no csrf-token");
        }
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statusPort + "/api/" + action))
                .header("X-CSRF-Token", m.group(1)).header("Authorization", bearer(statusPort)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static boolean containerExists(String name) {
        try {
            env.docker().inspectContainerCmd(name).exec();
            return true;
        } catch (com.github.dockerjava.api.exception.NotFoundException gone) {
            return false;
        }
    }

    /** The seconds from {@code t0} until the container is gone and {@code alive} says false. */
    static double untilGone(long t0, String name, java.util.function.BooleanSupplier alive) throws InterruptedException {
        long deadline = t0 + TimeUnit.SECONDS.toNanos(120);
        while (containerExists(name) || alive.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the container or the launcher was still there after 120 s");
            }
            Thread.sleep(5);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    static void updateSwitch() throws Exception {
        ImageReference repo = ImageReference.parse(env.plainRegistry() + "/" + TestEnvironment.uniqueRepository("bench-switch"));
        FixtureImages.PushedImage v1 = fixtures.pushApp(repo.withTag("1.0.0"), "1.0.0", FixtureImages.Mode.HEALTHY);
        FixtureImages.PushedImage v2 = fixtures.pushApp(repo.withTag("2.0.0"), "2.0.0", FixtureImages.Mode.HEALTHY);
        Path project = Files.createDirectories(projects.resolve("Project 2"));
        List<Double> lUnavailable = new ArrayList<>(), lWhole = new ArrayList<>();
        List<Double> dUnavailable = new ArrayList<>(), dWhole = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            // The launcher: version 1 runs (remembered), the channel moves to version 2, the user clicks Update.
            fixtures.cli().run("tag", v1.pinned().toString(), repo.withTag("latest").toString());
            fixtures.push(repo.withTag("latest"));
            String name = TestEnvironment.uniqueContainerName("bench-switch");
            int appPort = freePort(), statusPort = freePort();
            Process p = launcher(repo, project, appPort, statusPort, name, settingsRemembering(repo.withDigest(v1.digest())));
            untilHealthy(System.nanoTime(), appPort, p::isAlive);
            fixtures.cli().run("tag", v2.pinned().toString(), repo.withTag("latest").toString());
            fixtures.push(repo.withTag("latest"));
            try (VersionWatch watch = new VersionWatch(appPort, "1.0.0", "2.0.0")) {
                settle();
                long t0 = System.nanoTime();
                click(statusPort, "update");
                lWhole.add(watch.untilNew(t0));
                lUnavailable.add(watch.unavailable());
            }
            click(statusPort, "quit");
            untilGone(System.nanoTime(), name, p::isAlive);
            fixtures.cli().exec(null, "rm", "-f", name);

            // Docker by hand: docker run of version 1; docker stop, docker run of version 2.
            String old = TestEnvironment.uniqueContainerName("bench-switch-docker");
            String next = TestEnvironment.uniqueContainerName("bench-switch-docker");
            int port = freePort();
            fixtures.cli().run("run", "-d", "--init", "--name", old, "-p", "127.0.0.1:" + port + ":8501", "-v", project + ":/data",
                    "-w", "/data", v1.pinned().toString());
            untilHealthy(System.nanoTime(), port, () -> true);
            try (VersionWatch watch = new VersionWatch(port, "1.0.0", "2.0.0")) {
                settle();
                long t0 = System.nanoTime();
                fixtures.cli().run("stop", old);
                fixtures.cli().run("run", "-d", "--init", "--name", next, "-p", "127.0.0.1:" + port + ":8501", "-v", project + ":/data",
                        "-w", "/data", v2.pinned().toString());
                dWhole.add(watch.untilNew(t0));
                dUnavailable.add(watch.unavailable());
            }
            fixtures.cli().exec(null, "rm", "-f", old);
            fixtures.cli().exec(null, "rm", "-f", next);
        }
        double lu = median(lUnavailable), du = median(dUnavailable), lw = median(lWhole), dw = median(dWhole);
        row("6. Update switch: app unavailable", secs(lu) + " (" + list(lUnavailable) + ")",
                "docker stop + docker run, polled: " + secs(du) + " (" + list(dUnavailable) + ")", String.format(Locale.ROOT, "%.2f", lu / du),
                goal(lu / du, 1.2, ""));
        row("   the whole update, click to new app healthy", secs(lw) + " (" + list(lWhole) + ")",
                "docker stop + docker run: " + secs(dw) + " (" + list(dWhole) + ")", String.format(Locale.ROOT, "%.2f", lw / dw));
        for (String ref : List.of(v1.pinned().toString(), v2.pinned().toString())) {
            fixtures.removeLocal(ref);
        }
    }

    /** Quit from the page's button, against docker stop + docker rm of the same app, taking turns. */
    static void quit() throws Exception {
        ImageReference repo = ImageReference.parse(env.plainRegistry() + "/" + TestEnvironment.uniqueRepository("bench-quit"));
        FixtureImages.PushedImage v1 = fixtures.pushApp(repo.withTag("latest"), "1.0.0", FixtureImages.Mode.HEALTHY);
        Path project = Files.createDirectories(projects.resolve("Project 3"));
        List<Double> lQuit = new ArrayList<>(), dQuit = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            String name = TestEnvironment.uniqueContainerName("bench-quit");
            int appPort = freePort(), statusPort = freePort();
            Process p = launcher(repo, project, appPort, statusPort, name, settingsRemembering(repo.withDigest(v1.digest())));
            untilHealthy(System.nanoTime(), appPort, p::isAlive);
            settle();
            long q0 = System.nanoTime();
            click(statusPort, "quit");
            lQuit.add(untilGone(q0, name, p::isAlive));
            fixtures.cli().exec(null, "rm", "-f", name);

            String byHand = TestEnvironment.uniqueContainerName("bench-quit-docker");
            int port = freePort();
            fixtures.cli().run("run", "-d", "--init", "--name", byHand, "-p", "127.0.0.1:" + port + ":8501", "-v", project + ":/data",
                    "-w", "/data", v1.pinned().toString());
            untilHealthy(System.nanoTime(), port, () -> true);
            settle();
            long q0d = System.nanoTime();
            fixtures.cli().run("stop", byHand);
            fixtures.cli().run("rm", byHand);
            dQuit.add(untilGone(q0d, byHand, () -> false));
        }
        double lq = median(lQuit), dq = median(dQuit);
        row("7. Quit, click to container removed + process gone", secs(lq) + " (" + list(lQuit) + ")",
                "docker stop + docker rm: " + secs(dq) + " (" + list(dQuit) + ")", String.format(Locale.ROOT, "%.2f", lq / dq), goal(lq / dq, 1.5, ""));
        fixtures.removeLocal(v1.pinned().toString());
    }

    // ---- 8. a large layer ------------------------------------------------------------------------------

    static void bigLayer(int layerMb) throws Exception {
        ImageReference repo = ImageReference.parse(env.plainRegistry() + "/" + TestEnvironment.uniqueRepository("bench-big"));
        Path context = Files.createDirectories(tmp.resolve("big-layer"));
        // Random bytes, so neither the registry's gzip nor anything else makes the layer smaller.
        Random random = new Random(7);
        byte[] chunk = new byte[8 << 20];
        try (OutputStream out = Files.newOutputStream(context.resolve("big.bin"))) {
            for (int written = 0; written < layerMb; written += 8) {
                random.nextBytes(chunk);
                out.write(chunk, 0, Math.min(8, layerMb - written) << 20);
            }
        }
        Files.writeString(context.resolve("Dockerfile"), "FROM " + fixtures.busyboxBase() + "\nCOPY big.bin /big.bin\n");
        ImageReference tag = repo.withTag("1");
        fixtures.cli().run("build", "-q", "-t", tag.toString(), context.toString());
        Files.delete(context.resolve("big.bin"));
        Digest digest = fixtures.push(tag);
        ImageReference pinned = repo.withDigest(digest);
        JsonNode manifest = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create("http://" + env.plainRegistry() + "/v2/" + repo.repository()
                + "/manifests/" + digest)).header("Accept", "application/vnd.docker.distribution.manifest.v2+json").build(),
                HttpResponse.BodyHandlers.ofString()).body());
        Map<String, Long> sizes = new java.util.LinkedHashMap<>();
        manifest.path("layers").forEach(l -> sizes.put(l.path("digest").asText(), l.path("size").asLong()));
        String bigBlob = manifest.path("layers").get(manifest.path("layers").size() - 1).path("digest").asText();
        long bigSize = sizes.get(bigBlob);
        fixtures.removeLocal(tag.toString());
        fixtures.removeLocal(pinned.toString());
        List<Double> viaLauncher = new ArrayList<>(), viaDocker = new ArrayList<>();
        AtomicLong events = new AtomicLong();
        try (DockerAppEngine engine = DockerAppEngine.of(new EngineConnection(env.dockerHost()))) {
            for (int i = 0; i < Math.min(runs, 3); i++) {
                settle();
                long t0 = System.nanoTime();
                engine.pull(pinned, Optional.empty(), sizes, progress -> events.incrementAndGet());
                viaLauncher.add((System.nanoTime() - t0) / 1e9);
                fixtures.removeLocal(pinned.toString());
                settle();
                t0 = System.nanoTime();
                fixtures.cli().run("pull", "-q", pinned.toString());
                viaDocker.add((System.nanoTime() - t0) / 1e9);
                fixtures.removeLocal(pinned.toString());
            }
        } finally {
            // Leave the registry as it was: the manifest, the big layer and the config go (the base layer is shared).
            for (String path : List.of("manifests/" + digest, "blobs/" + bigBlob, "blobs/" + manifest.path("config").path("digest").asText())) {
                HTTP.send(HttpRequest.newBuilder(URI.create("http://" + env.plainRegistry() + "/v2/" + repo.repository() + "/" + path))
                        .DELETE().build(), HttpResponse.BodyHandlers.discarding());
            }
        }
        double l = median(viaLauncher), d = median(viaDocker);
        row("8. Pull of a " + mb(bigSize) + " layer (random bytes)", secs(l) + " (" + list(viaLauncher) + "; " + events.get() / viaLauncher.size()
                + " progress updates each)", "docker pull: " + secs(d) + " (" + list(viaDocker) + ")", String.format(Locale.ROOT, "%.3f", l / d),
                goal(l / d, 1.05, ""));
    }

    // ---- helpers ----------------------------------------------------------------------------------

    /** A pause before each timed start, so the previous process's exit and this JVM's own JIT and GC are done (2 cores). */
    static void settle() throws InterruptedException {
        System.gc();
        Thread.sleep(1500);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static double median(List<Double> xs) {
        List<Double> s = xs.stream().sorted().toList();
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    static long medianL(List<Long> xs) {
        return Math.round(median(xs.stream().map(Long::doubleValue).toList()));
    }

    static String list(List<Double> xs) {
        return String.join(" ", xs.stream().map(x -> String.format(Locale.ROOT, "%.2f", x)).toList());
    }

    static String secs(double s) {
        return String.format(Locale.ROOT, "%.2f s", s);
    }

    static String ms(double s) {
        return String.format(Locale.ROOT, "%.0f ms", s * 1000);
    }

    static String mb(long b) {
        return String.format(Locale.ROOT, "%.1f MB", b / 1e6);
    }

    static String kb(long b) {
        return String.format(Locale.ROOT, "%.1f kB", b / 1e3);
    }

    static String pct(long part, long total) {
        return String.format(Locale.ROOT, "%.0f%%", 100.0 * part / total);
    }
}
