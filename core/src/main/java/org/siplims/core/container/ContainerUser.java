package org.siplims.core.container;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Who the app container runs as: never uid 0, whoever starts it (a launcher run with sudo too).
 * <ul>
 *   <li>On Linux, the owner of the project folder ({@code uid:gid}), so what the app writes there
 *       belongs to the person whose folder it is, and the app can write only where they can.</li>
 *   <li>When that owner is root (a folder made by root, or a drive mounted without an owner),
 *       {@link #FALLBACK}: uid and gid 1000, the image's own {@code app} user. A root-owned folder
 *       must then allow that user to write (the launcher does not change its owner or mode).</li>
 *   <li>On macOS and Windows, Docker Desktop gives files written through a bind mount to the
 *       person who runs it, whatever the uid inside; the container runs as {@link #FALLBACK}.</li>
 * </ul>
 */
public final class ContainerUser {
    /** The image's {@code app} user (see the Dockerfile): never root. */
    public static final String FALLBACK = "1000:1000";

    private ContainerUser() {
    }

    /** The user for a container whose project folder is {@code projectFolder} on this machine. */
    public static String forProjectFolder(Path projectFolder) {
        return forProjectFolder(projectFolder, System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux"));
    }

    /** @param ownerMapped whether the engine shares the host's uids (Linux), so the folder owner's uid is the one to run as */
    public static String forProjectFolder(Path projectFolder, boolean ownerMapped) {
        if (!ownerMapped) {
            return FALLBACK;
        }
        try {
            int uid = (Integer) Files.getAttribute(projectFolder, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            int gid = (Integer) Files.getAttribute(projectFolder, "unix:gid", LinkOption.NOFOLLOW_LINKS);
            return of(uid, gid);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return FALLBACK;
        }
    }

    /** {@code uid:gid}; {@link #FALLBACK} for root's uid, and group 1000 instead of root's group. */
    static String of(int uid, int gid) {
        return uid <= 0 ? FALLBACK : uid + ":" + (gid <= 0 ? 1000 : gid);
    }
}
