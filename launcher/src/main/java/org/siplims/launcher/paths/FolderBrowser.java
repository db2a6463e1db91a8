package org.siplims.launcher.paths;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.siplims.core.UserFacingException;

/**
 * The status page's folder picker: lists the folders (never files) of a folder, so a user can
 * choose the project folder by browsing, which a browser cannot do with full paths. It starts in
 * the home folder, offers the places where project folders may be (home, and the data drives:
 * drive letters on Windows, {@code /Volumes} on macOS, {@code /media} and {@code /mnt} on Linux),
 * shows only what is inside those places, hides hidden folders, and marks each folder usable or
 * not by the same {@link FolderRules} the launcher applies when a folder is chosen.
 */
public final class FolderBrowser {
    /** At most this many folders are listed (a huge folder is cut, and says so). */
    static final int MAX_ENTRIES = 500;

    /** One folder of the listing; {@code usable} says whether the folder rules accept it as a project folder. */
    public record Entry(String name, String path, boolean usable) {
    }

    /** A place to start from: the home folder, or a data drive. */
    public record Place(String name, String path) {
    }

    /**
     * @param parent    the folder above, while it is still inside a place
     * @param usable    whether this folder itself may be chosen
     * @param truncated whether more folders exist than are listed
     */
    public record Listing(String path, Optional<String> parent, boolean usable, List<Entry> folders, List<Place> places,
                          boolean truncated) {
    }

    private final FolderRules rules;
    private final Path home;

    public FolderBrowser(FolderRules rules, String home) {
        this.rules = rules;
        this.home = Path.of(home).toAbsolutePath().normalize();
    }

    /** The places a project folder may be in. */
    public List<Place> places() {
        List<Place> places = new ArrayList<>();
        places.add(new Place("Home", home.toString()));
        switch (rules.os()) {
            case WINDOWS -> {
                for (File root : File.listRoots()) {
                    places.add(new Place(root.getPath(), root.getPath()));
                }
            }
            case MACOS -> children(Path.of("/Volumes")).forEach(p -> places.add(new Place(p.getFileName().toString(), p.toString())));
            case LINUX -> {
                for (String top : List.of("/media", "/mnt")) {
                    children(Path.of(top)).forEach(p -> places.add(new Place(p.getFileName().toString(), p.toString())));
                }
            }
        }
        return places;
    }

    /**
     * Lists a folder ({@code path} empty: the home folder).
     *
     * @throws UserFacingException when the folder is not inside one of the places, or cannot be read
     */
    public Listing list(Optional<String> path) {
        Path dir;
        try {
            dir = path.filter(p -> !p.isBlank()).map(p -> Path.of(p.strip())).orElse(home).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new UserFacingException("'" + path.orElse("") + "' is not a folder path.", "Choose a folder from the list.");
        }
        List<Place> places = places();
        Optional<Path> place = places.stream().map(p -> Path.of(p.path())).filter(dir::startsWith).findFirst();
        if (place.isEmpty()) {
            throw new UserFacingException("The folder picker shows only your home folder and data drives, not " + dir + ".",
                    "Start from Home or a drive in the list.");
        }
        if (!Files.isDirectory(dir)) {
            throw new UserFacingException("There is no folder " + dir + ".", "Choose a folder from the list.");
        }
        List<Path> children = children(dir);
        boolean truncated = children.size() > MAX_ENTRIES;
        List<Entry> entries = children.stream().limit(MAX_ENTRIES)
                .map(p -> new Entry(p.getFileName().toString(), p.toString(), usable(p))).toList();
        Optional<String> parent = dir.equals(place.get()) || dir.getParent() == null ? Optional.empty() : Optional.of(dir.getParent().toString());
        return new Listing(dir.toString(), parent, usable(dir), entries, places, truncated);
    }

    private boolean usable(Path p) {
        try {
            rules.check(p.toString(), "project folder");
            return true;
        } catch (UserFacingException e) {
            return false;
        }
    }

    /** The folders (not files, not hidden ones) in {@code dir}, by name; nothing when it cannot be read. */
    private static List<Path> children(Path dir) {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path p : stream) {
                String name = p.getFileName().toString();
                if (!name.startsWith(".") && Files.isDirectory(p) && Files.isReadable(p)) {
                    out.add(p);
                }
                if (out.size() > MAX_ENTRIES) {
                    break;
                }
            }
        } catch (IOException | SecurityException e) {
            return out; // unreadable: shown empty
        }
        out.sort(Comparator.comparing(p -> p.getFileName().toString().toLowerCase(java.util.Locale.ROOT)));
        return out;
    }
}
