package org.siplims.publisher.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.siplims.core.image.ImageReference;
import org.siplims.core.image.Platform;
import org.siplims.core.registry.CredentialResolver;
import org.siplims.core.registry.RegistryClient;
import org.siplims.core.registry.RegistryNotFoundException;
import org.siplims.core.testing.TestEnvironment;

/** Independent checks on the test registries, with core's client and no credentials of the user's. */
public final class Registries {
    private Registries() {
    }

    /** An anonymous client (an empty environment and home folder). */
    public static RegistryClient anonymous() {
        return new RegistryClient(new CredentialResolver(Map.of(), emptyHome(), List.of()));
    }

    /** A client with the basic-auth registry's test user. */
    public static RegistryClient basicAuth(TestEnvironment env) {
        return new RegistryClient(new CredentialResolver(Map.of("REGISTRY_USERNAME", env.basicUsername(),
                "REGISTRY_PASSWORD", env.basicPassword()), emptyHome(), List.of()));
    }

    /** The repository has no tags at all (or does not exist): nothing was pushed to it. */
    public static void assertNothingPushed(RegistryClient registry, ImageReference repository) {
        try {
            assertEquals(List.of(), registry.tags(repository.repositoryOnly()), "nothing may be pushed to " + repository);
        } catch (RegistryNotFoundException e) {
            // the repository does not exist: nothing was pushed
        }
    }

    /** The platform the test engine runs natively. */
    public static Platform enginePlatform(TestEnvironment env) {
        var v = env.docker().versionCmd().exec();
        return new Platform(v.getOperatingSystem(), v.getArch());
    }

    private static Path emptyHome() {
        try {
            return Files.createTempDirectory("siplims-empty-home");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
