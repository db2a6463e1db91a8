package org.siplims.publisher.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.siplims.core.image.ImageReference;
import org.siplims.core.image.Platform;
import org.siplims.core.testing.FixtureImages;
import org.siplims.core.testing.TestEnvironment;
import org.siplims.publisher.preflight.CondaSubdir;
import org.siplims.publisher.testing.FixtureRepository;
import org.siplims.publisher.testing.PublisherRun;
import org.siplims.publisher.testing.Registries;

/**
 * {@code lock --from-image} on an image whose {@code conda} and {@code pip} are small scripts that
 * print what the real ones would: the new locks pass preflight; output that would not is refused
 * and the old files stay as they were.
 */
class LockIT {
    private static TestEnvironment env;
    private static FixtureImages fixtures;
    private static Platform platform;
    private static PublisherRun publisher;
    private static String lockImage;

    @BeforeAll
    static void setUp() throws Exception {
        env = TestEnvironment.get();
        fixtures = new FixtureImages(env);
        platform = Registries.enginePlatform(env);
        publisher = new PublisherRun(Files.createTempDirectory("siplims-publisher-state"));
        String subdir = CondaSubdir.forPlatform(platform).orElseThrow().name();
        Path context = Files.createTempDirectory("siplims-lock-image");
        script(context, "conda", "#!/bin/sh\n"
                + "# Stands in for conda: `conda list --explicit ...` prints a lock, `conda run ... pip freeze` a freeze.\n"
                + "case \"$1\" in\n"
                + "  list) cat <<'LOCK'\n" + FixtureRepository.condaLock(subdir) + "LOCK\n;;\n"
                + "  run) printf 'streamlit==1.50.0\\nnumpy==2.0.2\\npandas==2.3.2\\n' ;;\n"
                + "  *) echo \"conda: unknown command $1\" >&2; exit 2 ;;\n"
                + "esac\n");
        script(context, "bad-pip", "#!/bin/sh\nprintf 'streamlit==1.50.0\\nmylib @ file:///home/conda/feedstock_root/mylib\\n'\n");
        Files.writeString(context.resolve("Dockerfile"), "FROM " + fixtures.busyboxBase() + "\nCOPY conda bad-pip /bin/\n");
        ImageReference tag = ImageReference.parse(env.plainRegistry() + "/" + TestEnvironment.uniqueRepository("lock") + ":env");
        lockImage = fixtures.build(context, tag, "1.0.0");
    }

    private static void script(Path dir, String name, String content) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void lockWritesBothFilesFromTheImageAndTheyPassPreflight() {
        FixtureRepository repo = FixtureRepository.create(fixtures, FixtureImages.Mode.HEALTHY, platform);
        repo.write("requirements-lock.txt", "streamlit==1.0.0\n").commit("Old lock");
        PublisherRun.Result r = publisher.run("lock", "--from-image", lockImage, "--context", repo.dir().toString());
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("streamlit==1.50.0\nnumpy==2.0.2\npandas==2.3.2\n", repo.read("requirements-lock.txt"));
        assertTrue(repo.read("conda-lock.txt").contains("@EXPLICIT"), repo.read("conda-lock.txt"));
        assertTrue(r.out().contains("3 packages"), r.out());
        repo.commit("New locks");
        PublisherRun.Result check = publisher.run("check", "--context", repo.dir().toString());
        assertEquals(0, check.exitCode(), check.toString());
    }

    @Test
    void outputThatWouldFailPreflightIsRefusedAndTheOldFilesStay() {
        FixtureRepository repo = FixtureRepository.create(fixtures, FixtureImages.Mode.HEALTHY, platform);
        repo.write("publisher.json", "{\"lock\": {\"pip\": [\"/bin/bad-pip\"]}}").commit("Config");
        String before = repo.read("requirements-lock.txt");
        String condaBefore = repo.read("conda-lock.txt");
        PublisherRun.Result r = publisher.run("lock", "--from-image", lockImage, "--context", repo.dir().toString());
        assertEquals(3, r.exitCode(), r.toString());
        assertTrue(r.err().contains("requirements-lock.txt (new):2") && r.err().contains("local path"), r.err());
        assertEquals(before, repo.read("requirements-lock.txt"));
        assertEquals(condaBefore, repo.read("conda-lock.txt"));
    }

    @Test
    void aCommandTheImageLacksIsAClearError() {
        FixtureRepository repo = FixtureRepository.create(fixtures, FixtureImages.Mode.HEALTHY, platform);
        PublisherRun.Result r = publisher.run("lock", "--from-image", fixtures.busyboxBase().toString(), "--context", repo.dir().toString());
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("conda list --explicit"), r.err());
    }
}
