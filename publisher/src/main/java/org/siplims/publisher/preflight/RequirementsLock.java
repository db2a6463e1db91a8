package org.siplims.publisher.preflight;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a pip requirements lock ({@code pip freeze} output): every requirement pinned to one
 * version with {@code ==}, hashes allowed; no ranges, no unpinned URLs, no editable installs and no
 * includes, because {@code pip install -r … --no-deps} must install exactly what was tested.
 */
public final class RequirementsLock {
    /** {@code name[extras] == version [; marker]} with a single exact version. */
    private static final Pattern PINNED = Pattern.compile(
            "([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\\s*(\\[[^\\]]*\\])?\\s*===?\\s*([A-Za-z0-9][A-Za-z0-9._+!-]*)\\s*(;.*)?");
    private static final Pattern NAME_ONLY = Pattern.compile("([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\\s*(\\[[^\\]]*\\])?\\s*(;.*)?");
    private static final Pattern RANGE = Pattern.compile("(>=|<=|~=|!=|>|<|==.*\\*|,)");
    private static final Pattern VCS_COMMIT = Pattern.compile(".*@[0-9a-f]{40}(?:#.*)?");
    private static final Pattern ARCHIVE_HASH = Pattern.compile(".*#(?:.*&)?sha256=[0-9a-f]{64}.*");
    private static final Pattern HASH_OPTION = Pattern.compile("--hash[=\\s]+\\S+");
    /** Options that change where pip looks, not what it installs: harmless in a lock. */
    private static final Set<String> INDEX_OPTIONS = Set.of("-i", "--index-url", "--extra-index-url", "-f", "--find-links",
            "--trusted-host", "--no-index", "--prefer-binary", "--only-binary", "--no-binary", "--require-hashes", "--pre");
    private static final String FIX_PIN = "Pin it to the version installed in the image, e.g. name==1.2.3; "
            + "`scripts/publish lock --from-image IMAGE` writes `pip freeze` output.";

    private RequirementsLock() {
    }

