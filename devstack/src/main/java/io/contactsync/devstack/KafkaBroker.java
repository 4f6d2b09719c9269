package io.contactsync.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Apache Kafka broker in KRaft mode (broker and controller in one
 * process), started from Kafka's own server jars. Data lives in {@code dataDir}; a
 * restart on the same directory keeps the topics.
 */
final class KafkaBroker implements AutoCloseable {

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

	private final KafkaRaftServer server;

	private final int port;

	private KafkaBroker(KafkaRaftServer server, int port) {
		this.server = server;
		this.port = port;
	}

	static KafkaBroker start(int port, Path dataDir) throws IOException {
		int brokerPort = (port == 0) ? FreePorts.pick() : port;
		int controllerPort = FreePorts.pick();
		Files.createDirectories(dataDir);
		Properties props = serverProperties(brokerPort, controllerPort, dataDir);
		Path config = dataDir.resolve("server.properties");
		try (var out = Files.newOutputStream(config)) {
			props.store(out, "written by contact-sync devstack");
		}
		// Formatting is idempotent with --ignore-formatted, so a restart keeps the data.
		int formatted = StorageTool.execute(
				new String[] { "format", "-t", clusterId(dataDir), "-c", config.toString(), "--ignore-formatted" },
				new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
		if (formatted != 0) {
			throw new IllegalStateException("Could not format Kafka storage in " + dataDir);
		}
		KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
		server.startup();
		KafkaBroker broker = new KafkaBroker(server, brokerPort);
		broker.awaitReady();
		return broker;
	}

	String bootstrapServers() {
		return bootstrapServers(this.port);
	}

	static String bootstrapServers(int port) {
		return "localhost:" + port;
	}

	/**
	 * Topics that have data in {@code dataDir}, read from the files: no broker needed.
	 */
	static Set<String> topicsOnDisk(Path dataDir) throws IOException {
		Path logs = dataDir.resolve("logs");
		if (!Files.isDirectory(logs)) {
			return Set.of();
		}
		try (Stream<Path> partitions = Files.list(logs)) {
			// One directory per partition, named <topic>-<partition>.
			return partitions.filter(Files::isDirectory)
				.map((dir) -> dir.getFileName().toString())
				.filter((name) -> name.matches(".+-\\d+"))
				.map((name) -> name.substring(0, name.lastIndexOf('-')))
				.collect(Collectors.toSet());
		}
	}

	private void awaitReady() {
		Instant deadline = Instant.now().plus(READY_TIMEOUT);
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
			while (true) {
				try {
					if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
						return;
					}
				}
				catch (Exception notYet) {
					if (Instant.now().isAfter(deadline)) {
						throw new IllegalStateException("Kafka broker on port " + this.port
								+ " did not become ready within " + READY_TIMEOUT.toSeconds() + "s", notYet);
					}
				}
			}
		}
	}

	private static Properties serverProperties(int brokerPort, int controllerPort, Path dataDir) {
		Properties p = new Properties();
		p.put("process.roles", "broker,controller");
		p.put("node.id", "1");
		p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
		p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
		p.put("advertised.listeners", "PLAINTEXT://localhost:" + brokerPort);
		p.put("controller.listener.names", "CONTROLLER");
		p.put("inter.broker.listener.name", "PLAINTEXT");
		p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
		p.put("log.dirs", dataDir.resolve("logs").toString());
		p.put("num.partitions", "6");
		p.put("auto.create.topics.enable", "true");
		p.put("offsets.topic.replication.factor", "1");
		p.put("offsets.topic.num.partitions", "6");
		p.put("transaction.state.log.replication.factor", "1");
		p.put("transaction.state.log.min.isr", "1");
		p.put("share.coordinator.state.topic.replication.factor", "1");
		p.put("share.coordinator.state.topic.min.isr", "1");
		p.put("group.initial.rebalance.delay.ms", "0");
		p.put("log.cleaner.backoff.ms", "1000");
		return p;
	}

	private static String clusterId(Path dataDir) throws IOException {
		Path idFile = dataDir.resolve("cluster.id");
		if (Files.exists(idFile)) {
			return Files.readString(idFile).trim();
		}
		String id = Uuid.randomUuid().toString();
		Files.writeString(idFile, id);
		return id;
	}

	@Override
	public void close() {
		this.server.shutdown();
		this.server.awaitShutdown();
	}

}
