package org.siplims.publisher.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What `releases --diff` prints for a comparison. */
class ReleaseDiffTest {
    @Test
    void theTextNamesVersionsCommitRangeAndEachPackageChange() {
        ReleaseDiff diff = new ReleaseDiff("1.4.0", "1.5.0", "sha256:a", "sha256:b", "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z",
                "0123456789abcdef", "fedcba9876543210", "Faster plate import.\n\nThe export button is back.", true, true, List.of("streamlit 1.38.0 → 1.40.1 (pypi)"),
                List.of("rich 13.9.4 (pypi)"), List.of("six 1.16.0 (pypi)"));
        String text = diff.text();
        assertTrue(text.contains("1.4.0") && text.contains("1.5.0"), text);
        assertTrue(text.contains("0123456..fedcba9"), text);
        assertTrue(text.contains("notes of 1.5.0:" + System.lineSeparator() + "    Faster plate import." + System.lineSeparator()
                + System.lineSeparator() + "    The export button is back."), text);
        assertTrue(text.contains("~ streamlit 1.38.0 → 1.40.1 (pypi)") && text.contains("+ rich 13.9.4 (pypi)")
                && text.contains("- six 1.16.0 (pypi)"), text);
        ReleaseDiff unknown = new ReleaseDiff("1.4.0", "1.5.0", "sha256:a", "sha256:b", null, null, "a", "b", null, false, false,
                List.of(), List.of(), List.of());
        assertTrue(unknown.text().contains("packages unknown"), unknown.text());
        assertTrue(unknown.text().contains("notes    none"), unknown.text());
    }
}