    /** All problems in the file, each with its line number. */
    public static List<Problem> check(String fileName, String text) {
        List<Problem> problems = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        int count = 0;
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            int start = i + 1;
            StringBuilder logical = new StringBuilder(lines[i]);
            // A trailing backslash continues the requirement (pip-compile puts hashes on their own lines).
            while (endsWithBackslash(logical) && i + 1 < lines.length) {
                logical.setLength(logical.lastIndexOf("\\"));
                logical.append(' ').append(lines[++i]);
            }
            String line = stripComment(logical.toString()).trim();
            if (line.isEmpty()) {
                continue;
            }
            Problem problem = checkLine(fileName, start, line);
            if (problem != null) {
                problems.add(problem);
                continue;
            }
            if (!line.startsWith("-")) {
                count++; // a pinned requirement or a pinned URL
            }
            Matcher pinned = PINNED.matcher(withoutHashes(line));
            if (pinned.matches()) {
                String name = normalise(pinned.group(1));
                Integer earlier = seen.putIfAbsent(name, start);
                if (earlier != null) {
                    problems.add(Problem.atLine(fileName, start, "'" + pinned.group(1) + "' is listed twice (also on line " + earlier + ").",
                            "Keep one line per package."));
                }
            }
        }
        if (count == 0 && problems.isEmpty()) {
            problems.add(new Problem(fileName, "It pins no packages.", FIX_PIN));
        }
        return problems;
    }

    /**
     * The packages pinned with {@code ==}: normalised name to version. Lines that are not such pins
     * are left out ({@link #check} reports them).
     */
    public static Map<String, String> pins(String text) {
        Map<String, String> pins = new java.util.TreeMap<>();
        for (String raw : text.replaceAll("\\\\\\R", " ").split("\\R")) {
            Matcher pinned = PINNED.matcher(withoutHashes(stripComment(raw).trim()));
            if (pinned.matches()) {
                pins.putIfAbsent(normalise(pinned.group(1)), pinned.group(3));
            }
        }
        return pins;
    }

    /** The problem with one logical line, or null when it is a pinned requirement or a harmless option. */
    private static Problem checkLine(String fileName, int n, String line) {
        String first = line.split("\\s+|=", 2)[0];
        if (first.equals("-e") || first.equals("--editable")) {
            return Problem.atLine(fileName, n, "'" + abbreviate(line) + "' is an editable install: it installs whatever that folder or branch holds at build time.",
                    "Install a released version instead, pinned with ==.");
        }
        if (Set.of("-r", "--requirement", "-c", "--constraint").contains(first)) {
            return Problem.atLine(fileName, n, "'" + abbreviate(line) + "' includes another file; the lock must list every package itself.",
                    "Replace the include by the pinned lines it stands for (pip freeze writes them).");
        }
        if (first.startsWith("-")) {
            return INDEX_OPTIONS.contains(first) ? null
                    : Problem.atLine(fileName, n, "'" + abbreviate(line) + "' is a pip option a lock file should not carry.", "Remove the line.");
        }
        String requirement = withoutHashes(line);
        if (isUrlRequirement(requirement)) {
            return checkUrl(fileName, n, line, requirement);
        }
        if (PINNED.matcher(requirement).matches()) {
            return null;
        }
        if (RANGE.matcher(requirement).find()) {
            return Problem.atLine(fileName, n, "'" + abbreviate(line) + "' allows a range of versions, so a later build may install another one.", FIX_PIN);
        }
        if (NAME_ONLY.matcher(requirement).matches()) {
            return Problem.atLine(fileName, n, "'" + abbreviate(line) + "' is not pinned: any version may be installed.", FIX_PIN);
        }
        return Problem.atLine(fileName, n, "'" + abbreviate(line) + "' is not a requirement pip understands as pinned.", FIX_PIN);
    }

    private static Problem checkUrl(String fileName, int n, String line, String requirement) {
        String url = requirement.contains(" @ ") ? requirement.substring(requirement.indexOf(" @ ") + 3).trim() : requirement;
        if (url.startsWith("file:") || url.startsWith("/") || url.startsWith(".")) {
            return Problem.atLine(fileName, n, "'" + abbreviate(line) + "' installs from a local path, which exists only on the machine that wrote the lock"
                            + " (pip freeze writes this for packages conda installed).",
                    "Pin it with == to the version installed (`pip list --format=freeze` shows it), or leave it to conda-lock.txt if conda installs it.");
        }
        boolean vcs = url.matches("(?:git|hg|svn|bzr)\\+.*");
        boolean pinned = vcs ? VCS_COMMIT.matcher(url).matches() : ARCHIVE_HASH.matcher(url).matches() || HASH_OPTION.matcher(line).find();
        if (pinned) {
            return null;
        }
        return Problem.atLine(fileName, n, "'" + abbreviate(line) + "' installs from a URL that is not pinned"
                        + (vcs ? " to a commit (a branch or tag can move)." : " by a hash (its content can change)."),
                vcs ? "Pin the URL to a full 40-character commit (…@<commit>), or better, to a released version with ==."
                        : "Add #sha256=<hash> to the URL, or better, pin a released version with ==.");
    }

    private static boolean isUrlRequirement(String requirement) {
        return requirement.contains(" @ ") || requirement.matches("(?:[a-z]+\\+)?[a-z]+://.*") || requirement.startsWith("/")
                || requirement.startsWith("./") || requirement.startsWith("../");
    }

    private static String withoutHashes(String line) {
        return HASH_OPTION.matcher(line).replaceAll("").trim();
    }

    /** pip reads ' #' (whitespace, then #) and a leading # as the start of a comment. */
    private static String stripComment(String line) {
        if (line.trim().startsWith("#")) {
            return "";
        }
        Matcher m = Pattern.compile("\\s#").matcher(line);
        return m.find() ? line.substring(0, m.start()) : line;
    }

    private static boolean endsWithBackslash(CharSequence s) {
        String t = s.toString().stripTrailing();
        return t.endsWith("\\");
    }

    /** PEP 503: names compare case-insensitively with runs of -, _ and . treated alike. */
    static String normalise(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
    }

    private static String abbreviate(String text) {
        return CondaExplicitLock.abbreviate(text);
    }
}
