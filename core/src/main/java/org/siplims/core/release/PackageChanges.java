package org.siplims.core.release;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What changes in the packages from one release to another, from their SBOMs: packages added,
 * removed, and changed in version (e.g. {@code streamlit 1.38.0 → 1.40.1}). Packages are keyed by
 * ecosystem (conda, pypi) and name; the lists are sorted by name.
 */
public record PackageChanges(List<Package> added, List<Package> removed, List<Change> changed) {
    /** One package of a release. */
    public record Package(String ecosystem, String name, String version) {
        public Package {
            Objects.requireNonNull(ecosystem, "ecosystem");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(version, "version");
        }

        @Override
        public String toString() {
            return name + " " + version + " (" + ecosystem + ")";
        }
    }

    /** A package whose version differs. */
    public record Change(String ecosystem, String name, String from, String to) {
        @Override
        public String toString() {
            return name + " " + from + " → " + to + " (" + ecosystem + ")";
        }
    }

    public PackageChanges {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        changed = List.copyOf(changed);
    }

    public static PackageChanges between(List<Package> from, List<Package> to) {
        Map<String, Package> before = index(from);
        Map<String, Package> after = index(to);
        List<Package> added = new ArrayList<>();
        List<Package> removed = new ArrayList<>();
        List<Change> changed = new ArrayList<>();
        for (Map.Entry<String, Package> e : after.entrySet()) {
            Package old = before.get(e.getKey());
            if (old == null) {
                added.add(e.getValue());
            } else if (!old.version().equals(e.getValue().version())) {
                changed.add(new Change(old.ecosystem(), old.name(), old.version(), e.getValue().version()));
            }
        }
        for (Map.Entry<String, Package> e : before.entrySet()) {
            if (!after.containsKey(e.getKey())) {
                removed.add(e.getValue());
            }
        }
        return new PackageChanges(added, removed, changed);
    }

    public boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
    }

    /** One line per change, for a person: "+ name version", "- name version", "~ name a → b". */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        changed.forEach(c -> lines.add("~ " + c));
        added.forEach(p -> lines.add("+ " + p));
        removed.forEach(p -> lines.add("- " + p));
        return lines;
    }

    /**
     * The packages a CycloneDX SBOM (as the publisher writes it) lists: its {@code library}
     * components, each of the ecosystem its package URL names ({@link #ecosystemOf}).
     */
    public static List<Package> packagesOf(com.fasterxml.jackson.databind.JsonNode cycloneDx) {
        List<Package> out = new ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode c : cycloneDx.path("components")) {
            if (!"library".equals(c.path("type").asText()) || c.path("name").asText("").isBlank()) {
                continue;
            }
            out.add(new Package(ecosystemOf(c.path("purl").asText("")), c.path("name").asText(), c.path("version").asText("")));
        }
        return out;
    }

    /**
     * The ecosystem a package URL names: its type ({@code pkg:pypi/…} is pypi; conda, deb, apk
     * alike); conda for a component without one (the publisher's first SBOMs wrote conda that way).
     */
    public static String ecosystemOf(String purl) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("pkg:([a-zA-Z][a-zA-Z0-9.+-]*)/.*").matcher(purl);
        return m.matches() ? m.group(1).toLowerCase(java.util.Locale.ROOT) : "conda";
    }

    private static Map<String, Package> index(List<Package> packages) {
        Map<String, Package> byKey = new TreeMap<>();
        for (Package p : packages) {
            byKey.put(p.name().toLowerCase(java.util.Locale.ROOT) + "\u0000" + p.ecosystem(), p);
        }
        return byKey;
    }
}
