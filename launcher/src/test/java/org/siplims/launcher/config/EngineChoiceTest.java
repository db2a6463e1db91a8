package org.siplims.launcher.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which engine the launcher uses: the one given, else the one found on the computer (never probed here). */
class EngineChoiceTest {
    @TempDir
    Path dir;

    @Test
    void withoutDockerHostTheEngineFoundOnTheComputerIsUsed() {
        URI found = URI.create("unix:///home/lab/.colima/default/docker.sock");
        LauncherOptions o = new OptionsResolver(Map.of(), ConfigFile.empty(), RememberedSettings.NONE, () -> found).resolve(dir);
        assertEquals(found, o.dockerHost());
    }

    @Test
    void aGivenDockerHostIsUsedAsItIsAndNothingIsLookedFor() {
        AtomicBoolean looked = new AtomicBoolean();
        LauncherOptions o = new OptionsResolver(Map.of("docker-host", "unix:///tmp/given.sock"), ConfigFile.empty(), RememberedSettings.NONE,
                () -> {
                    looked.set(true);
                    return URI.create("unix:///elsewhere.sock");
                }).resolve(dir);
        assertEquals(URI.create("unix:///tmp/given.sock"), o.dockerHost());
        assertFalse(looked.get());
    }
}
