package org.siplims.launcher;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;

import static org.siplims.architecture.ModuleArchitecture.mainClassesOf;
import static org.siplims.architecture.ModuleArchitecture.packagesFormNoCycle;
import static org.siplims.architecture.ModuleArchitecture.usesNone;

/** The launcher uses core and never the publisher, and its packages form no cycle. */
class ArchitectureTest {
    private static final JavaClasses LAUNCHER = mainClassesOf("org.siplims.launcher");

    @Test
    void launcherPackagesFormNoCycle() {
        packagesFormNoCycle("org.siplims.launcher").check(LAUNCHER);
    }

    @Test
    void launcherNeverUsesThePublisher() {
        usesNone("org.siplims.launcher", "org.siplims.publisher").check(LAUNCHER);
    }
}
