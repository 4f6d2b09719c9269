package io.contactsync.producer;

import io.contactsync.contracts.Topics;
import picocli.CommandLine.Option;

/** Where Kafka and the schema registry are: shared by every subcommand. */
class ConnectionOptions {

	@Option(names = "--bootstrap-servers", defaultValue = "localhost:9092",
			description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
	String bootstrapServers;

	@Option(names = "--registry-url", defaultValue = "http://localhost:8081/apis/registry/v3",
			description = "Apicurio Registry API URL (default: ${DEFAULT-VALUE}).")
	String registryUrl;

	/**
	 * The connection plus where to publish: shared by the subcommands that publish
	 * commands. {@code watch} reads events, so it declares a {@code --topic} of its own.
	 */
	static final class Publishing extends ConnectionOptions {

		@Option(names = "--topic", defaultValue = Topics.COMMANDS,
				description = "Command topic (default: ${DEFAULT-VALUE}).")
		String topic;

	}

}
