package io.contactsync.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The local stack: a real Kafka broker (KRaft), the Apicurio schema registry and a
 * MongoDB-wire store, each on a localhost port. Start it with {@link #start(Settings)}
 * and close it to stop everything, in reverse order.
 */
public final class DevStack implements AutoCloseable {

	/**
	 * Where the stack listens and keeps its files. A port of 0 picks a free one.
	 *
	 * @param kafkaPort Kafka bootstrap port
	 * @param registryPort schema registry HTTP port
	 * @param mongoPort MongoDB wire protocol port
	 * @param workDir Kafka data and the registry's log
	 */
	public record Settings(int kafkaPort, int registryPort, int mongoPort, Path workDir) {

		/** Free ports and a fresh temporary directory: what tests use. */
		public static Settings ephemeral() {
			try {
				return new Settings(0, 0, 0, java.nio.file.Files.createTempDirectory("contact-sync-devstack"));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

	private final List<AutoCloseable> parts;

	private final KafkaBroker kafka;

	private final SchemaRegistryServer registry;

	private final MongoWireServer mongo;

	private final Path workDir;

	private DevStack(KafkaBroker kafka, SchemaRegistryServer registry, MongoWireServer mongo, Path workDir) {
		this.kafka = kafka;
		this.registry = registry;
		this.mongo = mongo;
		this.workDir = workDir;
		this.parts = new ArrayList<>(List.of(registry, kafka, mongo));
	}

	public static DevStack start(Settings settings) {
		List<AutoCloseable> started = new ArrayList<>();
		try {
			// The registry takes the longest: launch it first and start the rest
			// meanwhile.
			SchemaRegistryServer registry = SchemaRegistryServer.launch(settings.registryPort(),
					settings.workDir().resolve("registry.log"));
			started.add(registry);
			MongoWireServer mongo = MongoWireServer.start(settings.mongoPort());
			started.add(mongo);
			KafkaBroker kafka = startKafka(settings);
			started.add(kafka);
			registry.awaitReady();
			return new DevStack(kafka, registry, mongo, settings.workDir());
		}
		catch (IOException | RuntimeException ex) {
			Collections.reverse(started);
			started.forEach(DevStack::closeQuietly);
			throw (ex instanceof RuntimeException runtime) ? runtime : new UncheckedIOException((IOException) ex);
		}
	}

	/** Free ports can be taken between picking and binding: try again on others. */
	private static KafkaBroker startKafka(Settings settings) throws IOException {
		for (int attempt = 1;; attempt++) {
			try {
				return KafkaBroker.start(settings.kafkaPort(), settings.workDir().resolve("kafka-" + attempt));
			}
			catch (RuntimeException ex) {
				if (settings.kafkaPort() != 0 || attempt >= 3) {
					throw ex;
				}
				System.err.println("devstack: Kafka did not start (" + ex + "), trying other ports");
			}
		}
	}

	/** Kafka {@code bootstrap.servers}. */
	public String bootstrapServers() {
		return this.kafka.bootstrapServers();
	}

	/** Apicurio native API (v3), for {@code apicurio.registry.url}. */
	public String registryUrl() {
		return this.registry.url();
	}

	/** Confluent-compatible API, for Confluent clients and tools. */
	public String registryCcompatUrl() {
		return this.registry.ccompatUrl();
	}

	/** MongoDB connection string. */
	public String mongoUri() {
		return this.mongo.uri();
	}

	public Path workDir() {
		return this.workDir;
	}

	/** Creates a topic unless it exists. */
	public void createTopic(String name, int partitions, Map<String, String> config) {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
			admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(config)))
				.all()
				.get(30, TimeUnit.SECONDS);
		}
		catch (java.util.concurrent.ExecutionException ex) {
			if (!(ex.getCause() instanceof TopicExistsException)) {
				throw new IllegalStateException("Could not create topic " + name, ex.getCause());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while creating topic " + name, ex);
		}
		catch (java.util.concurrent.TimeoutException ex) {
			throw new IllegalStateException("Timed out creating topic " + name, ex);
		}
	}

	@Override
	public void close() {
		this.parts.forEach(DevStack::closeQuietly);
	}

	private static void closeQuietly(AutoCloseable part) {
		try {
			part.close();
		}
		catch (Exception ex) {
			System.err.println("devstack: error while stopping " + part.getClass().getSimpleName() + ": " + ex);
		}
	}

}
