package org.siplims.publisher.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siplims.core.image.Platform;
import org.siplims.publisher.testing.ReferenceFiles;

/**
 * Lock pairs per platform: where each platform's pair is, and whether the pairs of two platforms
 * lock the same environment. Inputs: the real linux-aarch64 pair (used from ../shared/reference)
 * and a hand-written linux-64 counterpart in this package's test resources.
 */
class PlatformLocksTest {
    private static String reference(String name) throws IOException {
        return Files.readString(ReferenceFiles.upstreamLockFile(name));
    }

    static String linux64CondaLock() throws IOException {
        try (InputStream in = PlatformLocksTest.class.getResourceAsStream("linux-64.conda-lock.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static LockSetComparison.Locked locked(Platform platform, String conda, String pip) {
        CondaExplicitLock lock = CondaExplicitLock.parse(platform + "/conda-lock.txt", conda);
        return new LockSetComparison.Locked(platform, platform + "/conda-lock.txt",
                lock.packages().stream().map(CondaExplicitLock.Package::name).collect(Collectors.toSet()),
                platform + "/requirements-lock.txt", RequirementsLock.pins(pip));
    }

    @Test
    void theHandWrittenLinux64CounterpartIsAValidAmd64LockAndNotAnArm64One() throws IOException {
        CondaExplicitLock lock = CondaExplicitLock.parse("linux-64.conda-lock.txt", linux64CondaLock());
        assertEquals(List.of(), lock.problemsFor(Platform.LINUX_AMD64));
        assertEquals(39, lock.packages().size());
        assertEquals(1, lock.problemsFor(Platform.LINUX_ARM64).size(), "its header is linux-64");
    }

    @Test
    void aPackageOnOnePlatformOnlyIsAWarningNamingIt() throws IOException {
        String pip = reference("linux-aarch64.requirements-lock.txt");
        List<Problem> warnings = LockSetComparison.warnings(List.of(
                locked(Platform.LINUX_ARM64, reference("linux-aarch64.conda-lock.txt"), pip),
                locked(Platform.LINUX_AMD64, linux64CondaLock(), pip)));
        // The linker package has the processor in its name: the only difference between the two.
        assertEquals(2, warnings.size(), warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.what().contains("'ld_impl_linux-aarch64'") && w.what().contains("linux/arm64 only")),
                warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.what().contains("'ld_impl_linux-64'") && w.what().contains("linux/amd64 only")),
                warnings.toString());
    }

    @Test
    void pipPackagesMissingOrPinnedDifferentlyOnOnePlatformAreWarnings() throws IOException {
        String conda = linux64CondaLock();
        String arm = "streamlit==1.50.0\nnumpy==2.0.2\npyarrow==21.0.0\n";
        String amd = "streamlit==1.50.0\nnumpy==2.0.1\n";
        List<Problem> warnings = LockSetComparison.warnings(List.of(
                locked(Platform.LINUX_AMD64, conda, amd), locked(Platform.LINUX_ARM64, conda.replace("linux-64", "linux-aarch64"), arm)));
        assertEquals(2, warnings.stream().filter(w -> w.what().contains("pip package")).count(), warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.what().contains("'pyarrow'") && w.what().contains("not for linux/amd64")));
        assertTrue(warnings.stream().anyMatch(w -> w.what().contains("'numpy'") && w.what().contains("2.0.1 for linux/amd64")
                && w.what().contains("2.0.2 for linux/arm64")));
    }

    @Test
    void oneLockedPlatformHasNothingToCompare() throws IOException {
        assertEquals(List.of(), LockSetComparison.warnings(List.of(locked(Platform.LINUX_AMD64, linux64CondaLock(), "numpy==2.0.2\n"))));
    }

    @Test
    void pinsAreReadWithNormalisedNamesAndHashesIgnored() {
        Map<String, String> pins = RequirementsLock.pins("# comment\nGitPython==3.1.45\nPyYAML==6.0.2 \\\n    --hash=sha256:"
                + "0".repeat(64) + "\nstreamlit>=1\n");
        assertEquals(Map.of("gitpython", "3.1.45", "pyyaml", "6.0.2"), pins);
    }

    @Test
    void eachPlatformUsesItsOwnFolderAndTheRootPairOtherwise(@TempDir Path context) throws IOException {
        Files.createDirectories(context.resolve("locks/linux-arm64"));
        Files.createDirectories(context.resolve("locks/linux-arm-v7"));
        Files.createDirectories(context.resolve("locks/notes"));
        Path rootConda = context.resolve("conda-lock.txt");
        Path rootPip = context.resolve("requirements-lock.txt");
        assertEquals(List.of(Platform.parse("linux/arm/v7"), Platform.LINUX_ARM64), LockLayout.platformsWithLocks(context));

        LockLayout.LockPair arm = LockLayout.pairFor(context, Platform.LINUX_ARM64, rootConda, rootPip);
        assertEquals(context.resolve("locks/linux-arm64/conda-lock.txt"), arm.condaLock());
        assertEquals(context.resolve("locks/linux-arm64/requirements-lock.txt"), arm.requirementsLock());
        assertTrue(arm.ownFolder());
        LockLayout.LockPair amd = LockLayout.pairFor(context, Platform.LINUX_AMD64, rootConda, rootPip);
        assertEquals(rootConda, amd.condaLock());
        assertEquals(Set.of("linux-amd64", "linux-arm-v7"), Set.of(LockLayout.folderName(Platform.LINUX_AMD64),
                LockLayout.folderName(Platform.parse("linux/arm/v7"))));
        assertEquals(Optional.empty(), LockLayout.platformOfFolder("notes"));
    }

    @Test
    void aSingleFolderlessProjectHasNoPlatformLocks(@TempDir Path context) {
        assertEquals(List.of(), LockLayout.platformsWithLocks(context));
    }
}
