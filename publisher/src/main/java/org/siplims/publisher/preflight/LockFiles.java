package org.siplims.publisher.preflight;

import java.nio.file.Path;

/** The two lock files and their SHA-256 (hex), recorded in the image's labels. */
public record LockFiles(Path condaLock, String condaLockSha256, Path requirementsLock, String requirementsLockSha256) {
}
