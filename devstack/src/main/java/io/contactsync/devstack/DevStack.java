package io.contactsync.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The local stack: a real Kafka broker (KRaft), the Apicurio schema registry and a
 * MongoDB-wire store, each on a localhost port. Start it with {@link #start(Settings)}
 * and close it to stop everything. Records carry schema ids, so the registry's schemas
 * last as long as Kafka's records: see {@link SchemaStorage}.
 */
public final class DevStack implements AutoCloseable {

	/**
	 * Where the stack listens and keeps its files. A port of 0 picks a free one.
	 *
	 * @param kafkaPort Kafka bootstrap port
	 * @param registryPort schema registry HTTP port
	 * @param mongoPort MongoDB wire protocol port
	 * @param workDir Kafka data and the registry's log
	 * @param schemaStorage where the registry keeps its schemas
	 */
	public record Settings(int kafkaPort, int registryPort, int mongoPort, Path workDir, SchemaStorage schemaStorage) {

		/** Schemas kept in Kafka: what the command line uses. */
		public Settings(int kafkaPort, int registryPort, int mongoPort, Path workDir) {
			this(kafkaPort, registryPort, mongoPort, workDir, SchemaStorage.KAFKA);
		}

		/** Free ports and a fresh temporary directory: what tests use. */
		public static Settings ephemeral() {
			try {
				return new Settings(0, 0, 0, java.nio.file.Files.createTempDirectory("contact-sync-devstack"),
						SchemaStorage.MEMORY);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

	/** Where the registry keeps its schemas. */
	public enum SchemaStorage {

		/**
		 * In a journal topic on the stack's own broker (Apicurio's KafkaSQL storage): the
		 * schemas last exactly as long as the records that carry their ids.
		 */
		KAFKA,

		/**
		 * In memory, gone when the stack stops: only on a work dir without Kafka data, so
		 * that records and schemas both start fresh. The stack starts a few seconds
		 * sooner.
		 */
		MEMORY

	}

	private static final int KAFKA_ATTEMPTS = 3;

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
		this.parts = new ArrayList<>(Stream.of(registry, kafka, mongo).filter(Objects::nonNull).toList());
	}

	/** Starts Kafka, the registry and the MongoDB-wire store. */
	public static DevStack start(Settings settings) {
		return start(settings, true);
	}

	/**
	 * Starts Kafka and the registry, and the store only if {@code withStore}. Without it
	 * the store can run in a JVM of its own ({@link MongoWireServerCommand}), e.g. so
	 * that a benchmark can tell the store's CPU from the broker's.
	 */
	public static DevStack start(Settings settings, boolean withStore) {
		List<AutoCloseable> started = new ArrayList<>();
		try {
			for (int attempt = 1; attempt <= KAFKA_ATTEMPTS; attempt++) {
				refuseRecordsWithoutSchemas(kafkaDataDir(settings, attempt), settings.schemaStorage());
			}
			int kafkaPort = (settings.kafkaPort() == 0) ? FreePorts.pick() : settings.kafkaPort();
			// The registry takes the longest: launch it first (on Kafka it waits for
			// the broker) and start the rest meanwhile.
			SchemaRegistryServer registry = SchemaRegistryServer.launch(settings.registryPort(),
					settings.schemaStorage(), KafkaBroker.bootstrapServers(kafkaPort),
					settings.workDir().resolve("registry.log"));
			started.add(registry);
			MongoWireServer mongo = withStore ? MongoWireServer.start(settings.mongoPort()) : null;
			if (mongo != null) {
				started.add(mongo);
			}
			KafkaBroker kafka = startKafka(settings, kafkaPort);
			started.add(kafka);
			registry.useBroker(kafka.bootstrapServers());
			registry.awaitReady();
			return new DevStack(kafka, registry, mongo, settings.workDir());
		}
		catch (IOException | RuntimeException ex) {
			// In start order, as close() does: the registry stops before the broker
			// that may hold its schemas.
			started.forEach(DevStack::closeQuietly);
			throw (ex instanceof RuntimeException runtime) ? runtime : new UncheckedIOException((IOException) ex);
		}
	}

	/** Free ports can be taken between picking and binding: try again on others. */
	private static KafkaBroker startKafka(Settings settings, int firstPort) throws IOException {
		for (int attempt = 1;; attempt++) {
			try {
				return KafkaBroker.start((attempt == 1) ? firstPort : FreePorts.pick(),
						kafkaDataDir(settings, attempt));
			}
			catch (RuntimeException ex) {
				if (settings.kafkaPort() != 0 || attempt >= KAFKA_ATTEMPTS) {
					throw ex;
				}
				System.err.println("devstack: Kafka did not start (" + ex + "), trying other ports");
			}
		}
	}

	private static Path kafkaDataDir(Settings settings, int attempt) {
		return settings.workDir().resolve("kafka-" + attempt);
	}

	/**
	 * Records in Kafka whose schemas the registry would not have: written by a registry
	 * that kept them in memory (or before the registry kept them in Kafka). A fresh
	 * registry would give their schema ids to other schemas.
	 */
	private static void refuseRecordsWithoutSchemas(Path kafkaDataDir, SchemaStorage schemaStorage) throws IOException {
		Set<String> topics = new HashSet<>(KafkaBroker.topicsOnDisk(kafkaDataDir));
		topics.remove("__cluster_metadata");
		boolean schemasKept = schemaStorage == SchemaStorage.KAFKA
				&& topics.contains(SchemaRegistryServer.JOURNAL_TOPIC);
		if (!topics.isEmpty() && !schemasKept) {
			throw new IllegalStateException("The Kafka data in " + kafkaDataDir + " has records but "
					+ ((schemaStorage == SchemaStorage.KAFKA) ? "no schema registry journal"
							: "the registry would keep its schemas in memory")
					+ ": their schema ids would point to other schemas. Delete " + kafkaDataDir
					+ " (or use another work dir) to start both afresh.");
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
		if (this.mongo == null) {
			throw new IllegalStateException("This stack was started without its MongoDB-wire store");
		}
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
