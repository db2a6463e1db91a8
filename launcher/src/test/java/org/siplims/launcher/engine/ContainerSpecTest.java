package org.siplims.launcher.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.siplims.core.container.AppContainerSpec;
import org.siplims.core.container.Confinement;
import org.siplims.core.container.MemoryLimit;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.image.Platform;
import org.siplims.launcher.paths.HostFolder;
import org.siplims.launcher.paths.OsFlavor;
import org.siplims.launcher.testing.FakeEngine;

/**
 * The launcher's container is core's shared spec (what the publisher's dev loop makes too, with
 * its source mount on top), and its fingerprint covers the user and the confinement: a container
 * made under other limits is recreated, not adopted.
 */
class ContainerSpecTest {
    private static final ImageReference REPO = ImageReference.parse("ghcr.io/lab/app");
    private final RunnableImage image = RunnableImage.of(FakeEngine.image(REPO, Digest.of("r1"), "1.0", Instant.EPOCH), REPO,
            Optional.of(Digest.of("r1")), Platform.LINUX_AMD64);
    private final HostFolder project = new HostFolder("/home/ana/Lab/Project 42", OsFlavor.LINUX);
    private final HostFolder scripts = new HostFolder("/home/ana/Lab/scripts", OsFlavor.LINUX);

    private ContainerSpec spec(String user, Confinement confinement) {
        return new ContainerSpec("app", image, project, Optional.of(scripts), Optional.of("SIP"), 8501, user, confinement);
    }

    @Test
    void theLaunchersContainerIsTheSharedSpecForItsFolders() {
        assertEquals(AppContainerSpec.forProject(image.runReference(), Optional.empty(), project.path(), "Project 42",
                        Optional.of(scripts.path()), Optional.of("SIP"), 8501, "1001:1001", Confinement.DEFAULT),
                spec("1001:1001", Confinement.DEFAULT).app());
    }

    @Test
    void theFingerprintCoversUserAndConfinement() {
        String base = spec("1001:1001", Confinement.DEFAULT).fingerprint();
        assertEquals(base, spec("1001:1001", Confinement.DEFAULT).fingerprint());
        assertNotEquals(base, spec("1002:1002", Confinement.DEFAULT).fingerprint());
        assertNotEquals(base, spec("1001:1001", Confinement.withMemory(MemoryLimit.parse("2g"))).fingerprint());
    }
}
