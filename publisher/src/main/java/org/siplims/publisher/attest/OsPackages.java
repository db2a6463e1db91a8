package org.siplims.publisher.attest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The operating-system packages an image's own package database lists: Debian's and Ubuntu's
 * {@code /var/lib/dpkg/status}, Alpine's {@code /lib/apk/db/installed}. An image with neither (a
 * busybox or distroless image) has no list, and the SBOM says so instead.
 *
 * @param database where the list was read from ({@link #DPKG_STATUS}, {@link #APK_INSTALLED}), or
 *                 empty when the image has no database that could be read
 * @param packages the installed packages, in the database's order
 * @param note     for a person: why there is no list, or where it came from
 */
public record OsPackages(Optional<String> database, List<Package> packages, String note) {
    public static final String DPKG_STATUS = "/var/lib/dpkg/status";
    public static final String APK_INSTALLED = "/lib/apk/db/installed";
    /** Distroless images keep one dpkg status paragraph per package in this folder instead. */
    public static final String DPKG_STATUS_FOLDER = "/var/lib/dpkg/status.d";

    /** One installed package, with its package URL ({@code pkg:deb/debian/…}, {@code pkg:apk/alpine/…}). */
    public record Package(String type, String distro, String name, String version, Optional<String> arch) {
        public Package {
            Objects.requireNonNull(type);
            Objects.requireNonNull(distro);
            Objects.requireNonNull(name);
            Objects.requireNonNull(version);
            Objects.requireNonNull(arch);
        }

        public String purl() {
            return "pkg:" + type + "/" + encode(distro) + "/" + encode(name) + "@" + encode(version)
                    + arch.map(a -> "?arch=" + encode(a)).orElse("");
        }
    }

    public OsPackages {
        Objects.requireNonNull(database);
        packages = List.copyOf(packages);
        Objects.requireNonNull(note);
    }

    /** No list: the image has no package database this reads, or it could not be read ({@code why}). */
    public static OsPackages none(String why) {
        return new OsPackages(Optional.empty(), List.of(), why);
    }

    /**
     * The installed packages of a dpkg status file (paragraphs of {@code Field: value} lines; only
     * those whose {@code Status} says {@code installed}). {@code osRelease}: the image's
     * {@code /etc/os-release}, which names the distribution (debian, ubuntu, …); Debian when unknown.
     */
    public static OsPackages fromDpkgStatus(String status, Optional<String> osRelease) {
        return fromDpkgStatus(status, osRelease, DPKG_STATUS);
    }

    /** The same, read from {@code database} (the status file, or the paragraphs of {@link #DPKG_STATUS_FOLDER} joined). */
    public static OsPackages fromDpkgStatus(String status, Optional<String> osRelease, String database) {
        String distro = distro(osRelease).orElse("debian");
        List<Package> out = new ArrayList<>();
        for (Map<String, String> p : paragraphs(status, ':')) {
            String[] state = p.getOrDefault("Status", "").trim().split("\\s+");
            if (!p.containsKey("Package") || !p.containsKey("Version") || !state[state.length - 1].equals("installed")) {
                continue;
            }
            out.add(new Package("deb", distro, p.get("Package"), p.get("Version"), Optional.ofNullable(p.get("Architecture"))));
        }
        return new OsPackages(Optional.of(database), out, out.size() + " packages from " + database);
    }

    /** The installed packages of an apk database ({@code P:name}, {@code V:version}, {@code A:arch} blocks). */
    public static OsPackages fromApkInstalled(String installed, Optional<String> osRelease) {
        String distro = distro(osRelease).orElse("alpine");
        List<Package> out = new ArrayList<>();
        for (Map<String, String> p : paragraphs(installed, ':')) {
            if (p.containsKey("P") && p.containsKey("V")) {
                out.add(new Package("apk", distro, p.get("P"), p.get("V"), Optional.ofNullable(p.get("A"))));
            }
        }
        return new OsPackages(Optional.of(APK_INSTALLED), out, out.size() + " packages from " + APK_INSTALLED);
    }

    /** The {@code ID} of an os-release file, lower case, e.g. {@code debian}. */
    static Optional<String> distro(Optional<String> osRelease) {
        return osRelease.flatMap(text -> text.lines()
                .map(String::strip)
                .filter(l -> l.startsWith("ID="))
                .map(l -> l.substring(3).replace("\"", "").replace("'", "").strip().toLowerCase(Locale.ROOT))
                .filter(id -> id.matches("[a-z0-9._-]+"))
                .findFirst());
    }

    /**
     * Blocks separated by blank lines, each a map of {@code Key<sep>value} lines; a line starting with
     * a space or tab continues the previous field (dpkg's long descriptions) and is skipped.
     */
    private static List<Map<String, String>> paragraphs(String text, char separator) {
        List<Map<String, String>> out = new ArrayList<>();
        Map<String, String> current = new LinkedHashMap<>();
        for (String line : text.split("\\R", -1)) {
            if (line.isBlank()) {
                if (!current.isEmpty()) {
                    out.add(current);
                    current = new LinkedHashMap<>();
                }
                continue;
            }
            if (line.startsWith(" ") || line.startsWith("\t")) {
                continue;
            }
            int at = line.indexOf(separator);
            if (at > 0) {
                current.putIfAbsent(line.substring(0, at).strip(), line.substring(at + 1).strip());
            }
        }
        if (!current.isEmpty()) {
            out.add(current);
        }
        return out;
    }

    /** Percent-encoding as package URLs use it (a space is %20, not +). */
    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
