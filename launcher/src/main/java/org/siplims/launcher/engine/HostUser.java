package org.siplims.launcher.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.siplims.launcher.paths.OsFlavor;

/**
 * Who the app container runs as. On Linux, the user who started the launcher, so files the app
 * writes into the project folder belong to them (not to root). Docker Desktop on macOS and Windows
 * maps ownership itself, so there the image's default user stays.
 */
public final class HostUser {
    private HostUser() {
    }

    /** {@code uid:gid} of this process on Linux, read from /proc (no native code needed); empty elsewhere. */
    public static Optional<String> forContainers(OsFlavor os) {
        if (!os.runsContainersAsUser()) {
            return Optional.empty();
        }
        try {
            return parseProcStatus(Files.readString(Path.of("/proc/self/status")));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The effective uid and gid from the "Uid:" and "Gid:" lines (real, effective, saved, fs). */
    static Optional<String> parseProcStatus(String status) {
        String uid = null;
        String gid = null;
        for (String line : status.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 3 && f[0].equals("Uid:")) {
                uid = f[2];
            } else if (f.length >= 3 && f[0].equals("Gid:")) {
                gid = f[2];
            }
        }
        return uid != null && gid != null ? Optional.of(uid + ":" + gid) : Optional.empty();
    }
}
