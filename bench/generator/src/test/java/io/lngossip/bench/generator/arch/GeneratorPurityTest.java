package io.lngossip.bench.generator.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The generator is pure: only its .kafka package talks to Kafka, and nothing talks to Flink or a database. */
@AnalyzeClasses(packages = "io.lngossip.bench.generator", importOptions = ImportOption.DoNotIncludeTests.class)
class GeneratorPurityTest {

    @ArchTest
    static final ArchRule noKafkaInTheCore = noClasses().that().resideOutsideOfPackage("..generator.kafka..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "io.lngossip.flink..")
            .because("benchmarks and tests use the generator without Kafka");

    @ArchTest
    static final ArchRule noFlink = noClasses().should().dependOnClassesThat().resideInAPackage("org.apache.flink..")
            .because("the generator feeds the job; it is not part of it");

    @ArchTest
    static final ArchRule noJdbc = noClasses().should().dependOnClassesThat().resideInAPackage("java.sql..")
            .because("the generator writes files and topics, never a database");
}
