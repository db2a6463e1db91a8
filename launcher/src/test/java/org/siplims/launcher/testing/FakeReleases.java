package org.siplims.launcher.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.image.Platform;
import org.siplims.core.registry.RegistryException;
import org.siplims.core.registry.RegistryUnreachableException;
import org.siplims.core.release.ReleaseMetadata;
import org.siplims.core.docker.LocalImage;
import org.siplims.launcher.release.ReleaseSource;
import org.siplims.launcher.release.RemoteRelease;

/** An in-memory registry for unit tests: the channel names one digest, or the registry is down. */
public final class FakeReleases implements ReleaseSource {
    private final Map<Digest, LocalImage> releases = new HashMap<>();
    private final List<String> calls = new ArrayList<>();
    private final Map<Digest, List<org.siplims.core.release.PackageChanges.Package>> sboms = new HashMap<>();
    private final Map<Digest, String> notes = new HashMap<>();
    private Digest channel;
    private boolean down;

    /** The channel tag now names this image (which the registry then also holds). */
    public FakeReleases channelNames(LocalImage image) {
        Digest d = image.repoDigest().orElseThrow();
        releases.put(d, image);
        this.channel = d;
        return this;
    }

    /**
     * The channel tag now names a two-platform release: its index {@code index}, whose image for
     * this computer is {@code image} (the registry answers for the index with that image's labels).
     */
    public FakeReleases channelNamesIndex(Digest index, LocalImage image) {
        releases.put(index, image);
        this.channel = index;
        return this;
    }

    /** The release with this digest carries an SBOM listing these packages, and these notes (null: none). */
    public FakeReleases sbom(Digest digest, String releaseNotes, org.siplims.core.release.PackageChanges.Package... packages) {
        sboms.put(digest, List.of(packages));
        if (releaseNotes != null) {
            notes.put(digest, releaseNotes);
        }
        return this;
    }

    /** The registry does not answer. */
    public FakeReleases down() {
        this.down = true;
        return this;
    }

    /** What was asked, as "digest" and "resolve" entries. */
    public List<String> calls() {
        return List.copyOf(calls);
    }

    private void answer(String what) {
        calls.add(what);
        if (down) {
            throw new RegistryUnreachableException("fake.registry", "the registry fake.registry", "connection refused", null);
        }
    }

    @Override
    public Digest channelDigest(ImageReference channelRef) {
        answer("digest");
        if (channel == null) {
            throw new RegistryException("fake.registry", "The channel " + channelRef.tagOrLatest() + " names nothing.", "Publish a release.", null);
        }
        return channel;
    }

    @Override
    public RemoteRelease resolve(ImageReference repository, Digest digest, Platform engine) {
        answer("resolve");
        LocalImage image = releases.get(digest);
        if (image == null) {
            throw new RegistryException("fake.registry", "No release " + digest.shortForm() + ".", "Publish it.", null);
        }
        return new RemoteRelease(repository.repositoryOnly(), digest, image.platform(), false, Map.of(),
                ReleaseMetadata.fromLabels(image.labels()));
    }

    @Override
    public org.siplims.launcher.release.ReleaseContents contents(ImageReference repository, Digest digest, Platform engine,
                                                                 java.util.Optional<org.siplims.core.signing.TrustedKeys> keys) {
        LocalImage image = releases.get(digest);
        return new org.siplims.launcher.release.ReleaseContents(
                java.util.Optional.ofNullable(image).map(i -> ReleaseMetadata.fromLabels(i.labels())),
                java.util.Optional.ofNullable(notes.get(digest)), java.util.Optional.ofNullable(sboms.get(digest)), false,
                java.util.Optional.of("the release has no software list"));
    }
}
