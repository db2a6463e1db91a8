package org.siplims.publisher.build;

import com.github.dockerjava.core.dockerfile.Dockerfile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The build context as the engine receives it: docker-java's tar of the context folder (which
 * honours {@code .dockerignore}), with one change: the Dockerfile in it gets one {@code LABEL}
 * line appended carrying all release labels. The engine's own label option would add one build
 * step per label instead; the result is the same image metadata, without the working tree ever
 * being touched.
 */
final class BuildContext implements AutoCloseable {
    private final Path tar;
    private final String dockerfilePath;

    private BuildContext(Path tar, String dockerfilePath) {
        this.tar = tar;
        this.dockerfilePath = dockerfilePath;
    }

    static BuildContext withLabels(Path context, Path dockerfile, Map<String, String> labels) throws IOException {
        Path base = context.toAbsolutePath().normalize();
        Path file = dockerfile.toAbsolutePath().normalize();
        if (!file.startsWith(base)) {
            throw new IllegalArgumentException("The Dockerfile " + file + " is outside the build context " + base + ".");
        }
        String name = base.relativize(file).toString().replace('\\', '/');
        byte[] amended = (Files.readString(file, StandardCharsets.UTF_8).stripTrailing() + "\n\n"
                + "# Added by the publisher: the release's labels.\n" + labelLine(labels) + "\n").getBytes(StandardCharsets.UTF_8);
        Path out = Files.createTempFile("sip-lims-build-context", ".tar");
        boolean replaced = false;
        try (InputStream original = new GZIPInputStream(new Dockerfile(file.toFile(), base.toFile()).parse().buildDockerFolderTar());
             TarArchiveInputStream in = new TarArchiveInputStream(original);
             OutputStream target = Files.newOutputStream(out);
             TarArchiveOutputStream tarOut = new TarArchiveOutputStream(target)) {
            tarOut.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tarOut.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            TarArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                if (entry.getName().equals(name) && entry.isFile()) {
                    // A new entry: the input stream still needs the original's size to find the next header.
                    TarArchiveEntry replacement = new TarArchiveEntry(name);
                    replacement.setMode(entry.getMode());
                    replacement.setModTime(entry.getModTime());
                    replacement.setSize(amended.length);
                    tarOut.putArchiveEntry(replacement);
                    tarOut.write(amended);
                    replaced = true;
                } else {
                    tarOut.putArchiveEntry(entry);
                    if (entry.isFile()) {
                        in.transferTo(tarOut);
                    }
                }
                tarOut.closeArchiveEntry();
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(out);
            throw e;
        }
        if (!replaced) {
            Files.deleteIfExists(out);
            throw new IOException("docker-java's build context has no " + name);
        }
        return new BuildContext(out, name);
    }

    /** {@code LABEL "key"="value" ...}, quoted so that no value is expanded or split. */
    static String labelLine(Map<String, String> labels) {
        StringBuilder line = new StringBuilder("LABEL");
        labels.forEach((k, v) -> line.append(' ').append(quote(k)).append('=').append(quote(v)));
        return line.toString();
    }

    private static String quote(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("$", "\\$").replaceAll("[\\r\\n]", " ") + '"';
    }

    InputStream open() throws IOException {
        return Files.newInputStream(tar);
    }

    /** The Dockerfile's path inside the tar, for the engine's {@code dockerfile} parameter. */
    String dockerfilePath() {
        return dockerfilePath;
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(tar);
        } catch (IOException ignored) {
            // a temporary file; the OS cleans it eventually
        }
    }
}
