package io.contactsync.producer;

import io.contactsync.contracts.RegistrySerdes;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code producer-demo} command line. */
@Command(name = "producer-demo", mixinStandardHelpOptions = true, version = "contact-sync producer-demo 0.1.0",
		description = "Publishes contact upsert commands to Kafka (Avro on a schema registry).",
		subcommands = { SamplesCommand.class, CommandLine.HelpCommand.class })
public final class ProducerDemo {

	public static void main(String[] args) {
		RegistrySerdes.trustContractClasses();
		System.exit(new CommandLine(new ProducerDemo()).execute(args));
	}

}
