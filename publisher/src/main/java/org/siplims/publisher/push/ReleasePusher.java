package org.siplims.publisher.push;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.siplims.core.docker.LocalImage;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.release.ReleaseMetadata;
import org.siplims.publisher.failure.ExitCode;
import org.siplims.publisher.failure.PublisherFailure;
import org.siplims.core.docker.LocalImage;
import org.siplims.publisher.registry.RegistrySession;
import org.siplims.publisher.registry.Release;
import org.siplims.publisher.registry.ReleaseTags;
import org.siplims.publisher.signing.ReleaseSigning;
import org.siplims.publisher.signing.SignatureReport;
import org.siplims.publisher.records.RecordStore;
import org.siplims.publisher.records.TestRecord;
import org.siplims.publisher.verify.TagVerifier;

/**
 * Pushes a tested image as a release ({@link TestedImageGate} refuses any other): the version tag
 * with the engine, then the commit tag by manifest copy on the registry (same bytes, same digest);
 * both are verified; then the digest is
 * signed and the signature verified from the registry (when a signing key is configured); only
 * then, last, the channel tag moves, and all three tags are verified again. A failure at any step
 * before the channel leaves the channel where it was.
 *
 * <p>Repeating a push is harmless: if the version tag already holds this image, nothing changes.
 * A version tag holding another image is never overwritten.
 */
public final class ReleasePusher {
    private final RegistrySession registry;
    private final EnginePush enginePush;
    private final TestedImageGate gate;
    private final ReleaseSigning signing;
    private final Consumer<String> progress;

    public ReleasePusher(RegistrySession registry, EnginePush enginePush, RecordStore records, ReleaseSigning signing,
                         Consumer<String> progress) {
        this.registry = registry;
        this.enginePush = enginePush;
        this.gate = new TestedImageGate(records);
        this.signing = signing;
        this.progress = progress;
    }

    /**
     * What was pushed: the release with its tags, the test record that allowed it, and its signature.
     * {@code alreadyPublished}: this commit was released before from another build; nothing changed.
     */
    public record Pushed(Release release, TestRecord testRecord, boolean alreadyPublished, SignatureReport signature) {
    }

    public Pushed push(LocalImage image, ImageReference repository, String channel) {
        ReleaseMetadata metadata = image.release();
        TestRecord tested = gate.admit(image);
        ReleaseTags tags = ReleaseTags.of(metadata, channel);
        ImageReference repo = repository.repositoryOnly();
        TagVerifier verifier = new TagVerifier(registry);

        Optional<Digest> existing = registry.digestOf(repo, tags.version());
        Digest digest;
        if (existing.isPresent()) {
            Release there = registry.release(repo.withDigest(existing.get()), Optional.of(image.platform()));
            if (!TagVerifier.matches(there, image.id())) {
                if (sameCleanCommit(there.metadata(), metadata)) {
                    // Publishing one commit again (rebuilt, so with another image ID) must be harmless:
                    // the release users have stays exactly as it is.
                    progress.accept("  " + repo.withTag(tags.version()).familiar() + " was already released from commit "
                            + metadata.commit().substring(0, 7) + " (" + existing.get().shortForm() + "); nothing pushed, no tag moved");
                    List<String> existingTags = registry.tags(repo).stream()
                            .filter(t -> registry.digestOf(repo, t).equals(existing)).toList();
                    return new Pushed(there.withTags(existingTags), tested, true, signing.existing(registry, repo, existing.get()));
                }
                throw versionTaken(repo, tags.version(), there, metadata);
            }
            progress.accept("  " + repo.withTag(tags.version()).familiar() + " already holds this image; not pushed again");
            digest = existing.get();
        } else {
            progress.accept("  pushing " + repo.withTag(tags.version()).familiar()
                    + " (credentials: " + registry.describeCredentials(repo.registry()) + ")");
            Digest reported = enginePush.push(image.id(), repo.withTag(tags.version()), registry.authConfigFor(repo.registry()));
            digest = registry.digestOf(repo, tags.version()).orElse(reported);
        }
        verifier.isTestedImage(repo, digest, image.id(), image.platform(), tags.permanent());

        progress.accept("  tagging " + tags.commitTag());
        registry.tag(repo, digest, tags.commitTag());
        verifier.tagsPointAt(repo, tags.permanent(), digest);

        // The channel is what launchers follow: it moves only once the digest is signed and the
        // signature verifies from the registry.
        SignatureReport signature = signing.sign(registry, repo, digest, tags.version(), channel, progress);
        signing.attest(registry, repo, digest, tested, channel, progress);

        progress.accept("  moving the channel tag '" + channel + "' to " + digest.shortForm());
        registry.tag(repo, digest, channel);

        progress.accept("  verifying " + String.join(", ", tags.inPushOrder()) + " on the registry");
        verifier.tagsPointAt(repo, tags.inPushOrder(), digest);
        Release release = verifier.isTestedImage(repo, digest, image.id(), image.platform(), tags.inPushOrder());
        return new Pushed(release, tested, false, signature);
    }

    private static boolean sameCleanCommit(ReleaseMetadata theirs, ReleaseMetadata ours) {
        return theirs.commit().equals(ours.commit()) && !theirs.dirty() && !ours.dirty();
    }

    private static PublisherFailure versionTaken(ImageReference repo, String version, Release there, ReleaseMetadata ours) {
        ReleaseMetadata theirs = there.metadata();
        boolean sameCommit = theirs.commit().equals(ours.commit()); // then one of the two builds was dirty
        String message = "The tag '" + version + "' of " + repo.familiar() + " already holds another image (" + there.digest().shortForm()
                + ", commit " + abbreviate(theirs.commit()) + theirs.buildDate().map(d -> ", built " + d).orElse("")
                + "). A published version never changes; nothing was pushed.";
        String hint = sameCommit
                ? "This commit is already released as " + version + "; users have it. To point the channel at it, run "
                + "`scripts/publish rollback " + version + "`."
                : "Release a new version: tag a new commit (git tag …) or pass another --version.";
        return new PublisherFailure(ExitCode.PUSH, message, hint);
    }

    private static String abbreviate(String commit) {
        return commit.length() > 7 ? commit.substring(0, 7) : commit;
    }
}
