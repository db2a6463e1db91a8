package org.siplims.publisher.preflight;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.siplims.core.image.Platform;

/**
 * A conda explicit lock, {@code conda list --explicit} output: header comments including
 * {@code # platform: linux-aarch64}, an {@code @EXPLICIT} line, then one package URL per line,
 * optionally followed by {@code #<md5>} or {@code #sha256:<hex>}. Only such a file makes
 * {@code conda create --file} install exactly the same packages every time; the export format
 * ({@code name=version=build}) lets the solver choose.
 */
public final class CondaExplicitLock {
    private static final Pattern PLATFORM_HEADER = Pattern.compile("#\\s*platform:\\s*(\\S+)\\s*");
    private static final Pattern URL = Pattern.compile("(?:https?|file)://[^\\s#]+(?:#(\\S*))?");
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{32}|(?:sha256:)?[0-9a-f]{64}");
    private static final String FIX_REGENERATE = "Regenerate it from the image with `scripts/publish lock --from-image IMAGE` "
            + "(it runs `conda list --explicit` inside the image's environment).";

    /** A package line: its URL without the hash, the subdir it came from, and its name. */
    public record Package(int line, String url, CondaSubdir subdir, String name) {
    }

    private final String fileName;
    private final Optional<CondaSubdir> platform;
    private final List<Package> packages;
    private final List<Problem> problems;

    private CondaExplicitLock(String fileName, Optional<CondaSubdir> platform, List<Package> packages, List<Problem> problems) {
        this.fileName = fileName;
        this.platform = platform;
        this.packages = List.copyOf(packages);
        this.problems = List.copyOf(problems);
    }

