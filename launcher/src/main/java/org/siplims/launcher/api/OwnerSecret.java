package org.siplims.launcher.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import org.siplims.core.UserFacingException;

/**
 * The secret that tells the user who started the launcher from every other account on the computer.
 * It lives in {@value #FILE} in that user's settings folder, readable by its owner only (0600 where
 * the file system has POSIX permissions; on Windows the settings folder, under %APPDATA%, is the
 * user's own). The browser gets it as an HttpOnly cookie through a one-time link ({@link LoginLinks});
 * scripts send it as {@code Authorization: Bearer <secret>}. It stays the same from run to run, so a
 * browser that signed in once keeps working after the launcher is started again.
 */
public final class OwnerSecret {
    public static final String FILE = "api-secret";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private final String value;

    private OwnerSecret(String value) {
        this.value = value;
    }

    /** A secret that lives in memory only: for a server that is never started (warm-up). */
    static OwnerSecret ephemeral() {
        return new OwnerSecret(random());
    }

    /**
     * Reads the secret from the settings folder, or makes one. A file that others could read (or that
     * is not a plain file of the right shape) is replaced by a new secret: the old one may be known.
     *
     * @throws UserFacingException when the settings folder cannot hold the file
     */
    public static OwnerSecret loadOrCreate(Path settingsDirectory) {
        Path file = settingsDirectory.resolve(FILE);
        try {
            Files.createDirectories(settingsDirectory);
            if (Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS) && ownerOnly(file)) {
                String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
                if (text.matches("[A-Za-z0-9_-]{43}")) {
                    return new OwnerSecret(text);
                }
            }
            String fresh = random();
            Path temp = settingsDirectory.resolve(FILE + ".new-" + Long.toHexString(new SecureRandom().nextLong()));
            try {
                Files.createFile(temp, ownerOnlyAttribute(settingsDirectory)); // 0600 from the start: never readable by others
            } catch (FileAlreadyExistsException e) {
                throw new IOException("a leftover " + temp.getFileName(), e);
            }
            Files.writeString(temp, fresh + "\n", StandardCharsets.US_ASCII);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new OwnerSecret(fresh);
        } catch (IOException | RuntimeException e) {
            throw new UserFacingException("The launcher cannot keep its sign-in secret in the settings folder " + settingsDirectory
                    + " (" + e.getMessage() + ").",
                    "Check that this folder belongs to you and can be written; the launcher needs it to keep other users out.", e);
        }
    }

    /** The secret already in the settings folder, if there is a usable one; never makes one. For the owner's own tools and tests. */
    public static java.util.Optional<OwnerSecret> readExisting(Path settingsDirectory) {
        Path file = settingsDirectory.resolve(FILE);
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
            return text.matches("[A-Za-z0-9_-]{43}") ? java.util.Optional.of(new OwnerSecret(text)) : java.util.Optional.empty();
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    /** The browser cookie's name; it carries the port, since cookies are shared by every port of a host name. */
    public static String cookieName(int statusPort) {
        return "sip-lims-launcher-" + statusPort;
    }

    private static boolean ownerOnly(Path file) throws IOException {
        if (!posix(file.getParent())) {
            return true;
        }
        return Files.getPosixFilePermissions(file, java.nio.file.LinkOption.NOFOLLOW_LINKS).equals(OWNER_ONLY);
    }

    private static FileAttribute<?>[] ownerOnlyAttribute(Path dir) {
        return posix(dir) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)} : new FileAttribute<?>[0];
    }

    private static boolean posix(Path dir) {
        return dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static String random() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Compares in constant time. */
    public boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
    }

    /** The value of an {@code Authorization} header that carries this secret: for the launcher's own requests to itself. */
    public String bearerHeader() {
        return "Bearer " + value;
    }

    /** The secret itself: for the cookie and the sign-in links. */
    String value() {
        return value;
    }

    @Override
    public String toString() {
        return "OwnerSecret[hidden]";
    }
}
