package org.siplims.publisher.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siplims.core.process.ProcessCommand;
import org.siplims.core.process.ProcessResult;
import org.siplims.core.process.ProcessRunner;
import org.siplims.core.release.ReleaseLabels;

/** Release notes come from the annotated tag's message, with the real git; a lightweight tag has none. */
class ReleaseNotesTest {
    @TempDir
    Path repo;

    @Test
    void annotatedTagGivesNotesLightweightTagGivesNone() throws Exception {
        git("init", "-q");
        git("-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-q", "--allow-empty", "-m", "first");
        git("-c", "user.name=T", "-c", "user.email=t@example.org", "tag", "-a", "1.5.0", "-m",
                "Faster plate import\n\n- new \"export\" button\n- path C:\\data fixed");
        git("tag", "1.5.1");

        Optional<String> notes = new Git(repo).releaseNotes("1.5.0");
        assertEquals(Optional.of("Faster plate import\n\n- new \"export\" button\n- path C:\\data fixed"), notes);
        assertEquals(Optional.empty(), new Git(repo).releaseNotes("1.5.1"));
        assertEquals(Optional.empty(), new Git(repo).releaseNotes("9.9.9"));

        // What the label carries comes back the same, on one line.
        String label = ReleaseLabels.encodeNotes(notes.get());
        assertTrue(label.indexOf('\n') < 0, label);
        assertEquals(notes.get(), ReleaseLabels.decodeNotes(label));
    }

    @Test
    void longNotesAreCut() {
        String label = ReleaseLabels.encodeNotes("x".repeat(ReleaseLabels.MAX_NOTES_CHARS * 3));
        assertEquals(ReleaseLabels.MAX_NOTES_CHARS, ReleaseLabels.decodeNotes(label).length());
        assertEquals(ReleaseLabels.MAX_NOTES_CHARS, ReleaseLabels.decodeNotes("y".repeat(ReleaseLabels.MAX_NOTES_CHARS * 2)).length());
    }

    private void git(String... args) throws InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-C", repo.toString()));
        command.addAll(List.of(args));
        ProcessResult r = new ProcessRunner().run(ProcessCommand.of(command).inheritSafeBase().mergeStderr());
        assertTrue(r.succeeded(), r.out());
        assertTrue(Files.isDirectory(repo));
    }
}
