package org.siplims.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;

/**
 * Small images for tests, built from the local busybox (never pulled from the internet):
 * a busybox base pushed to the plain registry and pinned by digest, and an "app" on top of it
 * that behaves like the workflow manager: it answers {@code /_stcore/health} on port 8501 and
 * prints its version for {@code --version}.
 */
public final class FixtureImages {
    /** How the app fixture behaves once started. */
    public enum Mode {
        /** Answers the health path with 200. */
        HEALTHY,
        /** Runs, but the health path answers 404 forever. */
        NEVER_HEALTHY,
        /** Prints a line and exits with status 3 at once. */
        CRASHES
    }

    /** An image pushed to a registry: the tag pushed, the digest the registry serves, the engine's image ID. */
    public record PushedImage(ImageReference reference, Digest digest, String imageId) {
        /** {@code registry/repo@sha256:…}, what the programs under test should run. */
        public ImageReference pinned() {
            return reference.withDigest(digest);
        }
    }

    private static final Pattern PUSH_DIGEST = Pattern.compile("digest: (sha256:[a-f0-9]{64})");
    private static ImageReference base;

    private final TestEnvironment env;
    private final DockerCli cli;

    public FixtureImages(TestEnvironment env, DockerCli cli) {
        this.env = env;
        this.cli = cli;
    }

    public FixtureImages(TestEnvironment env) {
        this(env, new DockerCli(tempDir("docker-config"), env.dockerHost()));
    }

    public DockerCli cli() {
        return cli;
    }

