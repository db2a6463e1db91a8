package org.siplims.publisher.registry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.image.Platform;

/**
 * What the registry holds for the app: every tag, grouped by the digest it points at, each group a
 * {@link Release} with what its labels say; and which of them the channel tag points at. cosign's
 * tags ({@code sha256-<hex>.sig}, {@code .att}, {@code .sbom}) and the rollback records ({@code .rollback}) are not releases: they are kept apart,
 * telling which releases have a signature.
 */
public final class ReleaseCatalog {
    private static final Pattern COSIGN_TAG = Pattern.compile("sha256-[0-9a-f]{64}(\\.(sig|att|sbom|rollback))?");

    private final RegistrySession registry;

    public ReleaseCatalog(RegistrySession registry) {
        this.registry = registry;
    }

    /**
     * The releases, newest build first, the digest the channel tag points at, and the cosign tags
     * (signatures and such) the repository holds.
     */
    public record Listing(ImageReference repository, String channel, List<Release> releases, Optional<Digest> channelDigest,
                          Set<String> cosignTags) {
        public Listing {
            cosignTags = Set.copyOf(cosignTags);
        }

        public Optional<Release> channelRelease() {
            return channelDigest.flatMap(d -> releases.stream().filter(r -> r.digest().equals(d)).findFirst());
        }

        /**
         * Whether the repository has a signature tag {@code sha256-<hex>.sig} (cosign 2) or a referrers
         * tag {@code sha256-<hex>} (cosign 3's bundles) for this release (not whether it verifies).
         */
        public boolean hasSignatureTag(Release release) {
            return cosignTags.contains("sha256-" + release.digest().hex() + ".sig") || cosignTags.contains("sha256-" + release.digest().hex());
        }
    }

    /** A tag cosign uses for signatures, attestations or SBOMs of a digest, or the referrers tag {@code sha256-<hex>} where cosign 3 lists its bundles. */
    public static boolean isCosignTag(String tag) {
        return COSIGN_TAG.matcher(tag).matches();
    }

    public Listing list(ImageReference repository, String channel, Optional<Platform> platform) {
        Map<Digest, List<String>> tagsByDigest = new LinkedHashMap<>();
        Set<String> cosignTags = new TreeSet<>();
        for (String tag : registry.tags(repository)) {
            if (isCosignTag(tag)) {
                cosignTags.add(tag);
                continue;
            }
            registry.digestOf(repository, tag).ifPresent(d -> tagsByDigest.computeIfAbsent(d, k -> new ArrayList<>()).add(tag));
        }
        List<Release> releases = new ArrayList<>();
        for (Map.Entry<Digest, List<String>> e : tagsByDigest.entrySet()) {
            Release release = registry.release(repository.repositoryOnly().withDigest(e.getKey()), platform);
            List<String> tags = new ArrayList<>(e.getValue());
            // Version first, then sha-, then the channel: the order they were pushed in.
            tags.sort(Comparator.comparingInt((String t) -> t.equals(channel) ? 2 : t.startsWith("sha-") ? 1 : 0).thenComparing(t -> t));
            releases.add(release.withTags(tags));
        }
        releases.sort(Comparator.comparing((Release r) -> r.metadata().buildDate().orElse(Instant.EPOCH)).reversed()
                .thenComparing(r -> r.metadata().version()));
        Optional<Digest> channelDigest = tagsByDigest.entrySet().stream().filter(e -> e.getValue().contains(channel))
                .map(Map.Entry::getKey).findFirst();
        return new Listing(repository.repositoryOnly(), channel, releases, channelDigest, cosignTags);
    }
}
