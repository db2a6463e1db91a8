package org.siplims.publisher.imagedefinition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.siplims.core.container.AppContainerSpec;
import org.siplims.core.container.Confinement;
import org.siplims.core.container.ContainerUser;
import org.siplims.core.container.EngineMemory;
import org.siplims.core.docker.Readiness;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.image.Platform;
import org.siplims.core.registry.ImageManifest;
import org.siplims.core.registry.RegistryClient;
import org.siplims.core.registry.ResolvedImage;
import org.siplims.core.release.ReleaseLabels;
import org.siplims.core.testing.DockerCli;
import org.siplims.core.testing.FixtureImages;
import org.siplims.core.testing.RegistryFixtures;
import org.siplims.core.testing.SharedFixture;
import org.siplims.core.testing.TestEnvironment;
import org.siplims.publisher.testing.PublisherRun;
import org.siplims.publisher.testing.Registries;

/**
 * The repository's own image definition through the real publisher, engine and registry. The
 * root Dockerfile, lock files, entrypoint and app are copied unchanged into a Git repository, but
 * for one line: FROM names a linux/arm64 stand-in for miniconda3 (see {@link StandInBase}), since
 * the real base, conda-forge and PyPI cannot be reached here. Built for linux/arm64 under QEMU, as
 * on the maintainer's Mac. Then: the image answers as the launcher runs it, and a release that
 * changes only app/ changes only the top layer.
 *
 * <p>The methods run in any order: the first release is a shared fixture, published once by
 * whichever method needs it first; methods that change the repository change a copy of their own.
 */
class RootImageDefinitionIT {
    private static final String ARM64 = "linux/arm64";
    private static TestEnvironment env;
    private static FixtureImages fixtures;
    private static DockerCli cli;
    private static RegistryClient registry;
    private static PublisherRun publisher;
    private static Path repo;
    private static ImageReference image;
    private static final List<String> localImages = new ArrayList<>();

    /** The publish of 1.0.0 from the repository's first commit. */
    private record FirstRelease(JsonNode json, Digest digest, String commit) {
    }

    private static final SharedFixture<FirstRelease> FIRST = SharedFixture.of(() -> {
        PublisherRun.Result r = publish(repo, "1.0.0");
        if (r.exitCode() != 0) {
            throw new IllegalStateException("The first publish failed: " + r);
        }
        localImages.add(r.json().path("imageId").asText());
        return new FirstRelease(r.json(), Digest.parse(r.json().path("digest").asText()), git(repo, "rev-parse", "HEAD"));
    });

    @BeforeAll
    static void setUp() throws Exception {
        env = TestEnvironment.get();
        assertTrue(env.arm64Emulation(), "needs arm64 emulation (scripts/test-env registers it)");
        fixtures = new FixtureImages(env);
        cli = fixtures.cli();
        ImageReference base = StandInBase.push(env, new RegistryFixtures(env, fixtures).client());
        repo = standInRepository(base);
        image = ImageReference.parse(env.plainRegistry() + "/" + TestEnvironment.uniqueRepository("root-image"));
        publisher = new PublisherRun(Files.createTempDirectory("siplims-root-image-state"));
        registry = Registries.anonymous();
    }

    @AfterAll
    static void removeLocalImages() {
        if (fixtures != null) {
            localImages.forEach(fixtures::removeLocal);
        }
    }

