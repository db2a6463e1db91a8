package org.siplims.publisher.build;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The build context of a {@link BuildContext} unpacked into a temporary folder, for
 * {@code docker buildx build}: the same files ({@code .dockerignore} applied, the release labels in
 * the Dockerfile), with their permissions. Removed on close.
 */
final class ContextFolder implements AutoCloseable {
    private final Path dir;

    private ContextFolder(Path dir) {
        this.dir = dir;
    }

    static ContextFolder unpack(BuildContext context) throws IOException {
        Path dir = Files.createTempDirectory("sip-lims-buildkit-context");
        ContextFolder folder = new ContextFolder(dir);
        try (InputStream in = context.open(); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path target = dir.resolve(entry.getName()).normalize();
                if (!target.startsWith(dir)) {
                    throw new IOException("the build context has an entry outside itself: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(target.getParent());
                    Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                } else if (entry.isFile()) {
                    Files.createDirectories(target.getParent());
                    Files.copy(tar, target);
                    permissions(target, entry.getMode());
                    Files.setLastModifiedTime(target, FileTime.from(entry.getModTime().toInstant()));
                }
            }
        } catch (IOException | RuntimeException e) {
            folder.close();
            throw e;
        }
        return folder;
    }

    Path dir() {
        return dir;
    }

    private static void permissions(Path file, int mode) {
        try {
            Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
            PosixFilePermission[] order = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
                PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
            for (int bit = 0; bit < order.length; bit++) {
                if ((mode & (1 << bit)) != 0) {
                    set.add(order[bit]);
                }
            }
            Files.setPosixFilePermissions(file, set);
        } catch (UnsupportedOperationException | IOException e) {
            // Windows: no POSIX permissions to keep; BuildKit's COPY then uses its defaults, as the classic builder does there
        }
    }

    @Override
    public void close() {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // a temporary folder; the OS cleans it eventually
        }
    }
}
