package org.siplims.launcher.paths;

import java.util.Objects;

/**
 * A folder on the user's machine that passed the {@link FolderRules}, spelled as Docker should
 * receive it as a bind-mount source (on Windows with its drive letter, as the user gave it).
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
