package org.siplims.publisher.registry;

import java.util.List;
import org.siplims.core.release.ReleaseMetadata;

/**
 * The tags a release gets, in the order they are pushed: its version, {@code sha-<7 characters of
 * the commit>} (with {@code -dirty} for a build of a dirty tree, which is not quite that commit),
 * and the channel last, so users never see a channel tag whose version tag is missing.
 */
public record ReleaseTags(String version, String commitTag, String channel) {

    public static ReleaseTags of(ReleaseMetadata metadata, String channel) {
        return new ReleaseTags(metadata.version(), commitTag(metadata), channel);
    }

    public static String commitTag(ReleaseMetadata metadata) {
        String commit = metadata.commit();
        return "sha-" + commit.substring(0, Math.min(7, commit.length())) + (metadata.dirty() ? "-dirty" : "");
    }

    /** Version, commit tag, channel: the push order. */
    public List<String> inPushOrder() {
        return List.of(version, commitTag, channel);
    }

    /** The tags that name this one release and never move to another: version and commit tag. */
    public List<String> permanent() {
        return List.of(version, commitTag);
    }
}