    /** `publisher check` on the repository root itself, not a copy (a clean clone in CI; --allow-dirty while developing). */
    @Test
    void publisherCheckPassesOnTheRootImageDefinition() {
        PublisherRun.Result r = publisher.run("check", "--context", ImageDefinitionFiles.root().toString(), "--platform", ARM64,
                "--allow-dirty", "--json");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.json().path("ok").asBoolean(), r.out());
        assertEquals(ARM64, r.json().path("platform").asText(), r.out());
    }

    @Test
    void publishBuildsTestsAndPushesTheRootDockerfileWithItsLabels() throws Exception {
        JsonNode json = FIRST.get().json();
        Digest first = FIRST.get().digest();

        ResolvedImage resolved = registry.resolve(image.withDigest(first), Platform.LINUX_ARM64);
        assertEquals("arm64", resolved.config().platform().architecture());
        Map<String, String> labels = resolved.config().labels();
        String commit = FIRST.get().commit();
        assertEquals("1.0.0", labels.get(ReleaseLabels.VERSION));
        assertEquals("1.0.0", labels.get(ReleaseLabels.OCI_VERSION));
        assertEquals(commit, labels.get(ReleaseLabels.COMMIT));
        assertEquals(commit, labels.get(ReleaseLabels.OCI_REVISION));
        assertEquals(json.path("buildDate").asText(), labels.get(ReleaseLabels.BUILD_DATE));
        assertEquals("SIP LIMS Workflow Manager", labels.get(ReleaseLabels.OCI_TITLE));
        assertEquals(Digest.of(Files.readAllBytes(repo.resolve("conda-lock.txt"))).hex(), labels.get(ReleaseLabels.CONDA_LOCK_SHA256));
        assertEquals(Digest.of(Files.readAllBytes(repo.resolve("requirements-lock.txt"))).hex(),
                labels.get(ReleaseLabels.REQUIREMENTS_LOCK_SHA256));
        // conda create got the whole lock (a command given to the entrypoint runs in the image).
        long urls = Files.readAllLines(repo.resolve("conda-lock.txt")).stream().filter(l -> l.startsWith("https://")).count();
        assertEquals(String.valueOf(urls), cli.run("run", "--rm", "--platform", ARM64, image.withDigest(first).toString(),
                "cat", "/opt/conda/envs/sip-lims-workflow-manager/conda-packages"));
        // conda's install log, with the install's time, is emptied for a rebuild to be the same image.
        assertEquals("0", cli.run("run", "--rm", "--platform", ARM64, image.withDigest(first).toString(),
                "sh", "-c", "wc -c < /opt/conda/envs/sip-lims-workflow-manager/conda-meta/history").strip());
    }

    @Test
    void versionPrintsVersionCommitAndBuildDate() {
        ImageReference pinned = image.withDigest(FIRST.get().digest());
        String out = cli.run("run", "--rm", "--platform", ARM64, pinned.toString(), "--version");
        List<String> lines = out.lines().toList();
        assertTrue(lines.get(0).endsWith(" 1.0.0"), out);
        assertEquals("commit: " + FIRST.get().commit(), lines.get(1), out);
        assertTrue(lines.get(2).startsWith("build date: 20"), out);
    }

    /** Run as the launcher runs it on Linux: another user's uid, the project at /data, PROJECT_NAME. */
    @Test
    void theAppRunsAsTheHostUserWithTheProjectMountedAndAnswersItsHealthCheck() throws Exception {
        Digest first = FIRST.get().digest();
        Path project = Files.createTempDirectory("siplims-demo-project");
        Files.setPosixFilePermissions(project, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.writeString(project.resolve("samples.csv"), "a,b\n");
        String name = TestEnvironment.uniqueContainerName("root-image");
        cli.run("run", "-d", "--platform", ARM64, "--name", name, "-p", "127.0.0.1::8501", "-v", project + ":/data",
                "-e", "PROJECT_NAME=demo-project", "--user", "4321:4321", image.withDigest(first).toString());
        try {
            String port = cli.run("port", name, "8501").lines().findFirst().orElseThrow().replaceAll(".*:", "");
            String base = "http://127.0.0.1:" + port;
            Readiness.Outcome ready = env.awaitReady(name, 8501, "/_stcore/health", Duration.ofSeconds(120));
            assertInstanceOf(Readiness.Ready.class, ready, ready::toString);
            assertEquals("ok", get(base + "/_stcore/health").strip());
            String info = get(base + "/info.txt");
            for (String expected : List.of("app=/opt/app/app.py", "project=demo-project", "version=1.0.0", "env=sip-lims-workflow-manager",
                    "uid=4321", "home=/tmp", "pwd=/data", "file=samples.csv")) {
                assertTrue(info.lines().anyMatch(expected::equals), expected + " in:\n" + info);
            }
            // The image's own HEALTHCHECK command, run inside the container, passes too.
            JsonNode health = new ObjectMapper().readTree(cli.run("inspect", "--format", "{{json .Config.Healthcheck}}", name));
            List<String> probe = new ArrayList<>(List.of("exec", name));
            health.path("Test").forEach(n -> probe.add(n.asText()));
            assertEquals("CMD", probe.remove(2));
            assertTrue(String.join(" ", probe).contains("/_stcore/health"), probe.toString());
            assertEquals(0, cli.exec(null, probe.toArray(String[]::new)).exitCode(), "HEALTHCHECK command");
        } finally {
            cli.exec(null, "rm", "-f", name);
        }
    }

    /**
     * The image definition's entrypoint under the confinement every app container gets (issue 17,
     * item 5): the container made by core's shared spec, as the launcher and the dev loop make it
     * (every capability dropped, no-new-privileges, PID and memory limits, the folder owner's uid).
     */
    @Test
    void theImageDefinitionRunsConfined() throws Exception {
        Digest first = FIRST.get().digest();
        Path project = Files.createTempDirectory("siplims-confined-project");
        Files.setAttribute(project, "unix:uid", 4321);
        Files.setAttribute(project, "unix:gid", 4321);
        String name = TestEnvironment.uniqueContainerName("root-confined");
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        AppContainerSpec spec = AppContainerSpec.forProject(image.withDigest(first).toString(), java.util.Optional.of(ARM64),
                project.toString(), "confined-project", java.util.Optional.empty(), java.util.Optional.of("SIP"), port,
                ContainerUser.forProjectFolder(project), Confinement.DEFAULT);
        spec.createCommand(env.docker(), name, Map.of(), EngineMemory.of(env.docker())).exec();
        try {
            env.docker().startContainerCmd(name).exec();
            Readiness.Outcome ready = env.awaitReady(name, 8501, "/_stcore/health", Duration.ofSeconds(120));
            assertInstanceOf(Readiness.Ready.class, ready, ready::toString);
            String info = get("http://127.0.0.1:" + port + "/info.txt");
            for (String expected : List.of("uid=4321", "project=confined-project", "pwd=/data", "home=/tmp")) {
                assertTrue(info.lines().anyMatch(expected::equals), expected + " in:\n" + info);
            }
            var host = env.docker().inspectContainerCmd(name).exec().getHostConfig();
            assertEquals("[ALL]", java.util.Arrays.toString(host.getCapDrop()));
            assertTrue(host.getSecurityOpts().contains("no-new-privileges"), host.getSecurityOpts().toString());
        } finally {
            cli.exec(null, "rm", "-f", name);
        }
    }

    /** The point of the layer order: users download only the app layer for an app-only release. */
    @Test
    void aReleaseThatChangesOnlyTheAppChangesOnlyTheTopLayer() throws Exception {
        Digest first = FIRST.get().digest();
        Path changed = copyOfRepository();
        Files.writeString(changed.resolve("app/app.py"), "\n# an app-only change\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
        git(changed, "add", "-A");
        git(changed, "commit", "-q", "-m", "App-only change");
        PublisherRun.Result r = publish(changed, "1.0.1");
        assertEquals(0, r.exitCode(), r.toString());
        Digest second = Digest.parse(r.json().path("digest").asText());
        localImages.add(r.json().path("imageId").asText());

        List<Digest> before = layers(first);
        List<Digest> after = layers(second);
        assertEquals(before.size(), after.size(), "same number of layers");
        assertEquals(before.subList(0, before.size() - 1), after.subList(0, after.size() - 1),
                "base, user, conda environment, pip packages and entrypoint layers are shared");
        assertNotEquals(before.get(before.size() - 1), after.get(after.size() - 1), "the app layer is new");
    }

    /** The documented way to regenerate the lock files gives back what the image was built from. */
    @Test
    void lockFromImageRegeneratesBothLockFilesFromTheImage() throws Exception {
        FIRST.get();
        Path copy = copyOfRepository();
        List<String> condaBefore = packageLines(copy, "conda-lock.txt");
        List<String> pipBefore = packageLines(copy, "requirements-lock.txt");
        Files.writeString(copy.resolve("requirements-lock.txt"), "streamlit>=1\n"); // a broken lock, to be replaced
        PublisherRun.Result r = publisher.run("lock", "--from-image", image.withTag("1.0.0").toString(), "--context", copy.toString(), "--json");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("linux-aarch64", r.json().path("platform").asText());
        assertEquals(condaBefore, packageLines(copy, "conda-lock.txt"));
        assertEquals(pipBefore, packageLines(copy, "requirements-lock.txt"));
        assertTrue(Files.readString(copy.resolve("conda-lock.txt")).contains("# platform: linux-aarch64\n@EXPLICIT\n"));
        PublisherRun.Result check = publisher.run("check", "--context", copy.toString(), "--platform", ARM64, "--allow-dirty");
        assertEquals(0, check.exitCode(), check.toString());
    }

    private static List<String> packageLines(Path dir, String file) throws IOException {
        return Files.readAllLines(dir.resolve(file)).stream().filter(l -> !l.isBlank() && !l.startsWith("#") && !l.startsWith("@")).toList();
    }

    /** A copy of the stand-in repository, with its history, for a method that changes files or commits. */
    private static Path copyOfRepository() throws IOException {
        Path copy = Files.createTempDirectory("siplims-root-image-copy");
        try (Stream<Path> files = Files.walk(repo)) {
            for (Path f : files.toList()) {
                Path target = copy.resolve(repo.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return copy;
    }

    private static List<Digest> layers(Digest digest) {
        ImageManifest manifest = registry.resolve(image.withDigest(digest), Platform.LINUX_ARM64).manifest();
        return manifest.layers().stream().map(d -> d.digest()).toList();
    }

    private static PublisherRun.Result publish(Path context, String version) {
        return publisher.run("publish", "--context", context.toString(), "--image", image.toString(), "--platform", ARM64,
                "--version", version, "--health-timeout", "180", "--json");
    }

    /** The root image definition copied into a fresh Git repository, FROM pointing at the stand-in. */
    private static Path standInRepository(ImageReference base) throws IOException {
        Path root = ImageDefinitionFiles.root();
        Path dir = Files.createTempDirectory("siplims-root-image-repo");
        String dockerfile = ImageDefinitionFiles.read("Dockerfile")
                .replaceFirst("(?m)^FROM continuumio/miniconda3@sha256:[0-9a-f]{64}$", "FROM " + base);
        assertTrue(dockerfile.contains("FROM " + base), "the FROM line was replaced");
        Files.writeString(dir.resolve("Dockerfile"), dockerfile);
        for (String file : List.of("conda-lock.txt", "requirements-lock.txt", ".dockerignore")) {
            Files.copy(root.resolve(file), dir.resolve(file));
        }
        for (String folder : List.of("image", "app")) {
            try (Stream<Path> files = Files.walk(root.resolve(folder))) {
                for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.toString().contains("__pycache__")).toList()) {
                    Path target = dir.resolve(root.relativize(f).toString());
                    Files.createDirectories(target.getParent());
                    Files.copy(f, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        git(dir, "init", "-q", "-b", "main");
        git(dir, "add", "-A");
        git(dir, "commit", "-q", "-m", "The root image definition on a stand-in base");
        return dir;
    }

    private static String git(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString(), "-c", "user.name=Image Test",
                "-c", "user.email=image-test@example.org", "-c", "commit.gpgsign=false"));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException("git " + String.join(" ", args) + " failed: " + out);
            }
            return out.strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static String get(String url) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), url);
        return response.body();
    }
}
