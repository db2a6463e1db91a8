package org.siplims.publisher.preflight;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.siplims.core.image.Platform;

/**
 * Whether the platforms' lock pairs describe the same environment: each conda package and each pip
 * package should be locked for every platform. Some differences are normal (a compiler runtime that
 * exists on one processor only), so they are warnings that name the package, not problems; a pip
 * package pinned to different versions is a warning too, because the app would behave differently.
 */
public final class LockSetComparison {
    /** What one platform's pair locks: conda package names, and pip names with their versions. */
    public record Locked(Platform platform, String condaFile, Set<String> condaPackages, String pipFile, Map<String, String> pipPins) {
        public Locked {
            condaPackages = Set.copyOf(condaPackages);
            pipPins = Map.copyOf(pipPins);
        }
    }

    private LockSetComparison() {
    }

    /** One warning per package that is not locked alike for every platform; none for a single platform. */
    public static List<Problem> warnings(List<Locked> platforms) {
        List<Problem> warnings = new ArrayList<>();
        if (platforms.size() < 2) {
            return warnings;
        }
        Set<String> conda = new TreeSet<>();
        Set<String> pip = new TreeSet<>();
        platforms.forEach(p -> {
            conda.addAll(p.condaPackages());
            pip.addAll(p.pipPins().keySet());
        });
        for (String name : conda) {
            List<Platform> with = platforms.stream().filter(p -> p.condaPackages().contains(name)).map(Locked::platform).toList();
            if (with.size() < platforms.size()) {
                warnings.add(onlySome("conda", name, with, platforms, platforms.stream().filter(p -> p.condaPackages().contains(name))
                        .map(Locked::condaFile).collect(Collectors.joining(", "))));
            }
        }
        for (String name : pip) {
            List<Platform> with = platforms.stream().filter(p -> p.pipPins().containsKey(name)).map(Locked::platform).toList();
            if (with.size() < platforms.size()) {
                warnings.add(onlySome("pip", name, with, platforms, platforms.stream().filter(p -> p.pipPins().containsKey(name))
                        .map(Locked::pipFile).collect(Collectors.joining(", "))));
                continue;
            }
            Map<Platform, String> versions = new LinkedHashMap<>();
            platforms.forEach(p -> versions.put(p.platform(), p.pipPins().get(name)));
            if (versions.values().stream().distinct().count() > 1) {
                warnings.add(new Problem(platforms.stream().map(Locked::pipFile).collect(Collectors.joining(", ")),
                        "The pip package '" + name + "' is pinned to different versions: " + versions.entrySet().stream()
                                .map(e -> e.getValue() + " for " + e.getKey()).collect(Collectors.joining(", ")) + ".",
                        "Pin the same version for every platform, unless one platform has no build of it."));
            }
        }
        return warnings;
    }

    private static Problem onlySome(String kind, String name, List<Platform> with, List<Locked> all, String where) {
        List<Platform> without = all.stream().map(Locked::platform).filter(p -> !with.contains(p)).toList();
        return new Problem(where, "The " + kind + " package '" + name + "' is locked for " + join(with) + " only, not for " + join(without) + ".",
                "Fine if that platform needs it alone (a compiler runtime, say); otherwise regenerate the other platform's locks "
                        + "with `scripts/publish lock --from-image IMAGE`.");
    }

    private static String join(List<Platform> platforms) {
        return platforms.stream().map(Objects::toString).collect(Collectors.joining(" and "));
    }
}
