package dev.footfall;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layers run one way (README, "How it is built"): no two packages depend on each other,
 * directly or through others; the shared records import nothing above them; a storage engine is
 * known only to the code that wires it in at start. Plain tests over ArchUnit's rules (rather than
 * its JUnit engine) so that `-Dtest=` filters and every runner see them.
 */
class LayersTest {
    static final JavaClasses PRODUCT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.footfall");

    /** Every package its own slice (store and store.duckdb apart), so a cycle between any two fails. */
    @Test
    void noPackageCycles() {
        slices().matching("dev.footfall.(**)").should().beFreeOfCycles().check(PRODUCT);
    }

    @Test
    void storeHoldsOnlySharedRecords() {
        noClasses().that().resideInAPackage("dev.footfall.store")
                .should().dependOnClassesThat(resideInAPackage("dev.footfall..").and(not(resideInAPackage("dev.footfall.store"))))
                .check(PRODUCT);
    }

    @Test
    void enginesAreWiredOnlyAtStart() {
        noClasses().that().resideOutsideOfPackages("dev.footfall.store.duckdb..", "dev.footfall.server..", "dev.footfall.cli..", "dev.footfall.bench..")
                .should().dependOnClassesThat().resideInAPackage("dev.footfall.store.duckdb..")
                .check(PRODUCT);
    }
}
