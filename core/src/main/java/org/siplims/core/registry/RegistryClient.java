package org.siplims.core.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.image.Platform;
import org.siplims.core.registry.HttpTransport.Limit;

/**
 * A client of the Docker Registry HTTP API v2 / OCI distribution API, over java.net.http: digests
 * of tags, manifests and configs, platform selection, tag listing, retagging without pulling, and
 * blob upload. Authentication follows each registry's {@code WWW-Authenticate} challenge (Basic or
 * Bearer tokens, anonymous or with credentials from a {@link CredentialResolver}).
 *
 * <p>Every failure is a {@link RegistryException} whose message a person can act on. Thread-safe.
 */
public final class RegistryClient {
    /**
     * The longest one request may take, from sending it to the last byte of the answer (not only
     * until the answer starts): a registry that trickles its answer cannot hold a caller longer.
     */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_REDIRECTS = 5;
    private static final int MAX_TAG_PAGES = 10_000;
    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpTransport transport;
    private final RegistryTokenAuthenticator authenticator;
    // The last challenge per registry, so later requests authenticate up front instead of via a 401.
    private final ConcurrentHashMap<String, AuthChallenge> challenges = new ConcurrentHashMap<>();

    public RegistryClient(CredentialResolver credentials, Duration requestTimeout) {
        this(credentials, requestTimeout, new TokenCache());
    }

    public RegistryClient(CredentialResolver credentials) {
        this(credentials, DEFAULT_REQUEST_TIMEOUT);
    }

    RegistryClient(CredentialResolver credentials, Duration requestTimeout, TokenCache tokens) {
        this.transport = new HttpTransport(requestTimeout);
        this.authenticator = new RegistryTokenAuthenticator(transport, credentials, tokens);
    }

    /** A client with credentials from this process's environment and the user's Docker configuration. */
    public static RegistryClient create() {
        return new RegistryClient(CredentialResolver.fromEnvironment());
    }

    // ---- reading -------------------------------------------------------------------------------

    /**
     * The digest a tag (or digest) points to, without downloading the manifest: {@code HEAD} with
     * every manifest type accepted, so an index's own digest comes back, as {@code docker push}
     * reports it. Falls back to {@code GET} when the registry refuses {@code HEAD} or omits the header.
     */
    public Digest digest(ImageReference ref) {
        String what = "read " + ref.familiar();
        HttpResponse<byte[]> head = send(ref, "HEAD", manifestUri(ref), null, Limit.MANIFEST, pullScope(ref), what,
                "Accept", ManifestMediaTypes.ACCEPT);
        if (head.statusCode() == 200) {
            Optional<String> header = head.headers().firstValue("Docker-Content-Digest");
            if (header.isPresent() && Digest.isValid(header.get().trim())) {
                Digest digest = Digest.parse(header.get().trim());
                if (ref.digest().isPresent() && !ref.digest().get().equals(digest)) {
                    throw digestMismatch(ref, ref.digest().get(), digest);
                }
                return digest;
            }
        }
        // HEAD refused (405, or 404/400 from registries that only implement GET) or no digest header:
        // GET reports the real error, and the body's sha256 is the digest.
        return manifest(ref).digest();
    }

    /**
     * The manifest a tag or digest points to, byte for byte. When asked by digest, the body's sha256
     * must equal it; when the registry states a digest, that must match too: a mismatch is an error.
     */
    public Manifest manifest(ImageReference ref) {
        String what = "read " + ref.familiar();
        HttpResponse<byte[]> response = send(ref, "GET", manifestUri(ref), null, Limit.MANIFEST, pullScope(ref), what,
                "Accept", ManifestMediaTypes.ACCEPT);
        if (response.statusCode() == 404) {
            throw manifestNotFound(ref, RegistryErrors.parse(response.body()));
        }
        expect(ref, response, what, 200);
        String mediaType = response.headers().firstValue("Content-Type").map(t -> t.split(";")[0].trim()).orElse("");
        if (!ManifestMediaTypes.isIndex(mediaType) && !ManifestMediaTypes.isImageManifest(mediaType)) {
            mediaType = Manifest.declaredMediaType(response.body());
        }
        Manifest manifest = new Manifest(ref, mediaType, response.body());
        if (ref.digest().isPresent() && !ref.digest().get().equals(manifest.digest())) {
            throw digestMismatch(ref, ref.digest().get(), manifest.digest());
        }
        Optional<String> stated = response.headers().firstValue("Docker-Content-Digest").map(String::trim);
        if (stated.isPresent() && Digest.isValid(stated.get()) && !Digest.parse(stated.get()).equals(manifest.digest())) {
            throw digestMismatch(ref, Digest.parse(stated.get()), manifest.digest());
        }
        return manifest;
    }

