package org.siplims.launcher.paths;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Turns what a user typed, pasted or dragged into a folder the app container may mount, or says
 * why it cannot be used.
 *
 * <p>Users give folders in many spellings: with quotes ("Copy as path" on Windows), with a
 * terminal's drag-and-drop escapes ({@code My\ Project} on macOS), as {@code ~/...}, as a
 * {@code file://} URL, relative to where the launcher started. All of these are accepted. Refused:
 * folders that do not exist or are files, the file-system root and the home folder itself (the app
 * would get read-write access to everything), and the Docker socket (mounting it hands the
 * container control of the engine). On Windows, drive letters are kept as given and network (UNC)
 * paths are refused with advice to map a drive letter, because Docker Desktop cannot share them.
 *
 * <p>The operating system is a parameter, so the rules of each are tested on any host.
 */
public final class FolderRules {
    private static final Pattern WINDOWS_DRIVE_ABSOLUTE = Pattern.compile("^[A-Za-z]:[\\\\/].*");
    private static final Pattern WINDOWS_DRIVE_ONLY_OR_RELATIVE = Pattern.compile("^[A-Za-z]:([^\\\\/].*)?$");
    private static final List<String> POSIX_DOCKER_SOCKETS = List.of("/var/run/docker.sock", "/run/docker.sock");

    private final OsFlavor os;
    private final String home;
    private final String workingDirectory;
    private final FolderProbe probe;

    /**
     * @param home             the user's home folder, spelled for {@code os}
     * @param workingDirectory where relative input is resolved from, spelled for {@code os}
     */
    public FolderRules(OsFlavor os, String home, String workingDirectory, FolderProbe probe) {
        this.os = Objects.requireNonNull(os);
        this.home = Objects.requireNonNull(home);
        this.workingDirectory = Objects.requireNonNull(workingDirectory);
        this.probe = Objects.requireNonNull(probe);
    }

    /** The rules of this machine. */
    public static FolderRules forThisMachine() {
        return new FolderRules(OsFlavor.current(), System.getProperty("user.home"), startDirectory(),
                FolderProbe.local());
    }

    /**
     * The folder the user started the launcher from. The distribution's start scripts run Java from
     * the distribution folder (its class-data-sharing archive needs that) and pass the user's
     * folder in {@code SIPLIMS_LAUNCHER_CWD}; otherwise it is the process's working directory.
     */
    public static String startDirectory() {
        String given = System.getenv("SIPLIMS_LAUNCHER_CWD");
        return given != null && !given.isBlank() ? given : System.getProperty("user.dir");
    }

    public OsFlavor os() {
        return os;
    }

    /**
     * Normalises and checks a folder.
     *
     * @param what how to name the folder in messages, e.g. "project folder"
     * @throws InvalidFolderException saying what is wrong and what to give instead
     */
    public HostFolder check(String input, String what) {
        String text = input == null ? "" : input.strip();
        if (text.isEmpty()) {
            throw new InvalidFolderException("No " + what + " was given.",
                    "Type or paste the full path of the folder, or drag the folder onto the field.");
        }
        String shown = text;
        text = stripQuotes(text);
        if (text.regionMatches(true, 0, "file://", 0, "file://".length())) {
            text = fromFileUrl(text);
        } else if (os != OsFlavor.WINDOWS) {
            // A terminal's drag-and-drop writes "My\ Project"; on Windows '\' is the separator.
            text = unescapeBackslashes(text);
        }
        text = expandHome(text);
        String path = os == OsFlavor.WINDOWS ? windowsAbsolute(text, shown) : posixAbsolute(text);

        refuseSpecial(path, shown, what);
        switch (probe.kind(path)) {
            case MISSING -> throw new InvalidFolderException("The " + what + " " + path + " does not exist.",
                    "Check the spelling, or create the folder first.");
            case FILE -> throw new InvalidFolderException(path + " is a file, not a folder.",
                    "Give the folder that contains it instead.");
            case OTHER -> throw new InvalidFolderException(path + " is not a folder.", "Give a folder.");
            case DIRECTORY -> { }
        }
        // A symbolic link may lead to the root or home folder under another name.
        String real = probe.realPath(path).orElse(path);
        if (!real.equals(path)) {
            refuseSpecial(real, shown, what);
        }
        return new HostFolder(path, os);
    }

    private void refuseSpecial(String path, String shown, String what) {
        if (isRoot(path)) {
            throw new InvalidFolderException("The " + what + " cannot be the top of a drive or the file system (" + path + ").",
                    "Choose the folder of one project, for example a folder inside your Documents.");
        }
        if (samePath(path, normalisedHome())) {
            throw new InvalidFolderException("The " + what + " cannot be your home folder itself (" + path + "): the app would be able to change every file in it.",
                    "Choose the folder of one project inside it.");
        }
        if (isDockerSocket(path)) {
            throw new InvalidFolderException(shown + " is the Docker socket, not a folder: mounting it would give the app control of Docker.",
                    "Choose a project folder.");
        }
    }

    static String stripQuotes(String text) {
        String t = text;
        while (t.length() >= 2) {
            char first = t.charAt(0);
            char last = t.charAt(t.length() - 1);
            if ((first == '"' || first == '\'') && first == last) {
                t = t.substring(1, t.length() - 1).strip();
            } else {
                break;
            }
        }
        return t;
    }

    private String fromFileUrl(String url) {
        String rest = url.substring("file://".length());
        // file://localhost/path and file:///path both name a local path.
        if (rest.regionMatches(true, 0, "localhost/", 0, "localhost/".length())) {
            rest = rest.substring("localhost".length());
        }
        String decoded = URLDecoder.decode(rest.replace("+", "%2B"), StandardCharsets.UTF_8);
        if (os == OsFlavor.WINDOWS && decoded.matches("^/[A-Za-z]:.*")) {
            decoded = decoded.substring(1); // file:///C:/Users -> C:/Users
        } else if (os == OsFlavor.WINDOWS && !decoded.startsWith("/")) {
            decoded = "//" + decoded; // file://server/share is a UNC path
        }
        return decoded;
    }

    static String unescapeBackslashes(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                out.append(text.charAt(++i));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private String expandHome(String text) {
        if (text.equals("~")) {
            return home;
        }
        if (text.startsWith("~/") || (os == OsFlavor.WINDOWS && text.startsWith("~\\"))) {
            return home + os.separator() + text.substring(2);
        }
        return text;
    }

    private String posixAbsolute(String text) {
        String absolute = text.startsWith("/") ? text : workingDirectory + "/" + text;
        Deque<String> parts = new ArrayDeque<>();
        for (String part : absolute.split("/+")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(part);
            }
        }
        return "/" + String.join("/", parts);
    }

    private String windowsAbsolute(String text, String shown) {
        String t = text;
        // \\?\C:\... is the long-path form of C:\...; \\?\UNC\server\share is a UNC path.
        if (t.startsWith("\\\\?\\") || t.startsWith("//?/")) {
            t = t.substring(4);
            if (t.regionMatches(true, 0, "UNC\\", 0, 4)) {
                t = "\\\\" + t.substring(4);
            }
        }
        if (t.startsWith("\\\\.\\") || t.startsWith("//./")) {
            throw new InvalidFolderException(shown + " is a device or named pipe (such as the Docker engine's), not a folder.",
                    "Choose a project folder.");
        }
        if (t.startsWith("\\\\") || t.startsWith("//")) {
            throw new InvalidFolderException(shown + " is a network (UNC) path, which Docker Desktop cannot share with the app.",
                    "Map the network share to a drive letter (in File Explorer: right-click 'This PC', 'Map network drive...'), "
                            + "then give the folder as Z:\\... on that drive.");
        }
        String drive;
        String rest;
        if (WINDOWS_DRIVE_ABSOLUTE.matcher(t).matches()) {
            drive = t.substring(0, 2);
            rest = t.substring(3);
        } else if (WINDOWS_DRIVE_ONLY_OR_RELATIVE.matcher(t).matches()) {
            if (t.length() == 2) {
                drive = t;
                rest = "";
            } else {
                throw new InvalidFolderException(shown + " is relative to the current folder of drive " + t.substring(0, 2) + ".",
                        "Give the full path, starting with " + t.substring(0, 2) + "\\.");
            }
        } else if (t.startsWith("\\") || t.startsWith("/")) {
            drive = workingDirectory.substring(0, 2); // the root of the current drive
            rest = t.substring(1);
        } else {
            drive = workingDirectory.substring(0, 2);
            rest = workingDirectory.substring(Math.min(3, workingDirectory.length())) + "\\" + t;
        }
        Deque<String> parts = new ArrayDeque<>();
        for (String part : rest.split("[\\\\/]+")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(part);
            }
        }
        return drive + "\\" + String.join("\\", parts);
    }

    private boolean isRoot(String path) {
        if (os == OsFlavor.WINDOWS) {
            return path.matches("^[A-Za-z]:\\\\?$");
        }
        return path.equals("/");
    }

    private String normalisedHome() {
        return os == OsFlavor.WINDOWS ? windowsAbsolute(home, home) : posixAbsolute(home);
    }

    private boolean samePath(String a, String b) {
        return os.caseInsensitivePaths() ? a.toLowerCase(Locale.ROOT).equals(b.toLowerCase(Locale.ROOT)) : a.equals(b);
    }

    private boolean isDockerSocket(String path) {
        String lastComponent = path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
        if (lastComponent.equalsIgnoreCase("docker.sock")) {
            return true;
        }
        return os != OsFlavor.WINDOWS && POSIX_DOCKER_SOCKETS.stream().anyMatch(s -> samePath(s, path));
    }
}
