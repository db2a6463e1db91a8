package org.siplims.core.registry;

import java.time.Duration;
import java.util.Optional;

/** The registry answered 429 Too Many Requests. */
public class RegistryRateLimitedException extends RegistryException {
    private static final long serialVersionUID = 1L;
    private final Optional<Duration> retryAfter;

    public RegistryRateLimitedException(String registry, Optional<Duration> retryAfter) {
        super(registry, "The registry " + registry + " is limiting how many requests it accepts (HTTP 429 Too Many Requests).",
                retryAfter.map(d -> "Wait " + d.toSeconds() + " seconds and try again.")
                        .orElse("Wait a few minutes and try again.")
                        + (registry.equals("docker.io") ? " Logged-in users get a higher limit on Docker Hub." : ""),
                null);
        this.retryAfter = retryAfter;
    }

    /** How long the registry asked to wait, when it said so (Retry-After). */
    public Optional<Duration> retryAfter() {
        return retryAfter;
    }
}
