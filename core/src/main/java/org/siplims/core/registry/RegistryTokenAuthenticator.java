package org.siplims.core.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a registry's bearer token (GHCR's, Docker Hub's) is obtained. Answers a registry's
 * {@code WWW-Authenticate} challenge with an {@code Authorization} header value: Bearer with a
 * token from the challenge's realm (anonymous, with credentials by Basic auth, or with a stored
 * identity token as an OAuth2 refresh token), following the Docker token authentication spec, or
 * Basic with the resolved credentials for a registry that asks for that. Bearer tokens are cached
 * per registry and scope.
 */
final class RegistryTokenAuthenticator {
    /** Lifetime the token spec assumes when a token service gives no {@code expires_in}. */
    static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpTransport transport;
    private final CredentialResolver resolver;
    private final TokenCache tokens;
    // Optional.empty() is memoised too: a credential helper is a process start, not worth repeating.
    private final ConcurrentHashMap<String, Optional<Credentials>> credentials = new ConcurrentHashMap<>();

    RegistryTokenAuthenticator(HttpTransport transport, CredentialResolver resolver, TokenCache tokens) {
        this.transport = transport;
        this.resolver = resolver;
        this.tokens = tokens;
    }

    Optional<Credentials> credentials(String registry) {
        return credentials.computeIfAbsent(registry, resolver::resolve);
    }

    /**
     * Looks the credentials up again next time: after an authorization failure the user is told to
     * log in, and a long-running program should notice when they have.
     */
    void forgetCredentials(String registry) {
        credentials.remove(registry);
    }

    /**
     * The Authorization header value for a request needing {@code scope} (space-separated scopes,
     * e.g. {@code repository:a/b:pull,push}).
     *
     * @param fresh ignore (and drop) a cached token: the registry just refused it
     * @param what  what the request does, for messages ("pull it/app")
     */
    String authorization(String registry, AuthChallenge challenge, String scope, String what, boolean fresh) {
        Optional<Credentials> creds = credentials(registry);
        if (challenge.isBasic()) {
            Credentials c = creds.orElseThrow(() -> RegistryUnauthorizedException.loginRequired(registry, what));
            return "Basic " + Base64.getEncoder().encodeToString((c.username() + ":" + c.secret()).getBytes(StandardCharsets.UTF_8));
        }
        if (!challenge.isBearer()) {
            throw new RegistryBadResponseException(registry, "The registry " + registry + " asks for '" + challenge.scheme()
                    + "' authentication, which this program does not support.");
        }
        if (fresh) {
            tokens.invalidate(registry, scope);
        } else {
            Optional<String> cached = tokens.get(registry, scope);
            if (cached.isPresent()) {
                return "Bearer " + cached.get();
            }
        }
        String token = fetchToken(registry, challenge, scope, what, creds.orElse(null));
        return "Bearer " + token;
    }

    private String fetchToken(String registry, AuthChallenge challenge, String scope, String what, Credentials creds) {
        String realm = challenge.param("realm").orElseThrow(() -> new RegistryBadResponseException(registry,
                "The registry " + registry + " asks for a token but names no login service (realm)."));
        URI realmUri;
        try {
            realmUri = URI.create(realm);
        } catch (IllegalArgumentException e) {
            throw new RegistryBadResponseException(registry, "The registry " + registry + " names a malformed login service address.");
        }
        if (realmUri.getHost() == null || !(realmUri.getScheme().equals("https") || realmUri.getScheme().equals("http"))) {
            throw new RegistryBadResponseException(registry, "The registry " + registry + " names a malformed login service address.");
        }
        String authority = realmUri.getAuthority();
        if (creds != null && realmUri.getScheme().equals("http") && !HttpTransport.isLoopback(authority)) {
            // Never send a password in clear text across a network, whatever the registry asks.
            throw new RegistryBadResponseException(registry, "The registry " + registry + " asks for the password to be sent to "
                    + authority + " without encryption (http://); refusing.");
        }
        List<String> params = new ArrayList<>();
        challenge.param("service").ifPresent(s -> params.add(param("service", s)));
        for (String s : scope.split(" ")) {
            if (!s.isBlank()) {
                params.add(param("scope", s));
            }
        }
        HttpRequest.Builder request;
        if (creds != null && creds.identityToken()) {
            // An identity token from `docker login` is an OAuth2 refresh token: exchanged by POST.
            params.add(param("grant_type", "refresh_token"));
            params.add(param("client_id", "siplims"));
            params.add(param("refresh_token", creds.secret()));
            request = HttpRequest.newBuilder(realmUri)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(String.join("&", params)));
        } else {
            if (creds != null) {
                params.add(param("account", creds.username()));
            }
            String query = String.join("&", params);
            URI uri = URI.create(realm + (query.isEmpty() ? "" : (realm.contains("?") ? "&" : "?") + query));
            request = HttpRequest.newBuilder(uri).GET();
            if (creds != null) {
                request.header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((creds.username() + ":" + creds.secret()).getBytes(StandardCharsets.UTF_8)));
            }
        }
        // The login service the registry itself named (its challenge is only answered from its own origin).
        HttpResponse<byte[]> response = transport.send(request, HttpTransport.origin(realmUri), registry,
                "the login service " + authority + " of the registry " + registry, HttpTransport.Limit.TOKEN);
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            throw creds != null ? RegistryUnauthorizedException.credentialsRejected(registry, creds)
                    : RegistryUnauthorizedException.loginRequired(registry, what);
        }
        if (status == 429) {
            throw new RegistryRateLimitedException(registry, RegistryErrors.retryAfter(response));
        }
        if (status != 200) {
            // The body is not shown: a token service's error page could echo what it was sent.
            throw new RegistryBadResponseException(registry, "The login service " + authority + " of the registry " + registry
                    + " answered HTTP " + status + " when asked for a token.");
        }
        return parseToken(registry, scope, response.body());
    }

    private String parseToken(String registry, String scope, byte[] body) {
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            json = null;
        }
        String token = json == null ? "" : json.path("token").asText("");
        if (token.isEmpty() && json != null) {
            token = json.path("access_token").asText("");
        }
        if (token.isEmpty()) {
            throw new RegistryBadResponseException(registry, "The login service of the registry " + registry + " answered without a token.");
        }
        long seconds = json.path("expires_in").asLong(0);
        tokens.put(registry, scope, token, seconds > 0 ? Duration.ofSeconds(seconds) : DEFAULT_TOKEN_LIFETIME);
        return token;
    }

    private static String param(String name, String value) {
        return name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