    /** The config blob of an image manifest read from {@code ref}'s repository. */
    public ImageConfig config(ImageReference ref, ImageManifest manifest) {
        byte[] blob = blob(ref, manifest.config().digest());
        try {
            return ImageConfig.parse(blob);
        } catch (IllegalArgumentException e) {
            throw new RegistryBadResponseException(ref.registry(), "The configuration of " + ref.familiar()
                    + " cannot be read: " + e.getMessage() + ".", e);
        }
    }

    /**
     * Resolves a reference for one platform: from an index, the entry for {@code platform}; a single
     * image must itself be for that platform. Reads the image's config (labels, created).
     *
     * @throws PlatformNotAvailableException naming the platforms that exist
     */
    public ResolvedImage resolve(ImageReference ref, Platform platform) {
        Manifest top = manifest(ref);
        Manifest image = top;
        if (top.isIndex()) {
            ManifestList list = top.asManifestList();
            Descriptor entry = list.select(platform)
                    .orElseThrow(() -> new PlatformNotAvailableException(ref, platform, list.platforms()));
            image = manifest(ref.withDigest(entry.digest()));
        }
        ImageManifest imageManifest = image.asImageManifest();
        ImageConfig config = config(ref, imageManifest);
        if (!top.isIndex() && !platform.matches(config.platform())) {
            throw new PlatformNotAvailableException(ref, platform, List.of(config.platform()));
        }
        return new ResolvedImage(ref, top.digest(), image.digest(), imageManifest, config);
    }

    /** A blob's content, checked against its digest. Meant for small blobs (configs): it is held in memory. */
    public byte[] blob(ImageReference repository, Digest digest) {
        String what = "read the blob " + digest.shortForm() + " of " + repository.repositoryOnly().familiar();
        HttpResponse<byte[]> response = send(repository, "GET", repoUri(repository, "blobs/" + digest), null,
                Limit.CONFIG, pullScope(repository), what);
        if (response.statusCode() == 404) {
            throw new RegistryNotFoundException(repository.registry(), "The blob " + digest + " of "
                    + repository.repositoryOnly().familiar() + " does not exist on " + repository.registry() + ".");
        }
        expect(repository, response, what, 200);
        if (!Digest.of(response.body()).equals(digest)) {
            throw new RegistryBadResponseException(repository.registry(), "The registry " + repository.registry()
                    + " sent content for the blob " + digest + " of " + repository.repositoryOnly().familiar()
                    + " that does not match its digest (got " + Digest.of(response.body()) + ").");
        }
        return response.body();
    }

    /**
     * The OCI 1.1 referrers of a digest ({@code GET /v2/<name>/referrers/<digest>}, filtered by
     * {@code artifactType}) as the index the registry serves; empty when the registry does not offer
     * the referrers API (404, 400 or 405), so the caller falls back to the referrers tag
     * {@code sha256-<hex>}.
     */
    public Optional<byte[]> referrers(ImageReference repository, Digest digest, String artifactType) {
        String what = "read the referrers of " + repository.repositoryOnly().withDigest(digest).familiar();
        URI uri = URI.create(repoUri(repository, "referrers/" + digest) + "?artifactType="
                + java.net.URLEncoder.encode(artifactType, java.nio.charset.StandardCharsets.UTF_8));
        HttpResponse<byte[]> response = send(repository, "GET", uri, null, Limit.MANIFEST, pullScope(repository), what,
                "Accept", ManifestMediaTypes.OCI_INDEX);
        int status = response.statusCode();
        if (status == 404 || status == 400 || status == 405) {
            return Optional.empty();
        }
        expect(repository, response, what, 200);
        return Optional.of(response.body());
    }

