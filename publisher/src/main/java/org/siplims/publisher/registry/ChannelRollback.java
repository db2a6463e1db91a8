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

    /** Called after the target release is known and before the channel tag moves; a failure there leaves the channel as it was. */
    @FunctionalInterface
    public interface BeforeMove {
        /**
         * @param before the digest the channel names now (empty: the channel does not exist yet)
         * @param target the release the channel is about to name
         */
        void run(Optional<Digest> before, Release target);
    }

    public Outcome rollback(ImageReference repository, String version, String channel, Optional<Platform> platform) {
        return rollback(repository, version, channel, platform, (before, target) -> { });
    }

    /** As {@link #rollback(ImageReference, String, String, Optional)}, running {@code beforeMove} just before the channel moves. */
    public Outcome rollback(ImageReference repository, String version, String channel, Optional<Platform> platform, BeforeMove beforeMove) {
        Digest target = registry.digestOf(repository, version).orElseThrow(() -> new PublisherFailure(ExitCode.USAGE,
                "There is no release '" + version + "' in " + repository.repositoryOnly().familiar() + ".",
                "`scripts/publish releases` lists the versions there are."));
        Release release = registry.release(repository.repositoryOnly().withDigest(target), platform);
        Optional<Digest> before = registry.digestOf(repository, channel);
        if (before.equals(Optional.of(target))) {
            return new Outcome(channel, before, release);
        }
        beforeMove.run(before, release);
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
