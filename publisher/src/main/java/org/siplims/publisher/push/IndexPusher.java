package org.siplims.publisher.push;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.siplims.core.docker.LocalImage;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.image.Platform;
import org.siplims.core.registry.Manifest;
import org.siplims.core.registry.ManifestMediaTypes;
import org.siplims.core.release.ReleaseMetadata;
import org.siplims.publisher.failure.ExitCode;
import org.siplims.publisher.failure.PublisherFailure;
import org.siplims.publisher.records.RecordStore;
import org.siplims.publisher.records.TestRecord;
import org.siplims.publisher.registry.RegistrySession;
import org.siplims.publisher.registry.Release;
import org.siplims.publisher.registry.ReleaseTags;
import org.siplims.publisher.signing.ReleaseSigning;
import org.siplims.publisher.signing.SignatureReport;
import org.siplims.publisher.verify.TagVerifier;

/**
 * Pushes a multi-platform release: one tested image per platform, as one OCI image index.
 * {@link TestedImageGate} admits every image first. Each image is pushed with the engine under the
 * version tag in turn (so no extra tags are left behind: each push moves the new version tag on),
 * then the index over their digests is put under the version tag, with the version, commit and
 * creation time as annotations. The sha- tag goes on the index; the index and every platform's
 * manifest are signed; every tag and every child is verified (each child's config is its tested
 * image); each platform's manifest gets its own signed SBOM and provenance (from its own lock pair
 * and test record); only then, last, the channel tag moves to the index.
 */
public final class IndexPusher {
    public static final String ANNOTATION_VERSION = "org.opencontainers.image.version";
    public static final String ANNOTATION_REVISION = "org.opencontainers.image.revision";
    public static final String ANNOTATION_CREATED = "org.opencontainers.image.created";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistrySession registry;
    private final EnginePush enginePush;
    private final TestedImageGate gate;
    private final ReleaseSigning signing;
    private final Function<Platform, ReleaseSigning> platformSigning;
    private final Consumer<String> progress;

    /** Signs the index and each platform's manifest with {@code signing}; no attestations. */
    public IndexPusher(RegistrySession registry, EnginePush enginePush, RecordStore records, ReleaseSigning signing, Consumer<String> progress) {
        this(registry, enginePush, records, signing, platform -> signing, progress);
    }

    /**
     * @param platformSigning how each platform's manifest is signed and attested: the same key, with
     *                        the SBOM and provenance of that platform's own lock pair
     */
    public IndexPusher(RegistrySession registry, EnginePush enginePush, RecordStore records, ReleaseSigning signing,
                       Function<Platform, ReleaseSigning> platformSigning, Consumer<String> progress) {
        this.registry = registry;
        this.enginePush = enginePush;
        this.gate = new TestedImageGate(records);
        this.signing = signing;
        this.platformSigning = platformSigning;
        this.progress = progress;
    }

    /**
     * One platform's image in the index: its manifest digest, what it was tested as, its signature,
     * and whether its signed SBOM and provenance were attached.
     */
    public record Child(Platform platform, Digest digest, LocalImage image, TestRecord tested, SignatureReport signature, boolean attested) {
    }

    /** The index pushed, read back as a release (for the first platform), its children, and the index's signature. */
    public record PushedIndex(Release release, Digest index, List<Child> children, SignatureReport signature) {
    }

    public PushedIndex push(List<LocalImage> images, ImageReference repository, String channel) {
        Map<LocalImage, TestRecord> admitted = new LinkedHashMap<>();
        images.forEach(image -> admitted.put(image, gate.admit(image)));
        ReleaseMetadata metadata = images.get(0).release();
        ReleaseTags tags = ReleaseTags.of(metadata, channel);
        ImageReference repo = repository.repositoryOnly();
        ImageReference versionRef = repo.withTag(tags.version());
        TagVerifier verifier = new TagVerifier(registry);

        Optional<Digest> existing = registry.digestOf(repo, tags.version());
        if (existing.isPresent() && !isOneOf(repo, existing.get(), images)) {
            throw new PublisherFailure(ExitCode.PUSH, "The tag '" + tags.version() + "' of " + repo.familiar() + " already holds another release ("
                    + existing.get().shortForm() + "). A published version never changes; nothing was pushed.",
                    "Release a new version: tag a new commit (git tag …) or pass another --version.");
        }

        List<Manifest> manifests = new ArrayList<>();
        for (LocalImage image : images) {
            progress.accept("  pushing the " + image.platform() + " image to " + versionRef.familiar()
                    + " (credentials: " + registry.describeCredentials(repo.registry()) + ")");
            Digest reported = enginePush.push(image.id(), versionRef, registry.authConfigFor(repo.registry()));
            Digest digest = registry.digestOf(repo, tags.version()).orElse(reported);
            verifier.isTestedImage(repo, digest, image.id(), image.platform(), List.of());
            manifests.add(registry.client().manifest(repo.withDigest(digest)));
        }

        Manifest index = index(versionRef, images, manifests, metadata);
        progress.accept("  putting the index of " + images.size() + " platforms under " + versionRef.familiar());
        Digest indexDigest = registry.client().putManifest(versionRef, index);
        progress.accept("  tagging " + tags.commitTag());
        registry.tag(repo, indexDigest, tags.commitTag());
        verifier.tagsPointAt(repo, tags.permanent(), indexDigest);

        // Signed before the channel moves: the index users resolve, and each platform's manifest they pull.
        SignatureReport indexSignature = signing.sign(registry, repo, indexDigest, tags.version(), channel, progress);
        List<Child> children = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            LocalImage image = images.get(i);
            Digest child = manifests.get(i).digest();
            ReleaseSigning own = platformSigning.apply(image.platform());
            SignatureReport signature = own.sign(registry, repo, child, tags.version(), channel, progress);
            boolean attested = own.attest(registry, repo, child, admitted.get(image), channel, progress);
            children.add(new Child(image.platform(), child, image, admitted.get(image), signature, attested));
        }
        verifyChildren(repo, indexDigest, children);

