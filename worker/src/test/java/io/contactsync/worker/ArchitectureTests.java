package io.contactsync.worker;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Frameworks stay at the edges: the merge engine is plain Java over plain records, so it
 * can be tested, benchmarked and reasoned about without a broker, a store or a schema.
 */
@AnalyzeClasses(packages = "io.contactsync.worker", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	@ArchTest
	static final ArchRule mergeEngineDependsOnNoFrameworkNorWireFormat = noClasses().that()
		.resideInAPackage("io.contactsync.worker.merge..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("org.springframework..", "org.apache.kafka..", "org.apache.avro..", "com.mongodb..",
				"org.bson..", "io.contactsync.contracts..", "io.apicurio..")
		.because("the merge is a pure function over plain records; the worker maps Avro and MongoDB at the edges");

}
