package org.siplims.core;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.siplims.architecture.ModuleArchitecture.mainClassesOf;
import static org.siplims.architecture.ModuleArchitecture.packagesFormNoCycle;
import static org.siplims.architecture.ModuleArchitecture.usesNone;

/** core is what both programs share: it knows neither of them, and its packages form no cycle. */
class ArchitectureTest {
    private static final JavaClasses CORE = mainClassesOf("org.siplims.core");

    @Test
    void corePackagesFormNoCycle() {
        packagesFormNoCycle("org.siplims.core").check(CORE);
    }

    @Test
    void coreUsesNeitherThePublisherNorTheLauncher() {
        usesNone("org.siplims.core", "org.siplims.publisher", "org.siplims.launcher").check(CORE);
    }

    @Test
    void imageReferencesAndTheEngineConnectionKnowNoRegistryOrSignature() {
        noClasses().that().resideInAnyPackage("org.siplims.core.image..", "org.siplims.core.docker..")
                .should().dependOnClassesThat().resideInAnyPackage("org.siplims.core.registry..", "org.siplims.core.signing..")
                .because("an image reference is a plain value and the engine connection talks to Docker only; "
                        + "registry protocol and signatures build on them, not the other way round")
                .check(CORE);
    }
}
