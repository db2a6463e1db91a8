package org.siplims.launcher.paths;

import java.util.Objects;

/**
 * A folder on the user's machine that passed the {@link FolderRules}: its real path, every
 * symbolic link resolved, which is what the rules judged and what Docker mounts (on Windows with
 * its drive letter or as a network share). The status page shows this path too, so the user sees
 * which folder the app really gets.
 */
public record HostFolder(String path, OsFlavor os) {
    public HostFolder {
        Objects.requireNonNull(path);
        Objects.requireNonNull(os);
    }

    /** The folder's own name, the last path component: what the app shows as the project name. */
    public String name() {
        String p = path;
        int cut = Math.max(p.lastIndexOf('/'), os == OsFlavor.WINDOWS ? p.lastIndexOf('\\') : -1);
        return cut >= 0 ? p.substring(cut + 1) : p;
    }

    @Override
    public String toString() {
        return path;
    }
}
