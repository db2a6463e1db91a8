package org.siplims.publisher.signing;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How releases are signed and checked, resolved from the options, the environment and
 * {@code publisher.json}.
 *
 * @param key            the private key to sign with; empty: releases are pushed unsigned
 * @param keySource      where {@code key} was configured, for messages ({@code --signing-key}, ...)
 * @param required       refuse to publish without a signing key
 * @param trustedKeys    public key files to verify with ({@code verify}, {@code releases}); empty: not checked
 * @param trustedSource  where the trusted keys were configured, for messages
 */
public record SigningSettings(Optional<Path> key, String keySource, boolean required, List<Path> trustedKeys, String trustedSource) {
    public static final String KEY_ENV = "PUBLISHER_SIGNING_KEY";

    public SigningSettings {
        trustedKeys = List.copyOf(trustedKeys);
    }

    public static SigningSettings none() {
        return new SigningSettings(Optional.empty(), "", false, List.of(), "");
    }
}
