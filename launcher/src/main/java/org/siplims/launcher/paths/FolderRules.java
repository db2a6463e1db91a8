package org.siplims.launcher.paths;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what a user typed, pasted or dragged into a folder the app container may mount, or says
 * why it cannot be used.
 *
 * <p>Users give folders in many spellings: with quotes ("Copy as path" on Windows), with a
 * terminal's drag-and-drop escapes ({@code My\ Project} on macOS), as {@code ~/...}, as a
 * {@code file://} URL. All of these are accepted.
 *
 * <p>The app gets read-write access to the folder, so only the places where lab projects live are
 * accepted (an allow-list, not a list of dangers):
 * <ul>
 *   <li>a folder inside the user's home folder, but not the home folder itself, not a hidden folder
 *       (a name starting with a dot, such as {@code ~/.ssh}) or anything in one, and not the
 *       settings folders {@code AppData} (Windows) and {@code Library} (macOS) at the home's top;</li>
 *   <li>a folder on a data drive: inside a volume under {@code /Volumes} (macOS), under
 *       {@code /media} or {@code /mnt} (Linux), on a drive letter or network share outside the
 *       system folders (Windows).</li>
 * </ul>
 * The check is made on the real path (every symbolic link resolved), and that real path is what
 * is mounted, so a link inside the home folder cannot lead the app to {@code /etc}. A relative
 * path is refused: the launcher, the browser and the user each have their own current folder (the
 * command line resolves its own relative paths first, see {@link #resolveFromStartDirectory}).
 *
 * <p>The operating system is a parameter, so the rules of each are tested on any host.
 */
public final class FolderRules {
    private static final Pattern WINDOWS_DRIVE_ABSOLUTE = Pattern.compile("^([A-Za-z]:)[\\\\/](.*)$");
    private static final Pattern WINDOWS_DRIVE_RELATIVE = Pattern.compile("^[A-Za-z]:([^\\\\/].*)?$");
    private static final Pattern WINDOWS_UNC = Pattern.compile("^[\\\\/]{2}([^\\\\/]+)(?:[\\\\/]+([^\\\\/]+))?(?:[\\\\/]+(.*))?$");

    /** Top-level folders of Linux and macOS that belong to the system, to Docker, or hold every user's home folder. */
    private static final Set<String> POSIX_SYSTEM_FOLDERS = Set.of("etc", "usr", "bin", "sbin", "lib", "lib32", "lib64", "libx32",
            "var", "run", "proc", "sys", "dev", "boot", "opt", "srv", "snap", "home", "root", "lost+found",
            "system", "library", "applications", "private", "cores", "network", "users");
    /** Folders at the top of a Windows drive or share that belong to the system or hold every user's home folder. */
    private static final Set<String> WINDOWS_SYSTEM_FOLDERS = Set.of("windows", "program files", "program files (x86)", "programdata",
            "users", "documents and settings", "$recycle.bin", "system volume information", "recovery", "perflogs", "boot",
            "config.msi", "$windows.~bt", "$windows.~ws");

    private final OsFlavor os;
    private final String home;
    private final FolderProbe probe;

    /**
     * @param home the user's home folder, spelled for {@code os}
     */
    public FolderRules(OsFlavor os, String home, FolderProbe probe) {
        this.os = Objects.requireNonNull(os);
        this.home = Objects.requireNonNull(home);
        this.probe = Objects.requireNonNull(probe);
    }

    /** The rules of this machine. */
    public static FolderRules forThisMachine() {
        return new FolderRules(OsFlavor.current(), homeOfThisUser(OsFlavor.current()), FolderProbe.local());
    }

    /**
     * The home folder as the user knows it: {@code $HOME} on Linux and macOS (what {@code ~} means
     * in their terminal; Java's {@code user.home} comes from the password database instead), the
     * user profile folder on Windows.
     */
    static String homeOfThisUser(OsFlavor os) {
        String given = System.getenv("HOME");
        if (os != OsFlavor.WINDOWS && given != null && given.startsWith("/")) {
            return given;
        }
        return System.getProperty("user.home");
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

    /**
     * A folder given on the command line, made absolute from where the user started (in a terminal
     * {@code --project .} means the current folder); {@code ~/...}, URLs and absolute paths are
     * returned as given. The result still goes through {@link #check}.
     */
    public static String resolveFromStartDirectory(String given) {
        if (given == null || given.isBlank() || given.strip().startsWith("~") || given.strip().regionMatches(true, 0, "file:", 0, 5)) {
            return given;
        }
        try {
            Path p = Path.of(given.strip());
            return p.isAbsolute() ? given : Path.of(startDirectory()).resolve(p).normalize().toString();
        } catch (InvalidPathException e) {
            return given; // check() says what is wrong with it
        }
    }

    public OsFlavor os() {
        return os;
    }

    /** The user's home folder, spelled for {@link #os()} (where the folder picker starts). */
    public String home() {
        return home;
    }

    /**
     * Normalises and checks a folder.
     *
     * @param what how to name the folder in messages, e.g. "project folder"
     * @return the folder with every symbolic link resolved: what is mounted
     * @throws InvalidFolderException with the reason, saying what is wrong and what to give instead
     */
    public HostFolder check(String input, String what) {
        String text = input == null ? "" : input.strip();
        if (text.isEmpty()) {
            throw new InvalidFolderException(FolderRefusal.NOTHING_GIVEN, "No " + what + " was given.",
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
        Parsed given = parse(text, shown, what);
        String path = given.render();
        if (isDockerSocket(given)) {
            throw new InvalidFolderException(FolderRefusal.DOCKER_SOCKET,
                    shown + " is the Docker socket, not a folder: mounting it would give the app control of Docker.",
                    "Choose a project folder. " + acceptedPlaces());
        }
        switch (probe.kind(path)) {
            case MISSING -> throw new InvalidFolderException(FolderRefusal.MISSING, "The " + what + " " + path + " does not exist.",
                    "Check the spelling, or create the folder first.");
            case FILE -> throw new InvalidFolderException(FolderRefusal.NOT_A_FOLDER, path + " is a file, not a folder.",
                    "Give the folder that contains it instead.");
            case OTHER -> throw new InvalidFolderException(FolderRefusal.NOT_A_FOLDER, path + " is not a folder.",
                    "Give a folder. " + acceptedPlaces());
            case DIRECTORY -> { }
        }
        // The rules apply to where the path really leads, and that is what is mounted: a symbolic
        // link cannot lead the app somewhere the rules refuse, nor be switched after the check.
        Parsed real = probe.realPath(path).map(p -> parse(p, shown, what)).orElse(given);
        if (isDockerSocket(real)) {
            throw new InvalidFolderException(FolderRefusal.DOCKER_SOCKET,
                    shown + " leads to the Docker socket: mounting it would give the app control of Docker.", "Choose a project folder.");
        }
        refuseUnlessAllowed(real, shown, what);
        return new HostFolder(real.render(), os);
    }

    /** Accepts the folder if it is inside the home folder or on a data drive, under the rules in the class comment. */
    private void refuseUnlessAllowed(Parsed path, String shown, String what) {
        String at = path.render().equals(shown) ? shown : shown + " (" + path.render() + ")";
        if (path.names.isEmpty()) {
            throw new InvalidFolderException(FolderRefusal.TOP_OF_DRIVE,
                    "The " + what + " cannot be the top of a drive or the file system (" + at + "): the app would be able to change everything on it.",
                    "Choose the folder of one project. " + acceptedPlaces());
        }
        Parsed home = homeFolder();
        if (home != null && sameName(path.root, home.root) && startsWith(path.names, home.names)) {
            List<String> below = path.names.subList(home.names.size(), path.names.size());
            if (below.isEmpty()) {
                throw new InvalidFolderException(FolderRefusal.HOME_ITSELF,
                        "The " + what + " cannot be your home folder itself (" + at + "): the app would be able to change every file in it.",
                        "Choose the folder of one project inside it, for example in Documents.");
            }
            String top = below.get(0);
            if (below.stream().anyMatch(n -> n.startsWith(".")) || sameName(top, "AppData") || sameName(top, "Library")) {
                throw new InvalidFolderException(FolderRefusal.HIDDEN_OR_SETTINGS,
                        "The " + what + " cannot be in a hidden or settings folder of your home folder (" + at + "): "
                                + "keys, passwords and program settings are kept there.",
                        "Choose the folder of one project. " + acceptedPlaces());
            }
            return;
        }
        if (isSystemFolder(path)) {
            throw new InvalidFolderException(FolderRefusal.SYSTEM_FOLDER,
                    "The " + what + " cannot be a folder of the system or of other users (" + at + "): the app would be able to change it.",
                    "Choose the folder of one project. " + acceptedPlaces());
        }
        int volumeDepth = dataVolumeDepth(path);
        if (volumeDepth < 0) {
            throw new InvalidFolderException(FolderRefusal.OUTSIDE_ALLOWED_PLACES,
                    "The " + what + " " + at + " is neither in your home folder nor on a data drive, where projects are kept.",
                    acceptedPlaces());
        }
        if (path.names.size() <= volumeDepth) {
            throw new InvalidFolderException(FolderRefusal.TOP_OF_DRIVE,
                    "The " + what + " cannot be the top of a drive (" + at + "): the app would be able to change everything on it.",
                    "Choose the folder of one project on it. " + acceptedPlaces());
        }
        if (path.names.stream().anyMatch(n -> n.startsWith("."))) {
            throw new InvalidFolderException(FolderRefusal.HIDDEN_OR_SETTINGS,
                    "The " + what + " cannot be in a hidden folder (" + at + ").", "Choose the folder of one project. " + acceptedPlaces());
        }
    }

    /** What the rules accept, as one sentence for the person who chose the folder. */
    private String acceptedPlaces() {
        String inHome = "Choose a folder inside your home folder (" + home + "), for example in Documents";
        return switch (os) {
            case LINUX -> inHome + ", or a folder on a data drive under /media or /mnt.";
            case MACOS -> inHome + ", or a folder on an external drive under /Volumes.";
            case WINDOWS -> inHome + ", or a folder on another drive (such as D:\\Projects\\...) or a network share (\\\\server\\share\\...).";
        };
    }

    /** The home folder with its links resolved, or null when it cannot hold projects (the top of a drive, or a system folder). */
    private Parsed homeFolder() {
        try {
            Parsed h = parse(probe.realPath(home).orElse(home), home, "home folder");
            return h.names.isEmpty() || (isSystemFolder(h) && !isUsersParent(h)) ? null : h;
        } catch (InvalidFolderException e) {
            return null;
        }
    }

    /** Whether the path is in a folder of the operating system, of Docker, or of every user's homes. */
    private boolean isSystemFolder(Parsed path) {
        String top = path.names.get(0).toLowerCase(Locale.ROOT);
        return os == OsFlavor.WINDOWS ? WINDOWS_SYSTEM_FOLDERS.contains(top) : POSIX_SYSTEM_FOLDERS.contains(top)
                && (os == OsFlavor.MACOS || path.names.get(0).equals(top));
    }

    /** /home, /Users or C:\Users: the folder of every user's home, where the user's own home folder usually is. */
    private boolean isUsersParent(Parsed path) {
        return sameName(path.names.get(0), os == OsFlavor.LINUX ? "home" : "Users") || sameName(path.names.get(0), "root");
    }

    /**
     * How many names make up the top of a data drive in this path ({@code /media/usb} is 2), or
     * -1 when the path is not on a data drive.
     */
    private int dataVolumeDepth(Parsed path) {
        String top = path.names.get(0);
        return switch (os) {
            case LINUX -> top.equals("media") || top.equals("mnt") ? 2 : -1;
            case MACOS -> sameName(top, "Volumes") ? 2 : -1;
            case WINDOWS -> 0; // every drive letter and share outside the system folders
        };
    }

    private boolean isDockerSocket(Parsed path) {
        return !path.names.isEmpty() && path.names.get(path.names.size() - 1).equalsIgnoreCase("docker.sock");
    }

    /** An absolute path split into its root ("" on Linux and macOS, "C:" or "\\server\share" on Windows) and its names. */
    private record Parsed(String root, List<String> names, OsFlavor os) {
        String render() {
            if (os != OsFlavor.WINDOWS) {
                return "/" + String.join("/", names);
            }
            return root + "\\" + String.join("\\", names);
        }
    }

    private Parsed parse(String text, String shown, String what) {
        return os == OsFlavor.WINDOWS ? parseWindows(text, shown, what) : parsePosix(text, shown, what);
    }

    private Parsed parsePosix(String text, String shown, String what) {
        if (!text.startsWith("/")) {
            throw relative(shown, what, "/");
        }
        return new Parsed("", normalise(text.split("/+")), os);
    }

    private Parsed parseWindows(String text, String shown, String what) {
        String t = text;
        // \\?\C:\... is the long-path form of C:\...; \\?\UNC\server\share is a UNC path.
        if (t.startsWith("\\\\?\\") || t.startsWith("//?/")) {
            t = t.substring(4);
            if (t.regionMatches(true, 0, "UNC\\", 0, 4)) {
                t = "\\\\" + t.substring(4);
            }
        }
        if (t.startsWith("\\\\.\\") || t.startsWith("//./")) {
            boolean docker = t.toLowerCase(Locale.ROOT).contains("docker");
            throw new InvalidFolderException(docker ? FolderRefusal.DOCKER_SOCKET : FolderRefusal.NOT_A_FOLDER,
                    shown + " is a device or named pipe" + (docker ? " of Docker: mounting it would give the app control of Docker" : ", not a folder") + ".",
                    "Choose a project folder. " + acceptedPlaces());
        }
        Matcher unc = WINDOWS_UNC.matcher(t);
        if (unc.matches()) {
            if (unc.group(2) == null) {
                return new Parsed("\\\\" + unc.group(1), List.of(), os); // a server without a share: no folder of a project
            }
            String rest = unc.group(3) == null ? "" : unc.group(3);
            return new Parsed("\\\\" + unc.group(1) + "\\" + unc.group(2), normalise(rest.split("[\\\\/]+")), os);
        }
        Matcher drive = WINDOWS_DRIVE_ABSOLUTE.matcher(t);
        if (drive.matches()) {
            return new Parsed(drive.group(1), normalise(drive.group(2).split("[\\\\/]+")), os);
        }
        if (WINDOWS_DRIVE_RELATIVE.matcher(t).matches()) {
            throw relative(shown, what, t.substring(0, 2) + "\\");
        }
        throw relative(shown, what, "C:\\ or D:\\");
    }

    private InvalidFolderException relative(String shown, String what, String start) {
        return new InvalidFolderException(FolderRefusal.RELATIVE,
                "The " + what + " " + shown + " is not a full path, so it is unclear which folder it means.",
                "Give the full path, starting with " + start + " (drag the folder onto the field to get it).");
    }

    /** The names of a path without empty parts and ".", with ".." taking away the name before it. */
    private static List<String> normalise(String[] parts) {
        List<String> names = new ArrayList<>();
        for (String part : parts) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!names.isEmpty()) {
                    names.remove(names.size() - 1);
                }
            } else {
                names.add(part);
            }
        }
        return List.copyOf(names);
    }

    private boolean startsWith(List<String> names, List<String> prefix) {
        if (names.size() < prefix.size()) {
            return false;
        }
        for (int i = 0; i < prefix.size(); i++) {
            if (!sameName(names.get(i), prefix.get(i))) {
                return false;
            }
        }
        return true;
    }

    private boolean sameName(String a, String b) {
        return os.caseInsensitivePaths() ? a.equalsIgnoreCase(b) : a.equals(b);
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
}
