package dev.casefile.layering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.EvaluationResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The packages of the topology module keep to the data path's layering. The rules run on the
 * application's classes (tests left out); the sources are read too, because a constant of another
 * stage is inlined by the compiler and leaves no trace in the class files.
 */
class ArchitectureTest {

    private static final String TOPOLOGY = "dev.casefile.topology";
    /** Tests run with the topology module as working directory. */
    private static final Path SOURCES = Path.of("src", "main", "java", "dev", "casefile", "topology");
    private static final Pattern TOPOLOGY_REFERENCE = Pattern.compile("\\bdev\\.casefile\\.topology\\.([a-z]+)\\.");
    private static final JavaClasses APPLICATION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.casefile");

    @TestFactory
    Stream<DynamicTest> aStageImportsNoOtherStage() {
        return LayeringRules.STAGES.stream().map(stage -> DynamicTest.dynamicTest(stage,
                () -> LayeringRules.stageImportsNoOtherStage(TOPOLOGY, stage).check(APPLICATION)));
    }

    @TestFactory
    Stream<DynamicTest> aStageSourceNamesNoOtherStage() {
        return LayeringRules.STAGES.stream().map(stage -> DynamicTest.dynamicTest(stage, () -> {
            List<String> found = new ArrayList<>();
            try (Stream<Path> files = Files.walk(SOURCES.resolve(stage))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    Matcher m = TOPOLOGY_REFERENCE.matcher(Files.readString(file));
                    while (m.find()) {
                        String named = m.group(1);
                        if (LayeringRules.STAGES.contains(named) && !named.equals(stage)) {
                            found.add(file.getFileName() + " names stage " + named);
                        }
                    }
                }
            }
            assertEquals(List.of(), found);
        }));
    }

    @Test
    void queryAndStoreImportNoStage() {
        LayeringRules.sharedPackagesImportNoStage(TOPOLOGY).check(APPLICATION);
    }

    @Test
    void storeHoldsNoDomain() {
        LayeringRules.storeHasNoDomain(TOPOLOGY).check(APPLICATION);
    }

    @Test
    void theConsoleReadsOnlyThroughQuery() {
        LayeringRules.consoleReadsOnlyQuery(TOPOLOGY).check(APPLICATION);
    }

    @Test
    void configImportsNothingFromApp() {
        LayeringRules.configImportsNothingFromApp().check(APPLICATION);
    }

    @Test
    void everyStageHasItsPackage() throws IOException {
        for (String stage : LayeringRules.STAGES) {
            assertTrue(APPLICATION.containPackage(TOPOLOGY + "." + stage), "no package " + TOPOLOGY + "." + stage);
            assertTrue(Files.isDirectory(SOURCES.resolve(stage)), "no sources for " + stage);
        }
    }

    /** The rule itself catches a stage that imports another: a fixture's linker that calls into its rates stage. */
    @Test
    void theStageRuleFailsWhenAStageImportsAnother() {
        String fixture = "dev.casefile.layering.fixture.topology";
        JavaClasses classes = new ClassFileImporter().importPackages(fixture);
        EvaluationResult result = LayeringRules.stageImportsNoOtherStage(fixture, "link").evaluate(classes);
        assertTrue(result.hasViolation(), "the link fixture imports the rates fixture");
        assertTrue(result.getFailureReport().toString().contains("FixtureRates"), result.getFailureReport().toString());
        assertTrue(!LayeringRules.stageImportsNoOtherStage(fixture, "rates").evaluate(classes).hasViolation(),
                "the rates fixture imports nothing");
    }
}