    /** All tags of the repository, following {@code Link: <...>; rel="next"} pages. */
    public List<String> tags(ImageReference repository) {
        return tags(repository, 0);
    }

    /** All tags, asking for pages of {@code pageSize} ({@code n=}); 0 lets the registry choose. */
    public List<String> tags(ImageReference repository, int pageSize) {
        String what = "list the tags of " + repository.repositoryOnly().familiar();
        List<String> tags = new ArrayList<>();
        Set<URI> seen = new HashSet<>();
        URI next = repoUri(repository, "tags/list" + (pageSize > 0 ? "?n=" + pageSize : ""));
        while (next != null) {
            if (!seen.add(next) || seen.size() > MAX_TAG_PAGES) {
                throw new RegistryBadResponseException(repository.registry(), "The registry " + repository.registry()
                        + " keeps sending more pages of tags for " + repository.repositoryOnly().familiar() + ".");
            }
            HttpResponse<byte[]> response = send(repository, "GET", next, null, Limit.OTHER, pullScope(repository), what);
            if (response.statusCode() == 404) {
                throw repositoryNotFound(repository);
            }
            expect(repository, response, what, 200);
            for (JsonNode tag : json(repository, response.body(), what).path("tags")) {
                tags.add(tag.asText());
            }
            URI current = next;
            next = response.headers().allValues("Link").stream()
                    .map(NEXT_LINK::matcher)
                    .filter(Matcher::find)
                    .map(m -> current.resolve(m.group(1)))
                    .findFirst().orElse(null);
        }
        return tags;
    }

    // ---- writing -------------------------------------------------------------------------------

    /**
     * Puts a manifest, exactly these bytes with its media type, under {@code target}'s tag. The
     * blobs (or, for an index, the manifests) it refers to must already be in that repository.
     *
     * @return the digest the registry stored it under (equal to {@link Manifest#digest()})
     */
    public Digest putManifest(ImageReference target, Manifest manifest) {
        String reference = target.tag().orElseGet(() -> target.digest().map(Digest::toString)
                .orElseThrow(() -> new IllegalArgumentException("The target " + target + " has neither tag nor digest")));
        String what = "push " + target.familiar();
        HttpResponse<byte[]> response = send(target, "PUT", repoUri(target, "manifests/" + reference), manifest.bytes(),
                Limit.OTHER, pushScope(target), what, "Content-Type", manifest.mediaType());
        expect(target, response, what, 201);
        Optional<String> stated = response.headers().firstValue("Docker-Content-Digest").map(String::trim);
        if (stated.isPresent() && Digest.isValid(stated.get()) && !Digest.parse(stated.get()).equals(manifest.digest())) {
            throw digestMismatch(target, manifest.digest(), Digest.parse(stated.get()));
        }
        return manifest.digest();
    }

    /**
     * Gives the image {@code source} points to the tag {@code newTag} in the same repository, by
     * copying its manifest byte for byte: nothing is pulled and the digest stays the same.
     */
    public Digest retag(ImageReference source, String newTag) {
        return putManifest(source.withTag(newTag), manifest(source));
    }

    /** Deletes a manifest by digest (registries do not delete by tag); its tags go with it. */
    public void deleteManifest(ImageReference ref) {
        Digest digest = ref.digest().orElseThrow(() -> new IllegalArgumentException("Delete needs a digest: " + ref));
        String what = "delete " + ref.familiar();
        HttpResponse<byte[]> response = send(ref, "DELETE", repoUri(ref, "manifests/" + digest), null,
                Limit.OTHER, "repository:" + ref.repository() + ":delete", what);
        if (response.statusCode() == 404) {
            throw manifestNotFound(ref, RegistryErrors.parse(response.body()));
        }
        expect(ref, response, what, 202);
    }

