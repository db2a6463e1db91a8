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

    @Test
    void packagesAreReadFromACycloneDxSbom() throws Exception {
        com.fasterxml.jackson.databind.JsonNode sbom = new com.fasterxml.jackson.databind.ObjectMapper().readTree("""
                {"bomFormat":"CycloneDX","components":[
                  {"type":"library","name":"streamlit","version":"1.40.1","purl":"pkg:pypi/streamlit@1.40.1"},
                  {"type":"library","name":"python","version":"3.12.4","purl":"pkg:conda/python@3.12.4"},
                  {"type":"application","name":"sip-lims-publisher"},
                  {"type":"library","name":"","version":"1"}]}""");
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(
                new PackageChanges.Package("pypi", "streamlit", "1.40.1"),
                new PackageChanges.Package("conda", "python", "3.12.4")), PackageChanges.packagesOf(sbom));
    }
}
