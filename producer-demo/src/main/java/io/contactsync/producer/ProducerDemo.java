package io.contactsync.producer;

import io.contactsync.contracts.RegistrySerdes;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code producer-demo} command line. */
@Command(name = "producer-demo", mixinStandardHelpOptions = true, version = "contact-sync producer-demo 0.1.0",
		description = {
				"Publishes contact upsert commands to Kafka (Avro on a schema registry) and watches contact events.",
				"Every command takes --help." },
		subcommands = { SamplesCommand.class, GenerateCommand.class, ImportCommand.class, WatchCommand.class,
				CommandLine.HelpCommand.class })
public final class ProducerDemo {

	public static void main(String[] args) {
		RegistrySerdes.trustContractClasses();
		System.exit(commandLine().execute(args));
	}

	/**
	 * The configured command line (enum options in any case: {@code --from beginning}).
	 */
	public static CommandLine commandLine() {
		return new CommandLine(new ProducerDemo()).setCaseInsensitiveEnumValuesAllowed(true);
	}

}