    /** Whether the repository holds this blob. */
    public boolean blobExists(ImageReference repository, Digest digest) {
        String what = "read the blob " + digest.shortForm() + " of " + repository.repositoryOnly().familiar();
        HttpResponse<byte[]> response = send(repository, "HEAD", repoUri(repository, "blobs/" + digest), null,
                Limit.OTHER, pullScope(repository), what);
        if (response.statusCode() == 404) {
            return false;
        }
        expect(repository, response, what, 200);
        return true;
    }

    /**
     * Uploads a blob (a layer or config) unless the repository already has it: {@code POST} to open
     * an upload, then one {@code PUT} with the content and its digest. Held in memory: for fixtures
     * and small layers.
     */
    public Digest uploadBlob(ImageReference repository, byte[] content) {
        Digest digest = Digest.of(content);
        if (blobExists(repository, digest)) {
            return digest;
        }
        String what = "push to " + repository.repositoryOnly().familiar();
        HttpResponse<byte[]> opened = send(repository, "POST", repoUri(repository, "blobs/uploads/"), new byte[0],
                Limit.OTHER, pushScope(repository), what);
        expect(repository, opened, what, 202);
        URI location = uploadLocation(repository, opened, what);
        URI put = URI.create(location + (location.getRawQuery() == null ? "?" : "&") + "digest=" + digest);
        HttpResponse<byte[]> done = send(repository, "PUT", put, content, Limit.OTHER, pushScope(repository), what,
                "Content-Type", "application/octet-stream");
        expect(repository, done, what, 201);
        return digest;
    }

    /**
     * Asks the registry to link a blob from another repository of the same registry into this one,
     * without transferring it. False when the registry declined (then upload it instead).
     */
    public boolean mountBlob(ImageReference repository, Digest digest, String fromRepository) {
        String what = "push to " + repository.repositoryOnly().familiar();
        String scope = pushScope(repository) + " repository:" + fromRepository + ":pull";
        HttpResponse<byte[]> response = send(repository, "POST",
                repoUri(repository, "blobs/uploads/?mount=" + digest + "&from=" + fromRepository), new byte[0], Limit.OTHER, scope, what);
        if (response.statusCode() == 201) {
            return true;
        }
        expect(repository, response, what, 202);
        // The registry opened an ordinary upload instead: cancel it rather than leave it behind.
        send(repository, "DELETE", uploadLocation(repository, response, what), null, Limit.OTHER, scope, what);
        return false;
    }

    // ---- HTTP and authentication ---------------------------------------------------------------

    /**
     * Sends a request to the registry of {@code ref}, answering its authentication challenge: with
     * a known challenge the Authorization header goes along at once; on 401 the challenge in the
     * response is answered (with a fresh token, dropping any cached one) and the request is repeated
     * once. Still 401, 403 and 429 become exceptions; other statuses are for the caller.
     *
     * <p>Credentials only ever go to the registry's own origin (scheme, host and port of its API),
     * whatever address a response names: an upload {@code Location} or a redirect to another host
     * gets the request without them, and a challenge from another host is not answered.
     *
     * @param limit   the most the answer's body may hold
     * @param headers name, value, name, value, ...
     */
    private HttpResponse<byte[]> send(ImageReference ref, String method, URI uri, byte[] body, Limit limit, String scope,
                                      String what, String... headers) {
        URI origin = HttpTransport.baseUri(ref.registryApiHost());
        try {
            return authenticatedSend(ref.registry(), origin, method, uri, body, limit, scope, what, headers);
        } catch (RegistryUnauthorizedException e) {
            authenticator.forgetCredentials(ref.registry());
            throw e;
        }
    }

