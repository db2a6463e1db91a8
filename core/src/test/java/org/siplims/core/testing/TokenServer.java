package org.siplims.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;

/**
 * The token service of the token-auth test registry, as GHCR and Docker Hub have one: it hands out
 * JWTs signed RS256 with the key whose certificate the registry trusts ({@code rootcertbundle}),
 * the certificate itself in the {@code x5c} header. Policy: anyone may pull (anonymous tokens, as
 * for GHCR's public images); the test user of env.properties may also push and delete; a wrong
 * password gets 401. With {@code offline_token=true} (as {@code docker login} asks) an
 * authenticated user also gets a refresh token, which Docker stores as an identity token and
 * exchanges by POST ({@code grant_type=refresh_token}).
 *
 * <p>One per machine: the first test JVM binds the port; others find it bound and use that one,
 * which signs with the same key. Those JVMs keep trying to bind, so one of them takes over within
 * half a second when the owner exits.
 */
public final class TokenServer {
    /** Long enough for any test; the registry allows 60 s of clock skew on top. */
    static final Duration TOKEN_LIFETIME = Duration.ofMinutes(5);
    private static final Set<String> ANONYMOUS_ACTIONS = Set.of("pull");
    private static final Set<String> USER_ACTIONS = Set.of("pull", "push", "delete", "*");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TokenServer instance;

    private final TestEnvironment env;
    private final PrivateKey key;
    private final X509Certificate cert;
    private volatile HttpServer server;