    /** The busybox base image, {@code 127.0.0.1:PORT/fixture/busybox@sha256:…}, made once per JVM. */
    public synchronized ImageReference busyboxBase() {
        if (base == null) {
            Path rootfs = busyboxRootfs(env.busyboxAmd64());
            Path tar = rootfs.resolveSibling("rootfs.tar");
            HostCommand.run("tar", "-C", rootfs.toString(), "-cf", tar.toString(), ".");
            ImageReference tagged = ImageReference.parse(env.plainRegistry() + "/fixture/busybox:1");
            try (var in = Files.newInputStream(tar)) {
                DockerCli.Result r = cli.exec(in, "import", "-", tagged.toString());
                if (r.exitCode() != 0) {
                    throw new IllegalStateException("docker import failed: " + r.stderr());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            base = tagged.withDigest(push(tagged));
        }
        return base;
    }

    /**
     * A root filesystem with busybox and a symlink per applet, plus the folders the app expects.
     * Also used for the arm64 fixture with an arm64 busybox.
     */
    public static Path busyboxRootfs(Path busybox) {
        Path root = tempDir("rootfs").resolve("rootfs");
        try {
            Path bin = Files.createDirectories(root.resolve("bin"));
            Files.copy(busybox, bin.resolve("busybox"));
            Files.setPosixFilePermissions(bin.resolve("busybox"), PosixFilePermissions.fromString("rwxr-xr-x"));
            for (String applet : List.of("sh", "httpd", "echo", "cat", "sleep", "mkdir", "touch", "id", "ls", "date",
                    "env", "test", "kill", "tail", "true", "false", "printf", "wget", "rm", "chmod", "chown", "stat",
                    "uname", "grep", "tr", "head", "nc")) {
                Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
            }
            for (String dir : List.of("tmp", "data", "workflow-scripts", "www", "etc", "proc", "sys", "dev")) {
                Files.createDirectories(root.resolve(dir));
            }
            Files.setPosixFilePermissions(root.resolve("tmp"), PosixFilePermissions.fromString("rwxrwxrwx"));
            Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000:app:/data:/bin/sh\n");
            Files.writeString(root.resolve("etc/group"), "root:x:0:\napp:x:1000:\n");
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes the app fixture's build context into {@code dir}: a Dockerfile whose base is pinned
     * by digest, taking the build args APP_VERSION, COMMIT_SHA and BUILD_DATE, and an entrypoint.
     * Publisher tests add lock files and git to this directory.
     */
    public void writeAppContext(Path dir, Mode mode) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("Dockerfile"), appDockerfile(busyboxBase(), mode));
            Files.writeString(dir.resolve("entrypoint.sh"), ENTRYPOINT);
            // A file unique to this context gives its image a layer of its own: two tests never
            // share an image ID or app layer, so one test's "first start with nothing local"
            // cannot be spoiled by another test's image or container.
            Files.writeString(dir.resolve("fixture-build-id"), java.util.UUID.randomUUID() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Dockerfile of the app fixture, on this base. */
    public static String appDockerfile(ImageReference base, Mode mode) {
        return "FROM " + base + "\n"
                + "ARG APP_VERSION=dev\n"
                + "ARG COMMIT_SHA=unknown\n"
                + "ARG BUILD_DATE=unknown\n"
                + "ENV APP_VERSION=$APP_VERSION COMMIT_SHA=$COMMIT_SHA BUILD_DATE=$BUILD_DATE FIXTURE_MODE=" + mode + "\n"
                + "COPY entrypoint.sh /entrypoint.sh\n"
                + "COPY fixture-build-id /etc/fixture-build-id\n"
                + "EXPOSE 8501\n"
                + "ENTRYPOINT [\"/bin/sh\", \"/entrypoint.sh\"]\n";
    }

    /** What the fixture app does: like the real app, a version line or a web server on 8501. */
    public static final String ENTRYPOINT = """
            #!/bin/sh
            # Fixture app: behaves like the workflow manager for the launcher and publisher tests.
            if [ "$1" = "--version" ]; then
              echo "sip-lims-workflow-manager $APP_VERSION (commit $COMMIT_SHA, built $BUILD_DATE)"
              exit 0
            fi
            echo "fixture app $APP_VERSION starting as uid $(id -u) in $(pwd), project ${PROJECT_NAME:-none}"
            if [ "$FIXTURE_MODE" = "CRASHES" ]; then
              echo "fixture app: simulated crash" >&2
              exit 3
            fi
            # A fixed amount of CPU work before the app answers (FIXTURE_WORK rounds of a shell loop, none unless
            # the image sets it), like the real app's start-up: bench/run's native-against-emulated item then
            # measures what emulation costs, not only a container start.
            i=0
            while [ "$i" -lt "${FIXTURE_WORK:-0}" ]; do i=$((i + 1)); done
            mkdir -p /tmp/www/_stcore
            echo "<html><body><h1>Fixture app $APP_VERSION</h1></body></html>" > /tmp/www/index.html
            if [ "$FIXTURE_MODE" = "HEALTHY" ]; then
              echo ok > /tmp/www/_stcore/health
            fi
            # Like the real app, write into the project folder, so tests can check who owns the file.
            if [ -w /data ]; then
              echo "written by fixture app $APP_VERSION" > /data/.fixture-app-was-here
            fi
            exec httpd -f -p 8501 -h /tmp/www
            """;

    /** Builds the app fixture with this version, tags it as {@code target} and pushes it. */
    public PushedImage pushApp(ImageReference target, String version, Mode mode) {
        Path context = tempDir("app-context");
        writeAppContext(context, mode);
        build(context, target, version);
        Digest digest = push(target);
        return new PushedImage(target, digest, imageId(target));
    }

    /** A HEALTHY app fixture pushed to the plain registry under a fresh repository. */
    public PushedImage pushApp(String version) {
        ImageReference target = ImageReference.parse(env.plainRegistry() + "/" + TestEnvironment.uniqueRepository("app") + ":" + version);
        return pushApp(target, version, Mode.HEALTHY);
    }

    /** {@code docker build} of a context with the release build args; returns the image ID. */
    public String build(Path context, ImageReference tag, String version) {
        List<String> args = new ArrayList<>(List.of("build", "-q", "-t", tag.toString(),
                "--build-arg", "APP_VERSION=" + version,
                "--build-arg", "COMMIT_SHA=fixture",
                "--build-arg", "BUILD_DATE=2026-01-01T00:00:00Z",
                context.toString()));
        cli.run(args.toArray(String[]::new));
        return imageId(tag);
    }

    /** Pushes a tag and returns the manifest digest the registry reported. */
    public Digest push(ImageReference tag) {
        String out = cli.run("push", tag.toString());
        Matcher m = PUSH_DIGEST.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("docker push printed no digest: " + out);
        }
        return Digest.parse(m.group(1));
    }

    public String imageId(ImageReference ref) {
        return cli.run("image", "inspect", "--format", "{{.Id}}", ref.toString());
    }

    /** Removes a local image (by tag, digest or ID), ignoring one that is already gone. */
    public void removeLocal(String image) {
        cli.exec(null, "image", "rm", "-f", image);
    }

    static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory("siplims-" + prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
