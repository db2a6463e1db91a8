package org.siplims.launcher.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.siplims.core.image.ImageReference;
import org.siplims.core.testing.FixtureImages.Mode;
import org.siplims.launcher.status.LauncherState;
import org.siplims.launcher.status.Status;
import org.siplims.launcher.testing.LauncherHarness;

/**
 * Time of check against time of use (issue 17, item 2): the project folder passed the folder rules
 * when it was chosen, then is swapped for a symbolic link to a folder the rules refuse (here a
 * hidden folder of the home, where keys are kept). Every container start checks the folders again
 * and mounts what they really are: the update is refused and the running app keeps running; a
 * restart is refused too. The app never gets the hidden folder.
 */
class FolderSwapIT {
    @Test
    void aProjectFolderSwappedForASymlinkIsRefusedAtTheUpdateAndTheRunningAppIsKept() throws Exception {
        try (LauncherHarness h = new LauncherHarness("swap")) {
            ImageReference latest = h.repository.withTag("latest");
            String run = "-" + h.containerName.substring(h.containerName.lastIndexOf('-') + 1);
            h.fixtures.pushApp(latest, "1.0.0" + run, Mode.HEALTHY);
            h.start();
            Status first = h.await(LauncherState.RUNNING, Duration.ofSeconds(60));
            String serving = first.container().orElseThrow().id();

            // The swap: the project folder moves away and a link to ~/.ssh takes its name.
            Path secrets = Files.createDirectories(h.home.resolve(".ssh"));
            Files.writeString(secrets.resolve("id_ed25519"), "a private key\n");
            Files.move(h.project, h.project.resolveSibling("Project 42 (moved)"));
            Files.createSymbolicLink(h.project, secrets);

            h.fixtures.pushApp(latest, "2.0.0" + run, Mode.HEALTHY);
            h.seen.clear();
            assertEquals(202, h.post("/api/update", "").status());
            Status after = h.await("the update refused", s -> s.state() == LauncherState.ERROR
                    || (s.state() == LauncherState.RUNNING && s.update().error().isPresent())
                    || (s.state() == LauncherState.RUNNING && !s.container().map(c -> c.id()).orElse(serving).equals(serving)),
                    Duration.ofSeconds(60));
            System.out.println("swapped folder, update -> " + after.state() + ": " + after.message());

            assertEquals(LauncherState.RUNNING, after.state(), after.message());
            assertEquals(serving, after.container().orElseThrow().id(), "the app that ran keeps running");
            assertTrue(h.inspectContainer().getState().getRunning(), "and its container runs");
            assertTrue(h.appAnswers(), "and it answers");
            assertTrue(after.update().error().orElse("").contains("hidden"), after.update().error().toString());
            assertNoMountOf(h, secrets);
            assertFalse(Files.exists(secrets.resolve(".fixture-app-was-here")), "the app never wrote into ~/.ssh");

            // A restart passes through the same check.
            assertEquals(202, h.post("/api/restart", "").status());
            Status restarted = h.await("the restart refused", s -> s.state() == LauncherState.ERROR
                    || (s.state() == LauncherState.RUNNING && !s.container().map(c -> c.id()).orElse(serving).equals(serving)),
                    Duration.ofSeconds(60));
            assertEquals(LauncherState.ERROR, restarted.state(), restarted.message());
            assertTrue(restarted.message().contains("hidden"), restarted.message());
            assertFalse(h.containerExists() && h.inspectContainer().getState().getRunning(), "no app runs on the swapped folder");
            assertFalse(Files.exists(secrets.resolve(".fixture-app-was-here")), "the app never wrote into ~/.ssh");
        }
    }

    private static void assertNoMountOf(LauncherHarness h, Path folder) throws Exception {
        String real = folder.toRealPath().toString();
        for (var c : h.env.docker().listContainersCmd().withShowAll(true).withNameFilter(List.of(h.containerName)).exec()) {
            for (var m : h.env.docker().inspectContainerCmd(c.getId()).exec().getMounts()) {
                assertFalse(real.equals(m.getSource()), "a container mounts " + real);
            }
        }
    }
}
