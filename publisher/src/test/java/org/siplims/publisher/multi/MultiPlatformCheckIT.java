package org.siplims.publisher.multi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.siplims.core.image.Platform;
import org.siplims.core.testing.FixtureImages;
import org.siplims.core.testing.TestEnvironment;
import org.siplims.publisher.testing.FixtureRepository;
import org.siplims.publisher.testing.PublisherRun;
import org.siplims.publisher.testing.ReferenceFiles;

/**
 * Preflight of an image definition with a lock pair per platform ({@code locks/linux-amd64/},
 * {@code locks/linux-arm64/}), on the real engine: the platforms default to those with locks, every
 * pair is checked, a package on one platform only is a warning naming it, and all problems of all
 * pairs come at once. The arm64 pair is the real upstream pair (read from ../shared/reference), the
 * amd64 conda lock the hand-written counterpart in the test resources.
 */
class MultiPlatformCheckIT {
    private static FixtureImages fixtures;
    private static PublisherRun publisher;

    @BeforeAll
    static void setUp() throws IOException {
        fixtures = new FixtureImages(TestEnvironment.get());
        publisher = new PublisherRun(Files.createTempDirectory("siplims-publisher-state"));
    }

    static String linux64CondaLock() throws IOException {
        try (InputStream in = MultiPlatformCheckIT.class.getResourceAsStream("/org/siplims/publisher/preflight/linux-64.conda-lock.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A committed repository with a pair per platform and no root pair. */
    private static FixtureRepository twoPlatformRepository(String amd64Conda, String amd64Pip, String arm64Conda, String arm64Pip) throws IOException {
        FixtureRepository repo = FixtureRepository.create(fixtures, FixtureImages.Mode.HEALTHY, Platform.LINUX_AMD64);
        Files.delete(repo.dir().resolve("conda-lock.txt"));
        Files.delete(repo.dir().resolve("requirements-lock.txt"));
        Files.createDirectories(repo.dir().resolve("locks/linux-amd64"));
        Files.createDirectories(repo.dir().resolve("locks/linux-arm64"));
        repo.write("locks/linux-amd64/conda-lock.txt", amd64Conda).write("locks/linux-amd64/requirements-lock.txt", amd64Pip);
        repo.write("locks/linux-arm64/conda-lock.txt", arm64Conda).write("locks/linux-arm64/requirements-lock.txt", arm64Pip);
        repo.commit("Locks per platform");
        return repo;
    }

    private static String reference(String name) throws IOException {
        return Files.readString(ReferenceFiles.upstreamLockFile(name));
    }

    @Test
    void everyPlatformWithLocksIsCheckedAndAPackageOnOnePlatformIsAWarning() throws IOException {
        String pip = reference("linux-aarch64.requirements-lock.txt");
        FixtureRepository repo = twoPlatformRepository(linux64CondaLock(), pip, reference("linux-aarch64.conda-lock.txt"), pip);
        PublisherRun.Result r = publisher.run("check", "--context", repo.dir().toString(), "--version", "1.0.0", "--json");
        assertEquals(0, r.exitCode(), r.toString());
        JsonNode json = r.json();
        List<String> platforms = new ArrayList<>();
        json.path("platforms").forEach(p -> platforms.add(p.path("platform").asText()));
        assertEquals(List.of("linux/amd64", "linux/arm64"), platforms, r.toString());
        assertTrue(json.path("platforms").get(1).path("condaLock").asText().endsWith("locks/linux-arm64/conda-lock.txt"), r.toString());
        String warnings = json.path("warnings").toString();
        assertTrue(warnings.contains("ld_impl_linux-aarch64") && warnings.contains("ld_impl_linux-64"), warnings);
        assertTrue(r.err().contains("warning:") && r.err().contains("ld_impl_linux-aarch64"), r.err());
    }

    @Test
    void theProblemsOfEveryPairAreReportedAtOnce() throws IOException {
        // arm64: the Mac's lock in the arm64 folder; amd64: the arm64 lock (wrong header and subdirs) and an unpinned pip line.
        FixtureRepository repo = twoPlatformRepository(reference("linux-aarch64.conda-lock.txt"), "streamlit>=1.50\n",
                reference("osx-arm64.conda-lock.txt"), reference("linux-aarch64.requirements-lock.txt"));
        PublisherRun.Result r = publisher.run("check", "--context", repo.dir().toString(), "--version", "1.0.0");
        assertEquals(3, r.exitCode(), r.toString());
        String err = r.err();
        assertTrue(err.contains("locks/linux-amd64/conda-lock.txt: It is locked for linux-aarch64"), err);
        assertTrue(err.contains("locks/linux-amd64/requirements-lock.txt:1"), err);
        assertTrue(err.contains("locks/linux-arm64/conda-lock.txt: It is locked for osx-arm64 (macOS)"), err);
    }

    @Test
    void aPlatformWithoutItsOwnPairOrARootPairIsAProblem() throws IOException {
        String pip = reference("linux-aarch64.requirements-lock.txt");
        FixtureRepository repo = twoPlatformRepository(linux64CondaLock(), pip, reference("linux-aarch64.conda-lock.txt"), pip);
        PublisherRun.Result r = publisher.run("check", "--context", repo.dir().toString(), "--version", "1.0.0",
                "--platforms", "linux/amd64,linux/arm64,linux/ppc64le");
        assertEquals(3, r.exitCode(), r.toString());
        assertTrue(r.err().contains("conda-lock.txt does not exist"), r.err());
    }
}