    private HttpResponse<byte[]> authenticatedSend(String registry, URI origin, String method, URI uri, byte[] body, Limit limit,
                                                   String scope, String what, String[] headers) {
        AuthChallenge known = challenges.get(registry);
        String authorization = known == null ? null : authenticator.authorization(registry, known, scope, what, false);
        HttpResponse<byte[]> response = exchange(registry, origin, method, uri, body, limit, headers, authorization);
        if (response.statusCode() == 401) {
            if (!HttpTransport.sameOrigin(origin, response.uri())) {
                // Another host asking for a login would get the registry's credentials, or name a
                // login service of its own to send them to: it gets neither.
                throw new RegistryBadResponseException(registry, "The host " + response.uri().getAuthority() + ", where the registry "
                        + registry + " sent this program to " + what + ", asks for a login; the login for " + registry
                        + " is only ever sent to " + registry + " itself.");
            }
            List<AuthChallenge> offered = AuthChallenge.parse(response.headers().firstValue("WWW-Authenticate").orElse(null));
            AuthChallenge challenge = offered.stream().filter(AuthChallenge::isBearer).findFirst()
                    .or(() -> offered.stream().filter(AuthChallenge::isBasic).findFirst())
                    .orElseThrow(() -> refused(registry, what));
            challenges.put(registry, challenge);
            response = exchange(registry, origin, method, uri, body, limit, headers,
                    authenticator.authorization(registry, challenge, scope, what, true));
            if (response.statusCode() == 401) {
                throw challenge.isBasic() ? refused(registry, what) : denied(registry, what);
            }
        }
        if (response.statusCode() == 403) {
            throw denied(registry, what);
        }
        if (response.statusCode() == 429) {
            throw new RegistryRateLimitedException(registry, RegistryErrors.retryAfter(response));
        }
        return response;
    }

    /**
     * One request, following redirects for GET and HEAD (registries send blob downloads to storage
     * hosts). The Authorization header only goes to the registry's origin, never to another host.
     */
    private HttpResponse<byte[]> exchange(String registry, URI origin, String method, URI uri, byte[] body, Limit limit,
                                          String[] headers, String authorization) {
        URI current = uri;
        for (int redirects = 0; ; redirects++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(current)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            for (int i = 0; i + 1 < headers.length; i += 2) {
                request.header(headers[i], headers[i + 1]);
            }
            boolean toRegistry = HttpTransport.sameOrigin(origin, current);
            if (authorization != null && toRegistry) {
                request.header("Authorization", authorization);
            }
            HttpResponse<byte[]> response = transport.send(request, origin, registry, toRegistry ? "the registry " + registry
                    : "the storage host " + current.getAuthority() + " of the registry " + registry, limit);
            int status = response.statusCode();
            Optional<String> location = response.headers().firstValue("Location");
            boolean redirect = (status == 301 || status == 302 || status == 303 || status == 307 || status == 308)
                    && location.isPresent() && (method.equals("GET") || method.equals("HEAD"));
            if (!redirect) {
                return response;
            }
            if (redirects >= MAX_REDIRECTS) {
                throw new RegistryBadResponseException(registry, "The registry " + registry + " redirected more than "
                        + MAX_REDIRECTS + " times.");
            }
            current = current.resolve(location.get());
        }
    }

    private RegistryUnauthorizedException refused(String registry, String what) {
        return authenticator.credentials(registry)
                .map(c -> RegistryUnauthorizedException.credentialsRejected(registry, c))
                .orElseGet(() -> RegistryUnauthorizedException.loginRequired(registry, what));
    }

    private RegistryUnauthorizedException denied(String registry, String what) {
        return authenticator.credentials(registry)
                .map(c -> RegistryUnauthorizedException.denied(registry, what, c))
                .orElseGet(() -> RegistryUnauthorizedException.loginRequired(registry, what));
    }

    // ---- errors --------------------------------------------------------------------------------

