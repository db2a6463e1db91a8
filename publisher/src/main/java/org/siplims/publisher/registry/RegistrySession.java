package org.siplims.publisher.registry;

import com.github.dockerjava.api.model.AuthConfig;
import java.util.List;
import java.util.Optional;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.image.Platform;
import org.siplims.core.registry.CredentialResolver;
import org.siplims.core.registry.Credentials;
import org.siplims.core.registry.RegistryClient;
import org.siplims.core.registry.Descriptor;
import org.siplims.core.registry.ImageConfig;
import org.siplims.core.registry.ImageManifest;
import org.siplims.core.registry.Manifest;
import org.siplims.core.registry.ManifestList;
import org.siplims.core.registry.RegistryBadResponseException;
import org.siplims.core.registry.RegistryNotFoundException;
import org.siplims.core.release.ReleaseMetadata;

/**
 * The registry as the publisher uses it, through core's {@link RegistryClient}: the digest a tag
 * points at, what a release is, retagging by manifest copy, and the credentials the engine needs
 * to push. Credentials come only from core's resolver (environment, Docker's config and
 * credential helpers) or from {@code --password-stdin}; never from an argument.
 */
public final class RegistrySession {
    private final CredentialResolver credentials;
    private final RegistryClient client;

    public RegistrySession(CredentialResolver credentials) {
        this.credentials = credentials;
        this.client = new RegistryClient(credentials);
    }

    /** Core's client with this session's credentials, for what the session does not wrap (signatures). */
    public RegistryClient client() {
        return client;
    }

    /** The digest a tag points at, or empty when the tag (or the whole repository) does not exist. */
    public Optional<Digest> digestOf(ImageReference repository, String tag) {
        try {
            return Optional.of(client.digest(repository.repositoryOnly().withTag(tag)));
        } catch (RegistryNotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * The release a reference (tag or digest) points at. For a multi-platform index, the entry for
     * {@code preferred} if there is one, else the first runnable entry; a single image is taken as
     * it is (its platform is part of the result, for the caller to judge).
     */
    public Release release(ImageReference ref, Optional<Platform> preferred) {
        Manifest top = client.manifest(ref);
        Manifest image = top;
        if (top.isIndex()) {
            ManifestList list = top.asManifestList();
            Descriptor entry = preferred.flatMap(list::select)
                    .or(() -> list.manifests().stream().filter(d -> d.platform().map(p -> !p.os().equals("unknown")).orElse(false)).findFirst())
                    .orElseThrow(() -> new RegistryBadResponseException(ref.registry(), "The index " + ref.familiar() + " lists no runnable image."));
            image = client.manifest(ref.withDigest(entry.digest()));
        }
        ImageManifest manifest = image.asImageManifest();
        ImageConfig config = client.config(ref, manifest);
        return new Release(ref, top.digest(), manifest.config().digest(), config.platform(),
                ReleaseMetadata.fromLabels(config.labels()), ref.tag().map(List::of).orElse(List.of()));
    }

    /** Gives the manifest with this digest the tag {@code tag}, by copying the manifest: no pull, same digest. */
    public Digest tag(ImageReference repository, Digest digest, String tag) {
        return client.retag(repository.repositoryOnly().withDigest(digest), tag);
    }

    /** Every tag of the repository; empty when the repository does not exist yet. */
    public List<String> tags(ImageReference repository) {
        try {
            return client.tags(repository.repositoryOnly());
        } catch (RegistryNotFoundException e) {
            return List.of();
        }
    }

    /** The credentials for the engine's push, in the form docker-java sends them. */
    public AuthConfig authConfigFor(String registry) {
        AuthConfig auth = new AuthConfig().withRegistryAddress(registry);
        Optional<Credentials> found = credentials.resolve(registry);
        if (found.isEmpty()) {
            return auth;
        }
        Credentials c = found.get();
        return c.identityToken() ? auth.withIdentityToken(c.secret()) : auth.withUsername(c.username()).withPassword(c.secret());
    }

    /** Where the credentials for this registry come from, for messages (never the secret). */
    public String describeCredentials(String registry) {
        return credentials.resolve(registry).map(Credentials::describe).orElse("none (anonymous)");
    }
}
