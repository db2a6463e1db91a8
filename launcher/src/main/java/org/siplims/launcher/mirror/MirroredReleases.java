package org.siplims.launcher.mirror;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.image.Platform;
import org.siplims.core.registry.PlatformNotAvailableException;
import org.siplims.core.registry.RegistryClient;
import org.siplims.core.registry.RegistryException;
import org.siplims.core.registry.RegistryNotFoundException;
import org.siplims.launcher.config.LabMirror;
import org.siplims.launcher.release.ReleaseLookup;
import org.siplims.launcher.release.ReleaseSource;
import org.siplims.launcher.release.ReleaseVerifier;
import org.siplims.launcher.release.RemoteRelease;
import org.siplims.launcher.trust.Verification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Releases with a lab mirror in front of the origin registry.
 *
 * <ul>
 * <li>Which release the channel names is asked of the origin (a {@code HEAD}), as without a mirror:
 * the mirror cannot choose what runs.</li>
 * <li>Only when the origin cannot answer (down, unreachable, rate-limited; not "no such tag"), the
 * mirror's copy of the channel tag and its version tags are tried, newest first, and the first whose
 * signature verifies against the origin's repository name is taken. Without trusted keys, the
 * mirror's channel tag.</li>
 * <li>The manifest and config are read from the mirror by digest ({@link RegistryClient} checks
 * that the bytes have that digest), from the origin when the mirror fails.</li>
 * </ul>
 */
public final class MirroredReleases implements ReleaseSource {
    private static final Logger LOG = LoggerFactory.getLogger(MirroredReleases.class);
    /** Version tags: v1.2.3, 1.2, 2.0.0-rc1; signature and attachment tags (sha256-…) never match. */
    private static final Pattern VERSION_TAG = Pattern.compile("v?(\\d+(?:\\.\\d+)*)(.*)");

    private final LabMirror mirror;
    private final RegistryClient registry;
    private final ReleaseLookup lookup;
    private final ReleaseVerifier trust;
    private final MirrorRoute route;

    public MirroredReleases(LabMirror mirror, RegistryClient registry, ReleaseVerifier trust, MirrorRoute route) {
        this.mirror = mirror;
        this.registry = registry;
        this.lookup = new ReleaseLookup(registry);
        this.trust = trust;
        this.route = route;
    }

    /** What the "what changes" list needs, from the origin (which names the release and holds its SBOM). */
    @Override
    public org.siplims.launcher.release.ReleaseContents contents(ImageReference repository, Digest digest,
                                                                 org.siplims.core.image.Platform engine,
                                                                 Optional<org.siplims.core.signing.TrustedKeys> keys) {
        return lookup.contents(repository, digest, engine, keys);
    }

    @Override
    public Digest channelDigest(ImageReference channel) {
        route.reset();
        try {
            Digest atOrigin = lookup.channelDigest(channel);
            refreshMirrorsTag(channel, atOrigin);
            return atOrigin;
        } catch (RegistryNotFoundException e) {
            throw e; // the origin answered: there is no such tag
        } catch (RegistryException originFailed) {
            LOG.info("The origin {} did not answer ({}); asking the lab mirror {}", channel.registry(), originFailed.getMessage(), mirror);
            Digest fromMirror;
            try {
                fromMirror = newestOnMirror(channel);
            } catch (RegistryException mirrorFailed) {
                LOG.info("The lab mirror {} did not answer either: {}", mirror, mirrorFailed.getMessage());
                throw originFailed;
            }
            route.originUnreachable(channel.registry(), originFailed.getMessage(),
                    channel.repositoryOnly().withDigest(fromMirror).familiar());
            return fromMirror;
        }
    }

    /**
     * Asks the mirror for the channel tag too: a pull-through mirror keeps a tag only once asked for
     * it, and needs its copy to answer when the origin is down. What the mirror says is not used.
     */
    private void refreshMirrorsTag(ImageReference channel, Digest atOrigin) {
        try {
            Digest there = registry.digest(mirror.at(channel));
            if (!there.equals(atOrigin)) {
                LOG.info("The lab mirror {} names {} for {}, the origin {}: the origin's is used", mirror, there.shortForm(),
                        channel.familiar(), atOrigin.shortForm());
            }
        } catch (RegistryException e) {
            LOG.info("The lab mirror {} could not name {}: {}", mirror, channel.familiar(), e.getMessage());
        }
    }

    /**
     * The mirror's copy of the channel tag when it verifies (or no key is configured), else the
     * newest version tag that verifies; with none, the channel tag's digest, which the caller refuses
     * with the signature's reason.
     */
    private Digest newestOnMirror(ImageReference channel) {
        ImageReference there = mirror.at(channel);
        Digest channelThere = registry.digest(there);
        if (!trust.enforcing() || trust.check(channel, channelThere).verified()) {
            return channelThere;
        }
        Set<Digest> tried = new LinkedHashSet<>(List.of(channelThere));
        List<String> versions;
        try {
            versions = versionTagsNewestFirst(registry.tags(there));
        } catch (RegistryException e) {
            return channelThere;
        }
        for (String tag : versions) {
            try {
                Digest d = registry.digest(there.withTag(tag));
                if (tried.add(d)) {
                    Verification v = trust.check(channel, d);
                    if (v.verified()) {
                        return d;
                    }
                }
            } catch (RegistryException e) {
                LOG.info("The lab mirror's tag {} could not be read: {}", tag, e.getMessage());
            }
        }
        return channelThere;
    }

    @Override
    public RemoteRelease resolve(ImageReference repository, Digest digest, Platform engine) {
        try {
            RemoteRelease there = lookup.resolve(mirror.at(repository.repositoryOnly()), digest, engine);
            return new RemoteRelease(repository.repositoryOnly(), there.digest(), there.platform(), there.emulated(),
                    there.layerSizes(), there.release());
        } catch (PlatformNotAvailableException e) {
            throw e;
        } catch (RegistryException mirrorFailed) {
            LOG.info("The lab mirror {} could not describe {}: {}", mirror, digest.shortForm(), mirrorFailed.getMessage());
            RemoteRelease release = lookup.resolve(repository, digest, engine);
            route.mirrorFailed(repository.registry(), mirrorFailed.getMessage());
            return release;
        }
    }

    @Override
    public Optional<String> routeNote() {
        return route.note();
    }

    /** The tags that look like versions, highest first (numerically: 1.10 after 1.9; a suffix such as -rc1 before the plain version). */
    static List<String> versionTagsNewestFirst(List<String> tags) {
        List<String> versions = new ArrayList<>();
        for (String tag : tags) {
            if (VERSION_TAG.matcher(tag).matches()) {
                versions.add(tag);
            }
        }
        versions.sort(Comparator.comparing(MirroredReleases::versionKey, MirroredReleases::compareVersions).reversed());
        return versions;
    }

    private static Matcher versionKey(String tag) {
        Matcher m = VERSION_TAG.matcher(tag);
        if (!m.matches()) {
            throw new IllegalArgumentException(tag);
        }
        return m;
    }

    private static int compareVersions(Matcher a, Matcher b) {
        String[] x = a.group(1).split("\\.");
        String[] y = b.group(1).split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            long p = i < x.length ? parse(x[i]) : 0;
            long q = i < y.length ? parse(y[i]) : 0;
            if (p != q) {
                return Long.compare(p, q);
            }
        }
        String sa = a.group(2);
        String sb = b.group(2);
        if (sa.isEmpty() != sb.isEmpty()) {
            return sa.isEmpty() ? 1 : -1; // 2.0.0 is newer than 2.0.0-rc1
        }
        return sa.compareTo(sb);
    }

    private static long parse(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
