package io.contactsync.producer;

import io.contactsync.contracts.Topics;
import picocli.CommandLine.Option;

/** Where to publish: shared by every subcommand. */
final class ConnectionOptions {

	@Option(names = "--bootstrap-servers", defaultValue = "localhost:9092",
			description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
	String bootstrapServers;

	@Option(names = "--registry-url", defaultValue = "http://localhost:8081/apis/registry/v3",
			description = "Apicurio Registry API URL (default: ${DEFAULT-VALUE}).")
	String registryUrl;

	@Option(names = "--topic", defaultValue = Topics.COMMANDS,
			description = "Command topic (default: ${DEFAULT-VALUE}).")
	String topic;

}
