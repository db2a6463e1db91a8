package org.siplims.core.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.siplims.core.release.PackageChanges.Package;

class PackageChangesTest {
    @Test
    void addedRemovedAndUpgradedPackagesAreFound() {
        List<Package> from = List.of(new Package("pypi", "streamlit", "1.38.0"), new Package("pypi", "six", "1.16.0"),
                new Package("conda", "python", "3.9.23"));
        List<Package> to = List.of(new Package("pypi", "streamlit", "1.40.1"), new Package("pypi", "rich", "13.9.4"),
                new Package("conda", "python", "3.9.23"));
        PackageChanges changes = PackageChanges.between(from, to);
        assertEquals(List.of(new PackageChanges.Change("pypi", "streamlit", "1.38.0", "1.40.1")), changes.changed());
        assertEquals(List.of(new Package("pypi", "rich", "13.9.4")), changes.added());
        assertEquals(List.of(new Package("pypi", "six", "1.16.0")), changes.removed());
        assertTrue(changes.lines().contains("~ streamlit 1.38.0 → 1.40.1 (pypi)"), changes.lines().toString());
        assertTrue(PackageChanges.between(to, to).isEmpty());
    }
}
