package io.lngossip.codec.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The codec is pure: the Flink job, the query service and the CLI all reuse it, so it depends on none of them. */
@AnalyzeClasses(packages = "io.lngossip.codec", importOptions = ImportOption.DoNotIncludeTests.class)
class CodecPurityTest {

    @ArchTest
    static final ArchRule noFlink = noClasses().should().dependOnClassesThat().resideInAPackage("org.apache.flink..")
            .because("the codec is shared by the job, the query service and the tools");

    @ArchTest
    static final ArchRule noJdbc = noClasses().should().dependOnClassesThat().resideInAPackage("java.sql..")
            .because("storage belongs to the connectors and the query service's DAOs");

    @ArchTest
    static final ArchRule noJsonLibrary = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("com.fasterxml..", "tools.jackson..")
            .because("JSON shapes are plain maps here; the callers pick the library");
}
