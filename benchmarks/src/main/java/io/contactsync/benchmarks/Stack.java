package io.contactsync.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What every system shares: one Kafka broker (with the schema registry as its child
 * process, from {@code devstack --no-mongo}) and one MongoDB-wire store in a JVM of its
 * own, so that the CPU of each can be read apart.
 *
 * @param store the store's JVM
 * @param broker the broker's JVM (the registry runs in a child of it)
 * @param mongoUri the store
 * @param bootstrapServers the broker
 * @param registryUrl the registry's Apicurio v3 API
 */
record Stack(ChildProcess store, ChildProcess broker, String mongoUri, String bootstrapServers,
		String registryUrl) implements AutoCloseable {

	private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

	static Stack start(Path devstackJar, String storeHeap, Path workDir, Pids pids) {
		List<String> storeCommand = new ArrayList<>(List.of(ChildProcess.java(), "-Xmx" + storeHeap));
		storeCommand.addAll(ChildProcess.flags("STORE_JAVA_OPTS"));
		storeCommand.addAll(
				List.of("-cp", devstackJar.toString(), "-Dloader.main=io.contactsync.devstack.MongoWireServerCommand",
						"org.springframework.boot.loader.launch.PropertiesLauncher", "--port", "0"));
		ChildProcess store = ChildProcess.start("store", storeCommand, workDir.resolve("store.log"), pids);
		ChildProcess broker = null;
		try {
			broker = ChildProcess.start("broker",
					List.of(ChildProcess.java(), "-Xmx1g", "-jar", devstackJar.toString(), "--no-mongo", "--kafka-port",
							"0", "--registry-port", "0", "--work-dir", workDir.resolve("devstack").toString()),
					workDir.resolve("broker.log"), pids);
			String mongoUri = store.awaitOutput(Pattern.compile("MongoDB URI (\\S+)"), START_TIMEOUT);
			String bootstrap = broker.awaitOutput(Pattern.compile("Kafka bootstrap servers\\s+(\\S+)"), START_TIMEOUT);
			String registry = broker.awaitOutput(Pattern.compile("Schema registry \\(serdes\\)\\s+(\\S+)"),
					START_TIMEOUT);
			broker.recordDescendants();
			return new Stack(store, broker, mongoUri, bootstrap, registry);
		}
		catch (RuntimeException ex) {
			store.close();
			if (broker != null) {
				broker.close();
			}
			throw ex;
		}
	}

	/** The registry's JVM, a child of the broker's. */
	double registryCpuSeconds() {
		return this.broker.treeCpuSeconds() - this.broker.ownCpuSeconds();
	}

	@Override
	public void close() {
		this.broker.close();
		this.store.close();
	}

}
