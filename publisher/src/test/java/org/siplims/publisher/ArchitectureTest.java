package org.siplims.publisher;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;

import static org.siplims.architecture.ModuleArchitecture.mainClassesOf;
import static org.siplims.architecture.ModuleArchitecture.packagesFormNoCycle;
import static org.siplims.architecture.ModuleArchitecture.usesNone;

/** The publisher uses core and never the launcher, and its packages form no cycle. */
class ArchitectureTest {
    private static final JavaClasses PUBLISHER = mainClassesOf("org.siplims.publisher");

    @Test
    void publisherPackagesFormNoCycle() {
        packagesFormNoCycle("org.siplims.publisher").check(PUBLISHER);
    }

    @Test
    void publisherNeverUsesTheLauncher() {
        usesNone("org.siplims.publisher", "org.siplims.launcher").check(PUBLISHER);
    }
}