    private TokenServer(TestEnvironment env) {
        this.env = env;
        try {
            this.key = readKey(env.tokenKey());
            try (InputStream in = Files.newInputStream(env.tokenCert())) {
                this.cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read the token key or certificate of the test environment", e);
        }
    }

    /** Makes sure a token service answers on {@link TestEnvironment#tokenEndpointPort()}: this JVM's or another's. */
    public static synchronized TokenServer ensureRunning() {
        if (instance == null) {
            TokenServer s = new TokenServer(TestEnvironment.get());
            if (!s.tryBind()) {
                s.requireOtherAnswers();
                Thread watcher = new Thread(s::takeOverWhenFree, "token-server-takeover");
                watcher.setDaemon(true);
                watcher.start();
            }
            instance = s;
        }
        return instance;
    }

    /** The realm URL the token registry names. */
    public URI realm() {
        return URI.create("http://127.0.0.1:" + env.tokenEndpointPort() + "/token");
    }

    private boolean tryBind() {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), env.tokenEndpointPort()), 16);
            s.createContext("/token", this::handle);
            s.setExecutor(Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "token-server");
                t.setDaemon(true);
                return t;
            }));
            // The JDK's dispatcher thread inherits daemon status from the thread that starts it:
            // started from a daemon thread it does not keep a finished test JVM alive.
            Thread starter = new Thread(s::start, "token-server-start");
            starter.setDaemon(true);
            starter.start();
            starter.join();
            server = s;
            return true;
        } catch (BindException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void takeOverWhenFree() {
        while (server == null) {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
            tryBind();
        }
    }

    /** The port is taken: it must be another test JVM's token service, not something else. */
    private void requireOtherAnswers() {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(realm() + "?service=" + env.tokenService())).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200 || !JSON.readTree(r.body()).has("token")) {
                throw new IllegalStateException("Port " + env.tokenEndpointPort() + " is taken by something that is not a token service");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Port " + env.tokenEndpointPort() + " is taken but does not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---- the endpoint ----------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, List<String>> params = new LinkedHashMap<>();
            addParams(params, exchange.getRequestURI().getRawQuery());
            if (exchange.getRequestMethod().equals("POST")) {
                addParams(params, new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            }
            String subject = authenticate(exchange, params);
            if (subject == null) {
                respond(exchange, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication failed\"}]}");
                return;
            }
            Instant now = Instant.now();
            ObjectNode body = JSON.createObjectNode();
            String token = accessToken(subject, params.getOrDefault("scope", List.of()), now);
            body.put("token", token);
            body.put("access_token", token);
            body.put("expires_in", TOKEN_LIFETIME.toSeconds());
            body.put("issued_at", now.toString());
            boolean offline = "true".equals(first(params, "offline_token")) || exchange.getRequestMethod().equals("POST");
            if (offline && !subject.isEmpty()) {
                body.put("refresh_token", sign(refreshClaims(subject, now)));
            }
            respond(exchange, 200, body.toString());
        } catch (RuntimeException e) {
            respond(exchange, 500, "{\"error\":\"" + e.getClass().getSimpleName() + "\"}");
        }
    }

    /** The subject: "" for anonymous, the user name when authenticated, null when authentication failed. */
    private String authenticate(HttpExchange exchange, Map<String, List<String>> params) {
        String grant = first(params, "grant_type");
        if ("refresh_token".equals(grant)) {
            return verifiedRefreshSubject(first(params, "refresh_token"));
        }
        if ("password".equals(grant)) {
            return passwordMatches(first(params, "username"), first(params, "password")) ? first(params, "username") : null;
        }
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null) {
            return "";
        }
        if (!header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        String user = colon < 0 ? decoded : decoded.substring(0, colon);
        return colon >= 0 && passwordMatches(user, decoded.substring(colon + 1)) ? user : null;
    }

    private boolean passwordMatches(String user, String password) {
        return env.basicUsername().equals(user) && env.basicPassword().equals(password);
    }

    private String accessToken(String subject, List<String> scopes, Instant now) {
        ObjectNode claims = JSON.createObjectNode();
        claims.put("iss", env.tokenIssuer());
        claims.put("sub", subject);
        claims.put("aud", env.tokenService()); // distribution 2.8 reads aud as a single string
        claims.put("exp", now.plus(TOKEN_LIFETIME).getEpochSecond());
        claims.put("nbf", now.minusSeconds(5).getEpochSecond());
        claims.put("iat", now.getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        ArrayNode access = claims.putArray("access");
        Set<String> allowed = subject.isEmpty() ? ANONYMOUS_ACTIONS : USER_ACTIONS;
        for (String scope : scopes) {
            // type:name:actions; only repository scopes are granted.
            int first = scope.indexOf(':');
            int last = scope.lastIndexOf(':');
            if (first < 0 || last == first || !scope.substring(0, first).equals("repository")) {
                continue;
            }
            Set<String> granted = new LinkedHashSet<>();
            for (String action : scope.substring(last + 1).split(",")) {
                if (allowed.contains(action)) {
                    granted.add(action);
                }
            }
            ObjectNode entry = access.addObject();
            entry.put("type", "repository");
            entry.put("name", scope.substring(first + 1, last));
            granted.forEach(entry.putArray("actions")::add);
        }
        return sign(claims);
    }

    private ObjectNode refreshClaims(String subject, Instant now) {
        ObjectNode claims = JSON.createObjectNode();
        claims.put("iss", env.tokenIssuer());
        claims.put("sub", subject);
        claims.put("aud", "refresh");
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(Duration.ofDays(1)).getEpochSecond());
        return claims;
    }

    /** The user a refresh token was issued to, or null when it is not one of ours or has expired. */
    private String verifiedRefreshSubject(String token) {
        if (token == null) {
            return null;
        }
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return null;
        }
        try {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(cert.getPublicKey());
            verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!verifier.verify(Base64.getUrlDecoder().decode(parts[2]))) {
                return null;
            }
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            boolean valid = claims.path("aud").asText().equals("refresh")
                    && claims.path("exp").asLong() > Instant.now().getEpochSecond()
                    && env.basicUsername().equals(claims.path("sub").asText());
            return valid ? claims.path("sub").asText() : null;
        } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
            return null;
        }
    }

    /** A compact JWS, RS256, with the certificate in {@code x5c} (the registry checks it against its root bundle). */
    private String sign(ObjectNode claims) {
        try {
            ObjectNode header = JSON.createObjectNode();
            header.put("typ", "JWT");
            header.put("alg", "RS256");
            header.putArray("x5c").add(Base64.getEncoder().encodeToString(cert.getEncoded()));
            Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
            String signingInput = url.encodeToString(JSON.writeValueAsBytes(header)) + "." + url.encodeToString(JSON.writeValueAsBytes(claims));
            Signature signer = Signature.getInstance("SHA256withRSA");
            signer.initSign(key);
            signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + url.encodeToString(signer.sign());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot sign a token", e);
        }
    }

    private static PrivateKey readKey(Path pem) throws IOException, GeneralSecurityException {
        String base64 = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    private static void addParams(Map<String, List<String>> params, String raw) {
        if (raw == null || raw.isEmpty()) {
            return;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            // A space-separated scope parameter (OAuth2 style) holds several scopes.
            List<String> values = params.computeIfAbsent(name, k -> new ArrayList<>());
            if (name.equals("scope")) {
                for (String s : value.split(" ")) {
                    if (!s.isBlank()) {
                        values.add(s);
                    }
                }
            } else {
                values.add(value);
            }
        }
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
