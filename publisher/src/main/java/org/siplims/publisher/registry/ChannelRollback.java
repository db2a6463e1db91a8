package org.siplims.publisher.registry;

import java.util.Optional;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.image.Platform;
import org.siplims.publisher.failure.ExitCode;
import org.siplims.publisher.failure.PublisherFailure;

/**
 * Points the channel tag back at an earlier release: the registry copies that release's manifest
 * under the channel tag. Nothing is pulled or rebuilt, and the digest users get is exactly the one
 * that was tested and published before.
 */
public final class ChannelRollback {
    private final RegistrySession registry;

    public ChannelRollback(RegistrySession registry) {
        this.registry = registry;
    }

    /** The channel before and after, and the release it now points at. */
    public record Outcome(String channel, Optional<Digest> before, Release now) {
        public boolean moved() {
            return before.map(b -> !b.equals(now.digest())).orElse(true);
        }
    }

    public Outcome rollback(ImageReference repository, String version, String channel, Optional<Platform> platform) {
        Digest target = registry.digestOf(repository, version).orElseThrow(() -> new PublisherFailure(ExitCode.USAGE,
                "There is no release '" + version + "' in " + repository.repositoryOnly().familiar() + ".",
                "`scripts/publish releases` lists the versions there are."));
        Release release = registry.release(repository.repositoryOnly().withDigest(target), platform);
        Optional<Digest> before = registry.digestOf(repository, channel);
        if (before.equals(Optional.of(target))) {
            return new Outcome(channel, before, release);
        }
        Digest put = registry.tag(repository, target, channel);
        Digest after = registry.digestOf(repository, channel).orElse(put);
        if (!after.equals(target)) {
            throw new PublisherFailure(ExitCode.PUSH, "The registry now says the tag '" + channel + "' points at " + after
                    + ", not at " + target + " (" + version + ") as it was just told.",
                    "Run `scripts/publish releases` to see the state, and try again.");
        }
        return new Outcome(channel, before, release);
    }
}
