package org.siplims.launcher.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When an archive counts as current. Making one for real (two child JVMs of the jlinked runtime) is
 * DistributionIT's part.
 */
class StartupArchiveTest {
    @TempDir
    Path tmp;
    Path home;
    Path folder;
    StartupArchive archive;

    @BeforeEach
    void aDistribution() throws IOException {
        home = tmp.resolve("sip-lims-launcher");
        Files.createDirectories(home.resolve("runtime/lib"));
        Files.createDirectories(home.resolve("lib"));
        Files.writeString(home.resolve("runtime/lib/modules"), "modules");
        Files.writeString(home.resolve("lib/launcher.args"), "-cp\nlib/a.jar:lib/b.jar\nMain\n");
        Files.writeString(home.resolve("lib/a.jar"), "a");
        Files.writeString(home.resolve("lib/b.jar"), "bb");
        folder = tmp.resolve("cache/cds-1.0-linux-x64-20261124-000000");
        archive = new StartupArchive(home, folder);
    }

    private void madeNow() throws IOException {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve(StartupArchive.BASE), "base");
        Files.writeString(folder.resolve(StartupArchive.APP), "app");
        Files.writeString(folder.resolve(StartupArchive.STAMP), archive.stamp());
    }

    @Test
    void notCurrentUntilMade() throws IOException {
        assertFalse(archive.isCurrent(), "nothing there yet");
        madeNow();
        assertTrue(archive.isCurrent());
    }

    @Test
    void aChangedJarMakesItStale() throws IOException {
        madeNow();
        Files.setLastModifiedTime(home.resolve("lib/b.jar"), FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
        assertFalse(archive.isCurrent(), "the JVM would refuse the archive: b.jar's time differs");
        madeNow();
        Files.writeString(home.resolve("lib/a.jar"), "a longer a");
        assertFalse(archive.isCurrent(), "a.jar's size differs");
    }

    @Test
    void aNewJarOrRuntimeMakesItStale() throws IOException {
        madeNow();
        Files.writeString(home.resolve("lib/c.jar"), "c");
        assertFalse(archive.isCurrent(), "one jar more");
        Files.delete(home.resolve("lib/c.jar"));
        assertTrue(archive.isCurrent());
        Files.writeString(home.resolve("runtime/lib/modules"), "other modules");
        assertFalse(archive.isCurrent(), "another runtime");
    }

    @Test
    void halfMadeIsNotCurrent() throws IOException {
        madeNow();
        Files.delete(folder.resolve(StartupArchive.APP));
        assertFalse(archive.isCurrent(), "no app.jsa: the training run did not finish");
        madeNow();
        Files.delete(folder.resolve(StartupArchive.STAMP));
        assertFalse(archive.isCurrent(), "no stamp: the stamp is written last");
    }

    @Test
    void stampNamesEveryCheckedFileRelativeToTheDistribution() throws IOException {
        String stamp = archive.stamp();
        assertTrue(stamp.startsWith("java.vm.version "), stamp);
        assertTrue(stamp.contains("\nruntime/lib/modules 7 "), stamp);
        assertTrue(stamp.contains("\nlib/a.jar 1 "), stamp);
        assertTrue(stamp.contains("\nlib/b.jar 2 "), stamp);
        assertFalse(stamp.contains(home.toString()), "no absolute paths: " + stamp);
        assertEquals(stamp, archive.stamp(), "stable");
    }

    @Test
    void onlyTheDistributionScriptsTurnItOn() {
        String before = System.getProperty(StartupArchive.FOLDER_PROPERTY);
        try {
            System.clearProperty(StartupArchive.FOLDER_PROPERTY);
            assertTrue(StartupArchive.ofThisProcess().isEmpty(), "tests and IDE runs make no archive");
            System.setProperty(StartupArchive.FOLDER_PROPERTY, folder.toString());
            assertTrue(StartupArchive.ofThisProcess().isEmpty(), "nor a JVM that is not the distribution's runtime");
        } finally {
            if (before == null) {
                System.clearProperty(StartupArchive.FOLDER_PROPERTY);
            } else {
                System.setProperty(StartupArchive.FOLDER_PROPERTY, before);
            }
        }
    }
}
