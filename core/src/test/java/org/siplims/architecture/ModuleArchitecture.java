package org.siplims.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The rules every module's ArchitectureTest checks on its own main classes: its packages form no
 * cycle, and it uses no module it must not know. Each module checks itself because no module sees
 * the classes of all three (publisher and launcher never depend on each other).
 */
public final class ModuleArchitecture {
    private ModuleArchitecture() {
    }

    /** The module's main classes (target/classes), without its tests. */
    public static JavaClasses mainClassesOf(String rootPackage) {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(rootPackage);
    }

    /**
     * No cycle between the module's packages. Each direct sub-package (with everything below it) is
     * one slice, and the root package itself is a slice of its own: a class there that every step
     * package uses, while another root class uses every step, is a cycle too.
     */
    public static ArchRule packagesFormNoCycle(String rootPackage) {
        return slices().assignedFrom(new TopLevelPackages(rootPackage))
                .should().beFreeOfCycles()
                .because("a package that depends on itself through others cannot be understood, tested or moved on its own");
    }

    /** No class under rootPackage uses a class under any of the forbidden packages. */
    public static ArchRule usesNone(String rootPackage, String... forbiddenPackages) {
        String[] patterns = new String[forbiddenPackages.length];
        for (int i = 0; i < forbiddenPackages.length; i++) {
            patterns[i] = forbiddenPackages[i] + "..";
        }
        return noClasses().that().resideInAPackage(rootPackage + "..")
                .should().dependOnClassesThat().resideInAnyPackage(patterns);
    }

    /** Slices a module into its root package and its direct sub-packages. */
    private static final class TopLevelPackages implements SliceAssignment {
        private final String rootPackage;

        TopLevelPackages(String rootPackage) {
            this.rootPackage = rootPackage;
        }

        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String name = javaClass.getPackageName();
            if (name.equals(rootPackage)) {
                return SliceIdentifier.of(rootPackage);
            }
            if (!name.startsWith(rootPackage + ".")) {
                return SliceIdentifier.ignore();
            }
            String below = name.substring(rootPackage.length() + 1);
            int dot = below.indexOf('.');
            return SliceIdentifier.of(rootPackage + "." + (dot < 0 ? below : below.substring(0, dot)));
        }

        @Override
        public String getDescription() {
            return "the packages of " + rootPackage;
        }
    }
}
