package io.lngossip.model;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** graph-model is the contract, shared by the job and the query service: it depends on neither side. */
@AnalyzeClasses(packages = "io.lngossip.model", importOptions = ImportOption.DoNotIncludeTests.class)
class ModelPurityTest {

    @ArchTest
    static final ArchRule noFlink = noClasses().should().dependOnClassesThat().resideInAPackage("org.apache.flink..");

    @ArchTest
    static final ArchRule noJdbc = noClasses().should().dependOnClassesThat().resideInAPackage("java.sql..");

    @ArchTest
    static final ArchRule noHttpOrKafka = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("io.javalin..", "org.apache.kafka..", "org.postgresql..");
}
