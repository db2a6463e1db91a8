package org.siplims.publisher.cli;

import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.image.InvalidReferenceException;
import org.siplims.publisher.failure.ExitCode;
import org.siplims.publisher.failure.PublisherFailure;

/**
 * Reads the REF argument of {@code verify}: a full reference, or for short a tag ({@code 1.2.0},
 * {@code latest}) or a digest of the configured image; nothing means the channel tag.
 */
final class ReleaseRef {
    private ReleaseRef() {
    }

    static ImageReference parse(String text, ImageReference image, String channel) {
        try {
            if (text == null || text.isBlank()) {
                return image.withTag(channel);
            }
            if (Digest.isValid(text)) {
                return image.withDigest(Digest.parse(text));
            }
            if (!text.contains("/") && !text.contains("@") && !text.contains(":")) {
                SettingsResolver.tagProblem(text).ifPresent(problem -> {
                    throw new PublisherFailure(ExitCode.USAGE, "REF " + problem,
                            "Give a tag or digest of " + image.familiar() + " (`scripts/publish releases` lists them), or a full reference.");
                });
                return image.withTag(text);
            }
            return ImageReference.parse(text);
        } catch (InvalidReferenceException e) {
            throw PublisherFailure.wrap(ExitCode.USAGE, e);
        }
    }
}
