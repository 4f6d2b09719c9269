package io.contactsync.worker;

import io.contactsync.devstack.DevStack;

/**
 * Where the broker, the registry and the store of a test run are: the devstack here, or
 * containers where Docker exists.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param registryUrl Apicurio Registry v3 API URL
 * @param mongoUri MongoDB connection string without a database
 */
public record Endpoints(String bootstrapServers, String registryUrl, String mongoUri) {

	public static Endpoints of(DevStack stack) {
		return new Endpoints(stack.bootstrapServers(), stack.registryUrl(), stack.mongoUri());
	}

}
