package org.siplims.core.registry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer tokens per registry and scope, kept until shortly before they expire so that a request
 * never goes out with a token that runs out on the way.
 */
public final class TokenCache {
    /** At most this much of a token's life is given up as a safety margin. */
    static final Duration MAX_MARGIN = Duration.ofSeconds(10);

    private record Entry(String token, Instant useUntil) {
    }

    private final Clock clock;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    public TokenCache(Clock clock) {
        this.clock = clock;
    }

    public TokenCache() {
        this(Clock.systemUTC());
    }

    /** The token for this registry and scope, if one is cached and not about to expire. */
    public Optional<String> get(String registry, String scope) {
        String key = key(registry, scope);
        Entry entry = entries.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(entry.useUntil)) {
            entries.remove(key, entry);
            return Optional.empty();
        }
        return Optional.of(entry.token);
    }

    /** Caches a token valid for {@code lifetime} from now; a margin of a fifth of it, at most 10 s, is kept back. */
    public void put(String registry, String scope, String token, Duration lifetime) {
        Duration margin = lifetime.dividedBy(5);
        if (margin.compareTo(MAX_MARGIN) > 0) {
            margin = MAX_MARGIN;
        }
        entries.put(key(registry, scope), new Entry(token, clock.instant().plus(lifetime).minus(margin)));
    }

    /** Forgets a token the registry refused, so the next request fetches a new one. */
    public void invalidate(String registry, String scope) {
        entries.remove(key(registry, scope));
    }

    private static String key(String registry, String scope) {
        return registry + " " + scope;
    }
}
