package dev.casefile.layering;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;
import java.util.List;

/**
 * The layering of the topology, as ArchUnit rules over a topology package ({@code dev.casefile.topology}
 * in the application; a fixture's package in the rules' own test).
 */
final class LayeringRules {

    /** The stages of the data path, in order. */
    static final List<String> STAGES = List.of("ingest", "registry", "trace", "resolve", "link", "rates", "index");

    private LayeringRules() {
    }

    /** A stage may import store/, query/, the schemas module and config/, and no other stage nor the wiring above it. */
    static ArchRule stageImportsNoOtherStage(String topology, String stage) {
        String[] others = STAGES.stream().filter(s -> !s.equals(stage)).map(s -> topology + "." + s + "..")
                .toArray(String[]::new);
        return noClasses().that().resideInAPackage(topology + "." + stage + "..")
                .should().dependOnClassesThat(resideInAnyPackage(others).or(resideInAPackage(topology)))
                .as("stage " + stage + " imports no other stage and not the wiring in " + topology)
                .allowEmptyShould(true);
    }

    /** query/ and store/ sit below every stage: they import none. */
    static ArchRule sharedPackagesImportNoStage(String topology) {
        String[] stages = STAGES.stream().map(s -> topology + "." + s + "..").toArray(String[]::new);
        return noClasses().that().resideInAnyPackage(topology + ".query..", topology + ".store..")
                .should().dependOnClassesThat(resideInAnyPackage(stages).or(resideInAPackage(topology)))
                .as("query/ and store/ import no stage");
    }

    /** store/ is plumbing: no domain records, no contract rules, no queries. */
    static ArchRule storeHasNoDomain(String topology) {
        return noClasses().that().resideInAPackage(topology + ".store..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.casefile.schema..", "dev.casefile.contract..",
                        topology + ".query..")
                .as("store/ holds no domain");
    }

    /** The console reads the topology's state through query/ only. */
    static ArchRule consoleReadsOnlyQuery(String topology) {
        return noClasses().that().resideInAPackage("dev.casefile.console..")
                .should().dependOnClassesThat(resideInAPackage(topology + "..")
                        .and(not(resideInAPackage(topology + ".query.."))))
                .as("the console imports only query/ of the topology");
    }

    /** Settings are read by the application, never the other way round. */
    static ArchRule configImportsNothingFromApp() {
        return noClasses().that().resideInAPackage("dev.casefile.config..")
                .should().dependOnClassesThat().resideInAPackage("dev.casefile.app..")
                .as("config/ imports nothing from app/");
    }
}