    /** Throws the fitting exception unless the status is {@code expected}. */
    private static void expect(ImageReference ref, HttpResponse<byte[]> response, String what, int expected) {
        int status = response.statusCode();
        if (status == expected) {
            return;
        }
        List<RegistryErrors.Error> errors = RegistryErrors.parse(response.body());
        if (status == 404 || RegistryErrors.hasCode(errors, "NAME_UNKNOWN")) {
            throw new RegistryNotFoundException(ref.registry(), ref.repositoryOnly().familiar() + " was not found on "
                    + ref.registry() + " (trying to " + what + ")" + (errors.isEmpty() ? "" : ": " + RegistryErrors.summary(errors)) + ".");
        }
        throw new RegistryBadResponseException(ref.registry(), "The registry " + ref.registry() + " answered HTTP " + status
                + " when asked to " + what + (errors.isEmpty() ? "" : ": " + RegistryErrors.summary(errors)) + ".");
    }

    /**
     * A manifest was not found. Registries report an unknown repository and an unknown tag alike for
     * manifests, so for a tag one page of the repository's tags is read to tell which it is, and to
     * show some tags that do exist.
     */
    private RegistryException manifestNotFound(ImageReference ref, List<RegistryErrors.Error> errors) {
        if (RegistryErrors.hasCode(errors, "NAME_UNKNOWN")) {
            return repositoryNotFound(ref);
        }
        String name = ref.repositoryOnly().familiar();
        String missing = ref.digest().map(d -> "no image with digest " + d).orElse("no tag '" + ref.tagOrLatest() + "'");
        try {
            HttpResponse<byte[]> response = send(ref, "GET", repoUri(ref, "tags/list?n=10"), null, Limit.OTHER, pullScope(ref), "read " + name);
            if (response.statusCode() == 404) {
                return repositoryNotFound(ref);
            }
            if (response.statusCode() == 200) {
                List<String> some = new ArrayList<>();
                json(ref, response.body(), "read " + name).path("tags").forEach(t -> some.add(t.asText()));
                return new RegistryNotFoundException(ref.registry(), "The repository " + name + " has " + missing
                        + (some.isEmpty() ? " (it has no tags at all)." : " (its tags include " + String.join(", ", some) + ")."));
            }
        } catch (RegistryException e) {
            // Only a better message was at stake.
        }
        return new RegistryNotFoundException(ref.registry(), "There is " + missing + " in " + name + ", or no such repository.");
    }

    private static RegistryNotFoundException repositoryNotFound(ImageReference ref) {
        return new RegistryNotFoundException(ref.registry(), "The repository " + ref.repository() + " does not exist on "
                + ref.registry() + ".");
    }

    private static RegistryBadResponseException digestMismatch(ImageReference ref, Digest expected, Digest actual) {
        return new RegistryBadResponseException(ref.registry(), "The registry " + ref.registry() + " sent a manifest for "
                + ref.familiar() + " whose digest is " + actual + ", not " + expected + " as expected; it was not used.");
    }

    private static JsonNode json(ImageReference ref, byte[] body, String what) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (IOException e) {
            // reported below
        }
        throw new RegistryBadResponseException(ref.registry(), "The registry " + ref.registry()
                + " answered with malformed JSON when asked to " + what + ".");
    }

    private static URI uploadLocation(ImageReference ref, HttpResponse<byte[]> response, String what) {
        String location = response.headers().firstValue("Location").orElseThrow(() -> new RegistryBadResponseException(
                ref.registry(), "The registry " + ref.registry() + " opened an upload without saying where (no Location) when asked to " + what + "."));
        return response.uri().resolve(location);
    }

    // ---- addresses -----------------------------------------------------------------------------

    private static URI manifestUri(ImageReference ref) {
        return repoUri(ref, "manifests/" + ref.digest().map(Digest::toString).orElse(ref.tagOrLatest()));
    }

    private static URI repoUri(ImageReference ref, String path) {
        return URI.create(HttpTransport.baseUri(ref.registryApiHost()) + "/v2/" + ref.repository() + "/" + path);
    }

    private static String pullScope(ImageReference ref) {
        return "repository:" + ref.repository() + ":pull";
    }

    private static String pushScope(ImageReference ref) {
        return "repository:" + ref.repository() + ":pull,push";
    }
}
