package org.siplims.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenCacheTest {
    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final ManualClock clock = new ManualClock();
    private final TokenCache cache = new TokenCache(clock);

    @Test
    void keptUntilShortlyBeforeExpiry() {
        cache.put("ghcr.io", "repository:a/b:pull", "t1", Duration.ofSeconds(60));
        assertEquals(Optional.of("t1"), cache.get("ghcr.io", "repository:a/b:pull"));
        clock.now = clock.now.plusSeconds(49);
        assertEquals(Optional.of("t1"), cache.get("ghcr.io", "repository:a/b:pull"));
        // The last 10 s are given up: a token must not expire on its way to the registry.
        clock.now = clock.now.plusSeconds(1);
        assertEquals(Optional.empty(), cache.get("ghcr.io", "repository:a/b:pull"));
    }

    @Test
    void shortLivedTokensKeepAFifthAsMargin() {
        cache.put("r", "s", "t", Duration.ofSeconds(5));
        clock.now = clock.now.plusSeconds(3);
        assertEquals(Optional.of("t"), cache.get("r", "s"));
        clock.now = clock.now.plusSeconds(1);
        assertEquals(Optional.empty(), cache.get("r", "s"));
    }

    @Test
    void separatePerRegistryAndScopeAndInvalidated() {
        cache.put("a", "repository:x:pull", "ta", Duration.ofMinutes(5));
        cache.put("b", "repository:x:pull", "tb", Duration.ofMinutes(5));
        assertEquals(Optional.empty(), cache.get("a", "repository:x:pull,push"));
        assertEquals(Optional.of("tb"), cache.get("b", "repository:x:pull"));
        cache.invalidate("a", "repository:x:pull");
        assertEquals(Optional.empty(), cache.get("a", "repository:x:pull"));
        assertEquals(Optional.of("tb"), cache.get("b", "repository:x:pull"));
    }
}
