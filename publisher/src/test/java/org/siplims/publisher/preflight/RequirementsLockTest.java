package org.siplims.publisher.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.siplims.publisher.testing.ReferenceFiles;

class RequirementsLockTest {
    @Test
    void theRealLocksPass() throws Exception {
        for (String name : List.of("linux-aarch64.requirements-lock.txt", "osx-arm64.requirements-lock.txt")) {
            assertEquals(List.of(), RequirementsLock.check(name, Files.readString(ReferenceFiles.upstreamLockFile(name))), name);
        }
    }

    @Test
    void pinsHashesMarkersExtrasAndCommentsPass() {
        String text = "# pinned by pip-compile\n"
                + "streamlit==1.50.0 \\\n    --hash=sha256:" + "c".repeat(64) + " \\\n    --hash=sha256:" + "d".repeat(64) + "\n"
                + "requests[socks]==2.32.5  # used by the app\n"
                + "tomli==2.2.1 ; python_version < \"3.11\"\n"
                + "--index-url https://pypi.org/simple\n"
                + "\n";
        assertEquals(List.of(), RequirementsLock.check("requirements-lock.txt", text));
    }

    @Test
    void eachOffendingLineIsNamedWithItsNumber() {
        String text = "streamlit==1.50.0\n"
                + "numpy>=1.26\n"
                + "pandas\n"
                + "-e git+https://github.com/x/y.git#egg=y\n"
                + "lib @ git+https://github.com/x/lib.git@main\n"
                + "pkg @ file:///home/conda/feedstock_root/build_artifacts/pkg_1/work\n"
                + "scipy~=1.13\n"
                + "matplotlib==3.*\n"
                + "-r other.txt\n"
                + "Streamlit==1.50.0\n";
        List<Problem> problems = RequirementsLock.check("requirements-lock.txt", text);
        assertEquals(List.of(2, 3, 4, 5, 6, 7, 8, 9, 10), problems.stream().map(p -> Integer.parseInt(p.where().split(":")[1])).toList(),
                problems.toString());
        assertTrue(problems.get(0).what().contains("range"));
        assertTrue(problems.get(1).what().contains("not pinned"));
        assertTrue(problems.get(2).what().contains("editable"));
        assertTrue(problems.get(3).what().contains("not pinned to a commit"));
        assertTrue(problems.get(4).what().contains("local path"));
        assertTrue(problems.get(5).what().contains("range"));
        assertTrue(problems.get(6).what().contains("range"));
        assertTrue(problems.get(7).what().contains("includes another file"));
        assertTrue(problems.get(8).what().contains("listed twice (also on line 1)"));
        assertTrue(problems.get(0).fix().contains("=="));
    }

    @Test
    void urlsPinnedByCommitOrHashPass() {
        String text = "lib @ git+https://github.com/x/lib.git@" + "0123456789abcdef0123456789abcdef01234567" + "\n"
                + "whl @ https://files.example.org/whl-1.0-py3-none-any.whl#sha256=" + "e".repeat(64) + "\n";
        assertEquals(List.of(), RequirementsLock.check("requirements-lock.txt", text));
    }

    @Test
    void anEmptyLockIsRefused() {
        assertEquals(1, RequirementsLock.check("requirements-lock.txt", "# nothing\n").size());
    }
}
