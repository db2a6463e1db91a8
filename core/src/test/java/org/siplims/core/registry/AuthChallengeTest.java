package org.siplims.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuthChallengeTest {
    @Test
    void bearerAsGhcrSendsIt() {
        List<AuthChallenge> c = AuthChallenge.parse(
                "Bearer realm=\"https://ghcr.io/token\",service=\"ghcr.io\",scope=\"repository:user/image:pull\"");
        assertEquals(1, c.size());
        assertTrue(c.get(0).isBearer());
        assertEquals(Map.of("realm", "https://ghcr.io/token", "service", "ghcr.io", "scope", "repository:user/image:pull"),
                c.get(0).params());
    }

    @Test
    void commasInsideQuotesAndErrorParameter() {
        AuthChallenge c = AuthChallenge.parse("Bearer realm=\"http://127.0.0.1:5558/token\", service=\"s\", "
                + "scope=\"repository:a/b:pull,push\", error=\"insufficient_scope\"").get(0);
        assertEquals(Optional.of("repository:a/b:pull,push"), c.param("scope"));
        assertEquals(Optional.of("insufficient_scope"), c.param("error"));
    }

    @Test
    void basicWithRealmAndCaseInsensitiveScheme() {
        AuthChallenge c = AuthChallenge.parse("basic Realm=\"siplims-basic\"").get(0);
        assertTrue(c.isBasic());
        assertEquals(Optional.of("siplims-basic"), c.param("realm"));
    }

    @Test
    void severalChallengesUnquotedValuesAndEscapes() {
        List<AuthChallenge> c = AuthChallenge.parse("Basic realm=x, Bearer realm=\"https://a/t\\\"q\",service=svc");
        assertEquals(2, c.size());
        assertEquals("basic", c.get(0).scheme());
        assertEquals(Optional.of("x"), c.get(0).param("realm"));
        assertEquals(Optional.of("https://a/t\"q"), c.get(1).param("realm"));
        assertEquals(Optional.of("svc"), c.get(1).param("service"));
    }

    @Test
    void nothingUsable() {
        assertEquals(List.of(), AuthChallenge.parse(null));
        assertEquals(List.of(), AuthChallenge.parse(""));
        assertEquals(List.of(new AuthChallenge("Bearer", Map.of())), AuthChallenge.parse("Bearer"));
        // An unterminated quote does not throw.
        assertEquals(Optional.of("https://x"), AuthChallenge.parse("Bearer realm=\"https://x").get(0).param("realm"));
    }
}
