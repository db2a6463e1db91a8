package org.siplims.publisher.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.siplims.core.image.Platform;
import org.siplims.publisher.testing.FixtureRepository;
import org.siplims.publisher.testing.ReferenceFiles;

class CondaExplicitLockTest {
    private static String reference(String name) throws Exception {
        return Files.readString(ReferenceFiles.upstreamLockFile(name));
    }

    @Test
    void theRealLinuxAarch64LockPassesForLinuxArm64() throws Exception {
        CondaExplicitLock lock = CondaExplicitLock.parse("conda-lock.txt", reference("linux-aarch64.conda-lock.txt"));
        assertEquals(List.of(), lock.problemsFor(Platform.LINUX_ARM64));
        assertEquals("linux-aarch64", lock.platform().orElseThrow().name());
        assertEquals(39, lock.packages().size());
        assertTrue(lock.packages().stream().anyMatch(p -> p.name().equals("python")));
        assertTrue(lock.packages().stream().anyMatch(p -> p.name().equals("ld_impl_linux-aarch64")));
    }

    @Test
    void theRealLinuxAarch64LockIsRefusedForAnAmd64BuildNamingBoth() throws Exception {
        List<Problem> problems = CondaExplicitLock.parse("conda-lock.txt", reference("linux-aarch64.conda-lock.txt"))
                .problemsFor(Platform.LINUX_AMD64);
        assertEquals(1, problems.size());
        Problem p = problems.get(0);
        assertTrue(p.what().contains("linux-aarch64 (linux/arm64)"), p.what());
        assertTrue(p.what().contains("linux/amd64"), p.what());
        assertTrue(p.fix().contains("--platform linux/arm64"), p.fix());
    }

    @Test
    void theRealMacLockIsRefusedForAnImage() throws Exception {
        CondaExplicitLock lock = CondaExplicitLock.parse("conda-lock.txt", reference("osx-arm64.conda-lock.txt"));
        assertEquals(List.of(), lock.problems(), "the file itself is a valid explicit lock");
        List<Problem> problems = lock.problemsFor(Platform.LINUX_ARM64);
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).what().contains("osx-arm64 (macOS)"), problems.get(0).what());
        assertTrue(problems.get(0).what().contains("linux/arm64"));
    }

    @Test
    void hashSuffixesAreAllowed() {
        String text = "# platform: linux-64\n@EXPLICIT\n"
                + "https://conda.anaconda.org/conda-forge/linux-64/python-3.9.23-h1_0.conda#0123456789abcdef0123456789abcdef\n"
                + "https://conda.anaconda.org/conda-forge/noarch/pip-25.2-pyh_0.conda#sha256:" + "b".repeat(64) + "\n";
        assertEquals(List.of(), CondaExplicitLock.parse("conda-lock.txt", text).problemsFor(Platform.LINUX_AMD64));
    }

    @Test
    void exportFormatDuplicatesAndBadHashesAreEachNamedWithTheirLine() {
        String text = "# platform: linux-64\n@EXPLICIT\n"
                + "https://conda.anaconda.org/conda-forge/linux-64/python-3.9.23-h1_0.conda\n"
                + "numpy=2.0.2=py39_0\n"
                + "https://conda.anaconda.org/conda-forge/linux-64/python-3.9.23-h1_0.conda\n"
                + "https://conda.anaconda.org/conda-forge/linux-64/python-3.10.1-h2_0.conda\n"
                + "https://conda.anaconda.org/conda-forge/linux-64/zlib-1.3-h3_0.conda#nothex\n"
                + "https://conda.anaconda.org/conda-forge/linux-aarch64/zstd-1.5-h4_0.conda\n";
        List<Problem> problems = CondaExplicitLock.parse("conda-lock.txt", text).problems();
        assertEquals(List.of("conda-lock.txt:4", "conda-lock.txt:5", "conda-lock.txt:6", "conda-lock.txt:7", "conda-lock.txt:8"),
                problems.stream().map(Problem::where).toList(), problems.toString());
        assertTrue(problems.get(0).what().contains("conda list --export"));
        assertTrue(problems.get(1).what().contains("twice (also on line 3)"));
        assertTrue(problems.get(2).what().contains("'python' is listed twice"));
        assertTrue(problems.get(3).what().contains("neither an MD5 nor a SHA-256"));
        assertTrue(problems.get(4).what().contains("built for linux-aarch64"));
    }

    @Test
    void withoutExplicitOrPlatformHeaderItIsNotALock() {
        List<Problem> problems = CondaExplicitLock.parse("conda-lock.txt",
                "https://conda.anaconda.org/conda-forge/linux-64/python-3.9.23-h1_0.conda\n").problems();
        assertTrue(problems.stream().anyMatch(p -> p.what().contains("before the @EXPLICIT line")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.what().contains("no @EXPLICIT line")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.what().contains("'# platform: …' header")), problems.toString());
    }

    @Test
    void theFixtureLockPassesForItsPlatform() {
        assertEquals(List.of(), CondaExplicitLock.parse("conda-lock.txt", FixtureRepository.condaLock("linux-64")).problemsFor(Platform.LINUX_AMD64));
    }
}
