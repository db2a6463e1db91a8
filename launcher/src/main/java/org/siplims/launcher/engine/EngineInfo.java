package org.siplims.launcher.engine;

import org.siplims.core.image.Platform;

/** What the engine said about itself: its version and the platform its containers run natively. */
public record EngineInfo(String version, Platform platform) {
}