        progress.accept("  moving the channel tag '" + channel + "' to the index " + indexDigest.shortForm());
        registry.tag(repo, indexDigest, channel);
        progress.accept("  verifying " + String.join(", ", tags.inPushOrder()) + " and each platform on the registry");
        verifier.tagsPointAt(repo, tags.inPushOrder(), indexDigest);
        verifyChildren(repo, indexDigest, children);
        Release release = registry.release(repo.withDigest(indexDigest), Optional.of(images.get(0).platform())).withTags(tags.inPushOrder());
        return new PushedIndex(release, indexDigest, children, indexSignature);
    }

    /** The index must list exactly these children, each for its platform, each the tested image. */
    private void verifyChildren(ImageReference repo, Digest indexDigest, List<Child> children) {
        Manifest index = registry.client().manifest(repo.withDigest(indexDigest));
        if (!index.isIndex()) {
            throw new PublisherFailure(ExitCode.PUSH, "The manifest " + indexDigest.shortForm() + " is not an index.",
                    "Run the publish again; check with `scripts/publish releases`.");
        }
        var list = index.asManifestList();
        TagVerifier verifier = new TagVerifier(registry);
        for (Child child : children) {
            var entry = list.select(child.platform());
            if (entry.isEmpty() || !entry.get().digest().equals(child.digest())) {
                throw new PublisherFailure(ExitCode.PUSH, "The index " + indexDigest.shortForm() + " does not list the tested " + child.platform()
                        + " image " + child.digest().shortForm() + ".", "Run the publish again; check with `scripts/publish releases`.");
            }
            verifier.isTestedImage(repo, child.digest(), child.image().id(), child.platform(), List.of());
        }
    }

    /** Whether the version tag holds one of these images already: a push that stopped half-way, resumed. */
    private boolean isOneOf(ImageReference repo, Digest digest, List<LocalImage> images) {
        Manifest there = registry.client().manifest(repo.withDigest(digest));
        if (there.isIndex()) {
            return false;
        }
        Release release = registry.release(repo.withDigest(digest), Optional.empty());
        return images.stream().anyMatch(i -> TagVerifier.matches(release, i.id()));
    }

    /** An OCI image index over the pushed manifests, annotated with the release's version, commit and creation time. */
    static Manifest index(ImageReference target, List<LocalImage> images, List<Manifest> manifests, ReleaseMetadata metadata) {
        ObjectNode index = JSON.createObjectNode();
        index.put("schemaVersion", 2);
        index.put("mediaType", ManifestMediaTypes.OCI_INDEX);
        ArrayNode entries = index.putArray("manifests");
        for (int i = 0; i < images.size(); i++) {
            Manifest m = manifests.get(i);
            Platform p = images.get(i).platform();
            ObjectNode entry = entries.addObject();
            entry.put("mediaType", m.mediaType());
            entry.put("digest", m.digest().toString());
            entry.put("size", m.bytes().length);
            ObjectNode platform = entry.putObject("platform");
            platform.put("architecture", p.architecture());
            platform.put("os", p.os());
            p.variant().ifPresent(v -> platform.put("variant", v));
        }
        ObjectNode annotations = index.putObject("annotations");
        annotations.put(ANNOTATION_VERSION, metadata.version());
        annotations.put(ANNOTATION_REVISION, metadata.commit());
        metadata.buildDate().ifPresent(d -> annotations.put(ANNOTATION_CREATED, d.toString()));
        try {
            return new Manifest(target, ManifestMediaTypes.OCI_INDEX, JSON.writeValueAsBytes(index));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
