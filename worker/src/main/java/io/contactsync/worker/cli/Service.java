package io.contactsync.worker.cli;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.mongodb.ConnectionString;
import io.contactsync.worker.pipeline.RegistrySettings;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.mongodb.autoconfigure.MongoProperties;
import org.springframework.boot.mongodb.autoconfigure.PropertiesMongoConnectionDetails;

/**
 * A service the worker cannot start without, where it is and which property says so.
 * Addresses are read the way the application reads them (Spring Boot's own properties
 * classes, our settings records), so the check tests what the worker will use.
 *
 * @param name the service, as the sentence names it
 * @param property the property that sets its address
 * @param addresses where it listens; reachable when any one accepts a connection
 */
record Service(String name, String property, List<Address> addresses) {

	/** A host and port, never the credentials some URIs carry beside them. */
	record Address(String host, int port) {

		/**
		 * {@code host:port}, {@code [::1]:port}, with an optional {@code scheme://}.
		 */
		static Optional<Address> parse(String hostAndPort, int defaultPort) {
			String value = hostAndPort.strip();
			int scheme = value.indexOf("://");
			if (scheme >= 0) {
				value = value.substring(scheme + 3);
			}
			// Whatever comes before an @ is user information: never print it.
			value = value.substring(value.lastIndexOf('@') + 1);
			String host = value;
			int port = defaultPort;
			int colon = value.lastIndexOf(':');
			if (colon > value.lastIndexOf(']')) {
				host = value.substring(0, colon);
				try {
					port = Integer.parseInt(value.substring(colon + 1));
				}
				catch (NumberFormatException ex) {
					return Optional.empty();
				}
			}
			host = host.replace("[", "").replace("]", "");
			return (host.isEmpty() || port <= 0) ? Optional.empty() : Optional.of(new Address(host, port));
		}

		@Override
		public String toString() {
			return (this.host.contains(":") ? "[" + this.host + "]" : this.host) + ":" + this.port;
		}

	}

	/** The broker, MongoDB and the registry, as the environment configures them. */
	static List<Service> all(Binder binder) {
		List<Service> services = new ArrayList<>();
		kafka(binder).ifPresent(services::add);
		registry(binder).ifPresent(services::add);
		mongo(binder).ifPresent(services::add);
		return services;
	}

	static Optional<Service> kafka(Binder binder) {
		KafkaProperties kafka = binder.bindOrCreate("spring.kafka", KafkaProperties.class);
		// The listener connects with the consumer's servers: they may override the
		// common ones.
		boolean consumer = kafka.getConsumer().getBootstrapServers() != null;
		List<String> servers = consumer ? kafka.getConsumer().getBootstrapServers() : kafka.getBootstrapServers();
		return of("Kafka", consumer ? "spring.kafka.consumer.bootstrap-servers" : "spring.kafka.bootstrap-servers",
				servers.stream().flatMap((server) -> Address.parse(server, -1).stream()).toList());
	}

	static Optional<Service> registry(Binder binder) {
		RegistrySettings registry = binder.bindOrCreate("contact-sync.registry", RegistrySettings.class);
		try {
			URI url = URI.create(registry.url());
			int port = (url.getPort() > 0) ? url.getPort() : ("https".equals(url.getScheme()) ? 443 : 80);
			return of("the schema registry", "contact-sync.registry.url",
					(url.getHost() != null) ? List.of(new Address(url.getHost(), port)) : List.of());
		}
		catch (IllegalArgumentException ex) {
			// Not a URL: the registry client says so when it starts.
			return Optional.empty();
		}
	}

	static Optional<Service> mongo(Binder binder) {
		MongoProperties mongo = binder.bindOrCreate("spring.mongodb", MongoProperties.class);
		ConnectionString connection;
		try {
			connection = new PropertiesMongoConnectionDetails(mongo, null).getConnectionString();
		}
		catch (IllegalArgumentException ex) {
			// Not a connection string: the driver says so when it starts.
			return Optional.empty();
		}
		if (connection.isSrvProtocol()) {
			// mongodb+srv:// names a DNS record, not a host: the driver resolves it.
			return Optional.empty();
		}
		return of("MongoDB", (mongo.getUri() != null) ? "spring.mongodb.uri" : "spring.mongodb.host",
				connection.getHosts()
					.stream()
					.filter((host) -> !host.endsWith(".sock"))
					.flatMap((host) -> Address.parse(host, MongoProperties.DEFAULT_PORT).stream())
					.toList());
	}

	private static Optional<Service> of(String name, String property, List<Address> addresses) {
		return addresses.isEmpty() ? Optional.empty() : Optional.of(new Service(name, property, addresses));
	}

}
