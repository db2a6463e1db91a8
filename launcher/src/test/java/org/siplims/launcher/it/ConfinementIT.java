package org.siplims.launcher.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.HostConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.siplims.core.testing.FixtureImages.Mode;
import org.siplims.launcher.status.LauncherState;
import org.siplims.launcher.testing.LauncherHarness;

/**
 * The app container is confined (issue 17, item 5), as {@code docker inspect} shows it: every
 * capability dropped and none added back, no-new-privileges, a PID limit, a memory limit (a share
 * of the engine's memory by default), and never uid 0, even though these tests run as root: the
 * owner of the project folder.
 */
class ConfinementIT {
    @Test
    void theLaunchersAppContainerIsConfinedAndRunsAsTheProjectFoldersOwner() throws Exception {
        try (LauncherHarness h = new LauncherHarness("confined")) {
            h.fixtures.pushApp(h.repository.withTag("latest"), "1.0.0", Mode.HEALTHY);
            int uid = 23456;
            Files.setAttribute(h.project, "unix:uid", uid);
            Files.setAttribute(h.project, "unix:gid", uid);
            h.start();
            h.await(LauncherState.RUNNING, Duration.ofSeconds(60));

            InspectContainerResponse c = h.inspectContainer();
            HostConfig host = c.getHostConfig();
            List<String> dropped = host.getCapDrop() == null ? List.of() : Arrays.stream(host.getCapDrop()).map(Object::toString).toList();
            assertEquals(List.of("ALL"), dropped, "every capability is dropped");
            assertTrue(host.getCapAdd() == null || host.getCapAdd().length == 0, "none is added back: " + Arrays.toString(host.getCapAdd()));
            assertNotNull(host.getSecurityOpts());
            assertTrue(host.getSecurityOpts().contains("no-new-privileges") || host.getSecurityOpts().contains("no-new-privileges:true"),
                    host.getSecurityOpts().toString());
            assertNotNull(host.getPidsLimit());
            assertTrue(host.getPidsLimit() > 0 && host.getPidsLimit() <= 4096, "a PID limit: " + host.getPidsLimit());
            long engineMemory = h.env.docker().infoCmd().exec().getMemTotal();
            assertNotNull(host.getMemory());
            assertTrue(host.getMemory() > 0 && host.getMemory() < engineMemory, "a memory limit below the engine's " + engineMemory
                    + ": " + host.getMemory());
            assertEquals(uid + ":" + uid, c.getConfig().getUser(), "runs as the project folder's owner");
            assertTrue(c.getState().getRunning());

            // Inside: no capabilities at all, and the app wrote into the project as that owner.
            String status = h.fixtures.cli().run("exec", h.containerName, "cat", "/proc/1/status");
            assertTrue(status.lines().anyMatch(l -> l.startsWith("CapEff:") && l.endsWith("0000000000000000")), status);
            assertTrue(status.lines().anyMatch(l -> l.startsWith("NoNewPrivs:") && l.endsWith("1")), status);
            Path written = h.project.resolve(".fixture-app-was-here");
            assertTrue(Files.exists(written), "the app wrote into the project folder");
            assertEquals(uid, Files.getAttribute(written, "unix:uid"));
        }
    }
}
