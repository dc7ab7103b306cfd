package io.draftnrun.bootstrap.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every rule holds on the production code, and every rule fails on the planted violations of archfixture. */
class ArchitectureTest {
    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("/jooq/"))
            .withImportOption(location -> !location.contains("-tests.jar")) // test-jars of other modules
            .importPackages("io.draftnrun");
    private static final JavaClasses PLANTED = new ClassFileImporter().importPackages("io.draftnrun.archfixture");

    @TestFactory
    List<DynamicTest> everyRuleHoldsOnTheProductionCode() {
        assertThat(PRODUCTION.size()).as("classes imported").isGreaterThan(20);
        return ArchitectureRules.all("io.draftnrun").stream()
                .map(rule -> DynamicTest.dynamicTest(rule.getDescription(), () -> rule.check(PRODUCTION)))
                .toList();
    }

    @TestFactory
    List<DynamicTest> everyRuleFailsOnAPlantedViolation() {
        return ArchitectureRules.all("io.draftnrun.archfixture").stream()
                .map(rule -> DynamicTest.dynamicTest(rule.getDescription(), () -> {
                    EvaluationResult result = rule.evaluate(PLANTED);
                    assertThat(result.hasViolation())
                            .as("rule '%s' should catch its planted violation", rule.getDescription())
                            .isTrue();
                }))
                .toList();
    }
}
