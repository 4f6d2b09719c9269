package io.contactsync.worker;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Frameworks stay at the edges: the merge engine is plain Java over plain records, so it
 * can be tested, benchmarked and reasoned about without a broker, a store or a schema.
 * Feature packages depend on each other in one direction only, so each can be read and
 * tested from the ones below it.
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

	@ArchTest
	static final ArchRule featurePackagesAreFreeOfCycles = slices().matching("io.contactsync.worker.(*)..")
		.should()
		.beFreeOfCycles();

	@ArchTest
	static final ArchRule featuresDoNotReachBackIntoTheApplication = noClasses().that()
		.resideInAPackage("io.contactsync.worker.*..")
		.should()
		.dependOnClassesThat()
		.resideInAPackage("io.contactsync.worker")
		.because("the root package wires the features; a feature that needs it would close a cycle");

}
