package org.siplims.core.signing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.List;

/**
 * Writes a new file atomically: the content goes to a temporary file in the same folder, is flushed
 * to disk, then linked into place, so a crash never leaves half a key behind and an existing file
 * is never replaced. With
 * {@code ownerOnly} the temporary file is created with permissions {@code rw-------} from the start
 * (POSIX), or with an ACL granting only its owner access (Windows), before any secret is written.
 */
final class KeyFileWriter {
    private KeyFileWriter() {
    }

    /**
     * @throws FileAlreadyExistsException when {@code target} exists: a key is never silently replaced
     */
    static void writeNew(Path target, String content, boolean ownerOnly) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        if (Files.exists(absolute, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(absolute.toString());
        }
        boolean posix = Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class);
        // Temporary files are rw------- by default; a public key is given the usual rw-r--r--.
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString(ownerOnly ? "rw-------" : "rw-r--r--"))}
                : new FileAttribute<?>[0];
        Path temp = Files.createTempFile(dir, "." + absolute.getFileName(), ".tmp", attributes);
        try {
            if (ownerOnly && !posix) {
                restrictAclToOwner(temp);
            }
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.US_ASCII)));
                channel.force(true);
            }
            try {
                // A hard link appears atomically with the whole content and fails if the target
                // exists, unlike a rename, which would replace a key made meanwhile.
                Files.createLink(absolute, temp);
            } catch (FileAlreadyExistsException e) {
                throw e;
            } catch (UnsupportedOperationException | IOException e) {
                // No hard links on this file system (FAT, some network shares): rename instead.
                if (Files.exists(absolute, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    throw new FileAlreadyExistsException(absolute.toString());
                }
                try {
                    Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException notAtomic) {
                    Files.move(temp, absolute);
                }
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Windows: replace the inherited ACL by one entry giving the file's owner full access. */
    private static void restrictAclToOwner(Path file) throws IOException {
        AclFileAttributeView view = Files.getFileAttributeView(file, AclFileAttributeView.class);
        if (view == null) {
            return; // neither POSIX nor ACL (e.g. FAT): nothing finer than the folder's access exists
        }
        UserPrincipal owner = view.getOwner();
        AclEntry entry = AclEntry.newBuilder()
                .setType(AclEntryType.ALLOW)
                .setPrincipal(owner)
                .setPermissions(EnumSet.allOf(AclEntryPermission.class))
                .build();
        view.setAcl(List.of(entry));
    }
}
