package org.siplims.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.siplims.core.UserFacingException;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.image.Platform;
import org.siplims.core.testing.RegistryFixtures;
import org.siplims.core.testing.TestEnvironment;

/**
 * Every kind of error the client produces against the real registries, made with credentials whose
 * password must then appear nowhere: not in messages, hints, toString() or causes.
 */
class SecretsNeverShownIT {
    private final TestEnvironment env = TestEnvironment.get();
    private final RegistryFixtures fixtures = new RegistryFixtures(env);

    private RegistryClient client(String registry, String password) {
        return new RegistryClient(new CredentialResolver(Map.of(), Path.of("/nonexistent-home"), List.of())
                .withExplicit(registry, env.basicUsername(), password));
    }

    @Test
    void noPasswordInAnyError() throws Exception {
        String real = env.basicPassword();
        String wrong = "wrong-" + real + "-Zq9";
        List<RegistryException> errors = new ArrayList<>();

        for (String registry : List.of(env.basicRegistry(), env.tokenRegistry())) {
            ImageReference image = ImageReference.parse(registry + "/" + TestEnvironment.uniqueRepository("secrets") + ":1");
            fixtures.pushArm64App(image, "1");
            // Wrong password: rejected.
            errors.add(assertThrows(RegistryUnauthorizedException.class, () -> client(registry, wrong).digest(image)));
            errors.add(assertThrows(RegistryUnauthorizedException.class, () -> client(registry, wrong).retag(image, "2")));
            // Right password: unknown repository, unknown tag, unknown blob, missing platform.
            RegistryClient ok = client(registry, real);
            errors.add(assertThrows(RegistryNotFoundException.class,
                    () -> ok.digest(ImageReference.parse(registry + "/" + TestEnvironment.uniqueRepository("none") + ":1"))));
            errors.add(assertThrows(RegistryNotFoundException.class, () -> ok.manifest(image.withTag("nope"))));
            errors.add(assertThrows(RegistryNotFoundException.class,
                    () -> ok.tags(ImageReference.parse(registry + "/" + TestEnvironment.uniqueRepository("none")))));
            errors.add(assertThrows(RegistryNotFoundException.class,
                    () -> ok.blob(image, Digest.of(real))));
            errors.add(assertThrows(PlatformNotAvailableException.class, () -> ok.resolve(image, Platform.LINUX_AMD64)));
        }
        // Anonymous push to the token registry: denied.
        ImageReference anonTarget = ImageReference.parse(env.tokenRegistry() + "/" + TestEnvironment.uniqueRepository("secrets") + ":1");
        errors.add(assertThrows(RegistryUnauthorizedException.class,
                () -> new RegistryClient(new CredentialResolver(Map.of(), Path.of("/nonexistent-home"), List.of()))
                        .uploadBlob(anonTarget, new byte[] {1, 2, 3})));
        // Unreachable, with credentials configured for that host.
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String closed = "127.0.0.1:" + port;
        errors.add(assertThrows(RegistryUnreachableException.class, () -> client(closed, real).digest(ImageReference.parse(closed + "/a:1"))));

        Set<String> kinds = errors.stream().map(e -> e.getClass().getSimpleName()).collect(Collectors.toSet());
        assertEquals(Set.of("RegistryUnauthorizedException", "RegistryNotFoundException", "PlatformNotAvailableException",
                "RegistryUnreachableException"), kinds);
        for (RegistryException e : errors) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                for (String secret : List.of(real, wrong)) {
                    assertFalse(String.valueOf(t.getMessage()).contains(secret), t.toString());
                    assertFalse(t.toString().contains(secret), t.toString());
                    if (t instanceof UserFacingException u) {
                        assertFalse(u.describe().contains(secret), u.describe());
                    }
                }
            }
        }
    }

    @Test
    void fixturesUseNoRealHomeOrEnvironment() {
        // The fixtures' resolver must not pick up a developer's own ~/.docker or REGISTRY_* variables.
        CredentialResolver r = RegistryFixtures.testCredentials(env);
        assertEquals(java.util.Optional.empty(), r.resolve("ghcr.io"));
        assertEquals(env.basicUsername(), r.resolve(env.basicRegistry()).orElseThrow().username());
    }
}