    /** Reads a lock; problems with its form are collected, not thrown. */
    public static CondaExplicitLock parse(String fileName, String text) {
        List<Problem> problems = new ArrayList<>();
        List<Package> packages = new ArrayList<>();
        Optional<CondaSubdir> platform = Optional.empty();
        boolean explicit = false;
        Map<String, Integer> urls = new HashMap<>();
        Map<String, Package> names = new HashMap<>();
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            int n = i + 1;
            String line = lines[i].trim();
            if (line.isEmpty()) {
                continue;
            }
            Matcher header = PLATFORM_HEADER.matcher(line);
            if (header.matches()) {
                platform = Optional.of(new CondaSubdir(header.group(1)));
                continue;
            }
            if (line.startsWith("#")) {
                continue;
            }
            if (line.equals("@EXPLICIT")) {
                explicit = true;
                continue;
            }
            Matcher url = URL.matcher(line);
            if (!url.matches()) {
                problems.add(Problem.atLine(fileName, n, "'" + abbreviate(line) + "' is not a package URL"
                                + (line.contains("=") ? " (it looks like `conda list --export` output, which lets conda choose the builds)" : "") + ".",
                        FIX_REGENERATE));
                continue;
            }
            if (!explicit) {
                problems.add(Problem.atLine(fileName, n, "A package URL comes before the @EXPLICIT line; conda reads such a file as a spec list, not a lock.",
                        "Put @EXPLICIT on its own line after the header comments. " + FIX_REGENERATE));
            }
            String hash = url.group(1);
            if (hash != null && !HASH.matcher(hash).matches()) {
                problems.add(Problem.atLine(fileName, n, "'#" + abbreviate(hash) + "' after the URL is neither an MD5 nor a SHA-256.",
                        "Remove it or give the package's md5 (32 hex digits) or sha256:<64 hex digits>."));
            }
            String bare = hash == null ? line : line.substring(0, line.indexOf('#'));
            Optional<Package> pkg = toPackage(n, bare);
            if (pkg.isEmpty()) {
                problems.add(Problem.atLine(fileName, n, "'" + abbreviate(bare) + "' does not name a conda package file (.conda or .tar.bz2).",
                        FIX_REGENERATE));
                continue;
            }
            Integer earlier = urls.putIfAbsent(bare, n);
            if (earlier != null) {
                problems.add(Problem.atLine(fileName, n, "This package is listed twice (also on line " + earlier + ").",
                        "Delete one of the two lines."));
                continue;
            }
            Package other = names.putIfAbsent(pkg.get().name(), pkg.get());
            if (other != null) {
                problems.add(Problem.atLine(fileName, n, "The package '" + pkg.get().name() + "' is listed twice, in two builds (also on line "
                        + other.line() + "); conda would install only one of them.", FIX_REGENERATE));
                continue;
            }
            packages.add(pkg.get());
        }
        if (!explicit) {
            problems.add(new Problem(fileName, "There is no @EXPLICIT line, so this is not an explicit lock.", FIX_REGENERATE));
        }
        if (platform.isEmpty()) {
            problems.add(new Problem(fileName, "There is no '# platform: …' header, so it cannot be checked against the build platform.",
                    FIX_REGENERATE));
        }
        if (explicit && packages.isEmpty() && problems.isEmpty()) {
            problems.add(new Problem(fileName, "It lists no packages.", FIX_REGENERATE));
        }
        platform.ifPresent(p -> packagesFromOtherSubdirs(fileName, p, packages, problems));
        return new CondaExplicitLock(fileName, platform, packages, problems);
    }

    /** The platform header, e.g. {@code linux-aarch64}. */
    public Optional<CondaSubdir> platform() {
        return platform;
    }

    public List<Package> packages() {
        return packages;
    }

    /** Problems with the file itself, independent of the build platform. */
    public List<Problem> problems() {
        return problems;
    }

    /** Problems with the file, plus a platform header that disagrees with the build platform. */
    public List<Problem> problemsFor(Platform buildPlatform) {
        List<Problem> all = new ArrayList<>(problems);
        platform.flatMap(subdir -> platformMismatch(subdir, buildPlatform)).ifPresent(all::add);
        return all;
    }

    private Optional<Problem> platformMismatch(CondaSubdir subdir, Platform buildPlatform) {
        Optional<Platform> lockPlatform = subdir.dockerPlatform();
        if (lockPlatform.isEmpty()) {
            return Optional.of(new Problem(fileName, "It is locked for " + subdir.describe() + ", not for Linux, but the image is built for "
                    + buildPlatform + ".", "Make the lock inside a " + buildPlatform + " image: " + FIX_REGENERATE));
        }
        if (lockPlatform.get().matches(buildPlatform)) {
            return Optional.empty();
        }
        return Optional.of(new Problem(fileName, "It is locked for " + subdir.describe() + " but the image is built for " + buildPlatform + ".",
                "Build with --platform " + lockPlatform.get() + ", or regenerate the lock for " + buildPlatform
                        + " from an image of that platform with `scripts/publish lock --from-image IMAGE`."));
    }

    private static void packagesFromOtherSubdirs(String fileName, CondaSubdir platform, List<Package> packages, List<Problem> problems) {
        for (Package p : packages) {
            if (!p.subdir().isNoarch() && !p.subdir().equals(platform)) {
                problems.add(Problem.atLine(fileName, p.line(), "The package '" + p.name() + "' is built for " + p.subdir()
                        + ", but the lock is for " + platform + ".", FIX_REGENERATE));
            }
        }
    }

    /** {@code …/linux-aarch64/python-3.9.23-h0819846_0_cpython.conda} → subdir and name {@code python}. */
    private static Optional<Package> toPackage(int line, String url) {
        String[] parts = url.split("/");
        if (parts.length < 2) {
            return Optional.empty();
        }
        String file = parts[parts.length - 1];
        String stem;
        if (file.endsWith(".conda")) {
            stem = file.substring(0, file.length() - ".conda".length());
        } else if (file.endsWith(".tar.bz2")) {
            stem = file.substring(0, file.length() - ".tar.bz2".length());
        } else {
            return Optional.empty();
        }
        // name-version-build: the name may contain dashes, version and build may not.
        int buildDash = stem.lastIndexOf('-');
        int versionDash = buildDash > 0 ? stem.lastIndexOf('-', buildDash - 1) : -1;
        if (versionDash <= 0) {
            return Optional.empty();
        }
        return Optional.of(new Package(line, url, new CondaSubdir(parts[parts.length - 2]), stem.substring(0, versionDash)));
    }

    static String abbreviate(String text) {
        return text.length() > 100 ? text.substring(0, 97) + "..." : text;
    }
}
