package org.siplims.launcher.api;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One-time sign-in links: {@code /login?code=<nonce>.<expiry>.<mac>}, the mac an HMAC-SHA256 of the
 * nonce and expiry under the {@link OwnerSecret}. Whoever holds the secret (the launcher, or its
 * owner's own tools) can make one; the launcher accepts each nonce once, before it expires, and then
 * sets the cookie. The link opened in the browser or printed on the console is therefore worth
 * nothing once used, and nothing to anyone who could not read the secret file anyway.
 */
public final class LoginLinks {
    public static final String PATH = "/login";
    /** Long enough to copy the link from the console later in the day; it still works once only. */
    static final Duration VALID_FOR = Duration.ofHours(12);
    private final OwnerSecret secret;
    private final Clock clock;
    private final Map<String, Instant> used = new ConcurrentHashMap<>();

    public LoginLinks(OwnerSecret secret, Clock clock) {
        this.secret = secret;
        this.clock = clock;
    }

    /** A fresh link's path and query, e.g. {@code /login?code=…}. */
    public String mint() {
        byte[] nonceBytes = new byte[18];
        new SecureRandom().nextBytes(nonceBytes);
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(nonceBytes) + "."
                + clock.instant().plus(VALID_FOR).getEpochSecond();
        return PATH + "?code=" + payload + "." + mac(payload);
    }

    /** True once for a code this secret made that has not expired; false for anything else. */
    boolean redeem(String code) {
        if (code == null || code.length() > 200) {
            return false;
        }
        String[] parts = code.split("\\.", -1);
        if (parts.length != 3 || !parts[1].matches("\\d{1,12}")) {
            return false;
        }
        String payload = parts[0] + "." + parts[1];
        if (!MessageDigest.isEqual(mac(payload).getBytes(StandardCharsets.US_ASCII), parts[2].getBytes(StandardCharsets.US_ASCII))) {
            return false;
        }
        Instant now = clock.instant();
        Instant expiry = Instant.ofEpochSecond(Long.parseLong(parts[1]));
        if (!now.isBefore(expiry)) {
            return false;
        }
        used.values().removeIf(e -> !now.isBefore(e)); // forget the expired ones: they are refused by their expiry anyway
        return used.putIfAbsent(parts[0], expiry) == null;
    }

    private String mac(String payload) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(secret.value().getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hmac.doFinal(payload.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
