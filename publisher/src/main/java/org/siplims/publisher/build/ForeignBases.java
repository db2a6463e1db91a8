package org.siplims.publisher.build;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import java.util.List;
import java.util.function.Consumer;
import org.siplims.core.docker.LocalImage;
import org.siplims.core.image.Platform;

/**
 * Before one platform's build of a multi-platform release: the engine's local copies of the bases
 * that are of another platform lose their reference (the image data stays, so the pull that follows
 * fetches little). The legacy builder would otherwise take the other platform's base as it is, and
 * Docker 20.10 cannot point a digest reference at a second image ("Cannot overwrite digest").
 */
public final class ForeignBases {
    private ForeignBases() {
    }

    /** Untags each of {@code bases} (references pinned by digest) that is local for a platform other than {@code platform}. */
    public static void forget(DockerClient docker, List<String> bases, Platform platform, Consumer<String> progress) {
        for (String base : bases) {
            if (!base.contains("@")) {
                continue; // a stage name, or a base preflight has already refused
            }
            LocalImage.find(docker, base).filter(local -> !local.platform().matches(platform)).ifPresent(local -> {
                try {
                    docker.removeImageCmd(base).withNoPrune(true).exec();
                    progress.accept("  the local " + base + " is the " + local.platform() + " image; pulling the " + platform + " one");
                } catch (DockerException e) {
                    progress.accept("  could not set aside the local " + local.platform() + " copy of " + base + ": " + e.getMessage());
                }
            });
        }
    }
}
