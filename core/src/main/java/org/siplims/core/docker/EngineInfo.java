package org.siplims.core.docker;

import org.siplims.core.image.Platform;

/**
 * What the engine said about itself.
 *
 * @param version    the engine's version, e.g. 20.10.24
 * @param apiVersion the newest Docker API version it speaks, e.g. 1.41
 * @param platform   the platform its containers run on natively (linux/arm64 on an Apple-silicon Mac)
 */
public record EngineInfo(String version, String apiVersion, Platform platform) {
}
