package org.siplims.launcher.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.siplims.launcher.status.LauncherState;
import org.siplims.launcher.status.Status;
import org.siplims.core.testing.FixtureImages.Mode;

/**
 * The project folder misbehaving: a name with spaces and non-ASCII letters reached through a
 * symlink, and a folder deleted while the app runs. The launcher never recreates, deletes or
 * rewrites the user's folder.
 */
class ProjectFolderIT {
    @Test
    void aFolderWithSpacesUnicodeAndASymlinkWorks() throws Exception {
        try (FaultHarness h = new FaultHarness("unicode", FaultHarness.newRepository("unicode"), "Lab Projekte/Prøbe ünïcode 日本 (2026) & co")) {
            h.fixtures.pushApp(h.repository.withTag("latest"), "1.0.0", Mode.HEALTHY);
            Map<String, String> work = h.writeWork();
            Path link = Files.createSymbolicLink(h.home.resolve("link to the project"), h.project);
            h.start(o -> o.withFolders(Optional.of(link.toString()), Optional.empty(), Optional.of("SIP")));
            Status s = h.await(LauncherState.RUNNING, Duration.ofSeconds(90));
            System.out.println("odd folder -> project " + s.project().orElseThrow().path() + ", mount "
                    + h.inspectContainer().getMounts().get(0).getSource());
            assertTrue(Files.exists(h.project.resolve(".fixture-app-was-here")), "the app writes into the real folder");
            assertTrue(List.of(h.inspectContainer().getConfig().getEnv()).stream().anyMatch(e -> e.startsWith("PROJECT_NAME=")));
            assertTrue(Files.isSymbolicLink(link), "the symlink is left as it was");
            h.quit();
            assertFalse(h.containerExists());
            h.assertProjectUntouched(work);
        }
    }

    /** A colon in a folder name once split the "source:target:mode" bind string (issue 17, item 3). */
    @Test
    void aFolderNameWithColonsIsMountedAsItIs() throws Exception {
        try (FaultHarness h = new FaultHarness("colon", FaultHarness.newRepository("colon"), "Runs/Run 12:30 (a:b):rw")) {
            h.fixtures.pushApp(h.repository.withTag("latest"), "1.0.0", Mode.HEALTHY);
            Map<String, String> work = h.writeWork();
            h.start();
            h.await(LauncherState.RUNNING, Duration.ofSeconds(90));
            var mount = h.inspectContainer().getMounts().stream()
                    .filter(m -> m.getDestination() != null && "/data".equals(m.getDestination().getPath())).findFirst().orElseThrow();
            assertEquals(h.project.toString(), mount.getSource(), "the whole folder name, colons and all, is the source");
            assertTrue(Boolean.TRUE.equals(mount.getRW()), "mounted read-write");
            assertTrue(Files.exists(h.project.resolve(".fixture-app-was-here")), "the app writes into that very folder");
            h.quit();
            h.assertProjectUntouched(work);
        }
    }

    @Test
    void aProjectFolderDeletedWhileRunningIsNeverRecreatedAndRestartSaysWhy() throws Exception {
        try (FaultHarness h = new FaultHarness("deleted")) {
            h.fixtures.pushApp(h.repository.withTag("latest"), "1.0.0", Mode.HEALTHY);
            h.writeWork();
            h.start();
            h.await(LauncherState.RUNNING, Duration.ofSeconds(90));
            // The folder goes away (deleted, or its drive unmounted) while the app runs.
            h.fixtures.cli().exec(null, "run", "--rm", "-v", h.project.getParent() + ":/p", h.fixtures.busyboxBase().toString(),
                    "rm", "-rf", "/p/" + h.project.getFileName());
            assertFalse(Files.exists(h.project), "the folder is gone");
            FaultHarness.sleep(3000); // a few watch ticks: the launcher must not crash or recreate it
            assertEquals(200, h.get("/api/status").status(), "the launcher still answers");
            assertFalse(Files.exists(h.project), "the launcher did not recreate it");

            assertEquals(202, h.post("/api/restart", "").status());
            Status s = h.await("a clear error", st -> st.state() == LauncherState.ERROR || st.state() == LauncherState.NEEDS_PROJECT,
                    Duration.ofSeconds(60));
            System.out.println("deleted project folder, restart -> " + s.state() + ": " + s.message());
            assertTrue(s.message().contains("does not exist") || s.message().contains("project folder"), s.message());
            assertFalse(Files.exists(h.project), "Docker did not recreate it as an empty folder (and root-owned)");
            assertFalse(h.containerExists() && h.inspectContainer().getState().getRunning(), "no app runs on a missing folder");
        }
    }
}
