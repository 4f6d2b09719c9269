package io.contactsync.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One system of the comparison: how to start it as a process on a run's fresh database
 * and group, and which group and collection tell that it is done.
 */
sealed interface Contender permits Contender.SinkConnector, Contender.PlainConsumer, Contender.Worker {

	/** The collection every system writes the people to. */
	String COLLECTION = "contacts";

	/** Name on the command line, e.g. {@code connector-2}. */
	String id();

	/** Name in the tables. */
	String label();

	/** The consumer group whose committed offsets say the run is done. */
	String group(Run run);

	/** Creates what the system expects to find, before the clock starts. */
	default void prepare(Run run, Probes probes) {
	}

	/** Starts the system's process: the clock starts here. */
	ChildProcess start(Run run);

	/** After the run: anything the reader should know, e.g. records dead-lettered. */
	default String check(Run run, Probes probes) {
		return "";
	}

	static Contender parse(String id) {
		return switch (id) {
			case "connector-1" -> new SinkConnector(1);
			case "connector-2" -> new SinkConnector(2);
			case "plain" -> new PlainConsumer();
			case "worker" -> new Worker();
			default -> throw new IllegalArgumentException(
					"unknown system '" + id + "': use connector-1, connector-2, plain or worker");
		};
	}

	/**
	 * Jars and directories the systems run from.
	 *
	 * @param workerJar the worker's executable jar
	 * @param benchmarksJar this module's executable jar (the plain consumer)
	 * @param connectClasspath Kafka Connect's class path
	 * @param connectPlugins the directory holding the connector's jar
	 */
	record Tools(Path workerJar, Path benchmarksJar, String connectClasspath, Path connectPlugins) {
	}

	/**
	 * One run of one system.
	 *
	 * @param name unique per run: names its group, database, topics and connector
	 * @param dir its files and logs
	 * @param stack the shared broker and store
	 * @param avroTopic the commands as Avro
	 * @param jsonTopic the same commands as JSON
	 * @param tools what to run
	 * @param pids where to record the processes it starts
	 */
	record Run(String name, Path dir, Stack stack, String avroTopic, String jsonTopic, Tools tools, Pids pids) {

		/** A fresh database per run; the store frees it afterwards. */
		String database() {
			return this.name.replace('-', '_');
		}

	}

	/**
	 * The MongoDB Kafka sink connector in Kafka Connect standalone, with the settings of
	 * the peer figures in PLATFORM.md: replace by email, JSON without schemas.
	 */
	record SinkConnector(int tasks) implements Contender {

		@Override
		public String id() {
			return "connector-" + this.tasks;
		}

		@Override
		public String label() {
			return "connector, " + this.tasks + ((this.tasks == 1) ? " task" : " tasks");
		}

		@Override
		public String group(Run run) {
			// Kafka Connect names a sink connector's group after the connector.
			return "connect-" + run.name();
		}

		@Override
		public void prepare(Run run, Probes probes) {
			probes.createUniqueIndex(run.database(), COLLECTION, "email");
		}

		@Override
		public ChildProcess start(Run run) {
			Map<String, String> worker = Map.of("bootstrap.servers", run.stack().bootstrapServers(), "key.converter",
					"org.apache.kafka.connect.storage.StringConverter", "value.converter",
					"org.apache.kafka.connect.json.JsonConverter", "value.converter.schemas.enable", "false",
					"offset.storage.file.filename", run.dir().resolve("connect.offsets").toString(),
					// The default, 60 s, would dominate a run of seconds.
					"offset.flush.interval.ms", "1000", "plugin.path", run.tools().connectPlugins().toString(),
					"listeners", "http://127.0.0.1:" + freePort());
			String strategies = "com.mongodb.kafka.connect.sink.";
			Map<String, String> connector = Map.ofEntries(Map.entry("name", run.name()),
					Map.entry("connector.class", "com.mongodb.kafka.connect.MongoSinkConnector"),
					Map.entry("tasks.max", Integer.toString(this.tasks)), Map.entry("topics", run.jsonTopic()),
					Map.entry("connection.uri", run.stack().mongoUri()), Map.entry("database", run.database()),
					Map.entry("collection", COLLECTION),
					Map.entry("document.id.strategy", strategies + "processor.id.strategy.PartialValueStrategy"),
					Map.entry("document.id.strategy.partial.value.projection.type", "AllowList"),
					Map.entry("document.id.strategy.partial.value.projection.list", "email"),
					Map.entry("document.id.strategy.overwrite.existing", "true"),
					Map.entry("writemodel.strategy", strategies + "writemodel.strategy.ReplaceOneBusinessKeyStrategy"));
			Path workerFile = write(run.dir().resolve("worker.properties"), worker);
			Path connectorFile = write(run.dir().resolve("connector.properties"), connector);
			return ChildProcess.start(id(), List.of(ChildProcess.java(), "-Xmx2g", "-cp",
					run.tools().connectClasspath(), "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
					"-Dorg.slf4j.simpleLogger.showDateTime=true", "org.apache.kafka.connect.cli.ConnectStandalone",
					workerFile.toString(), connectorFile.toString()), run.dir().resolve("connect.log"), run.pids());
		}

	}

	/**
	 * The ceiling: a consumer that writes each poll as one unordered bulk of
	 * replace-by-email upserts, then commits. See {@link PlainSink}.
	 */
	record PlainConsumer() implements Contender {

		@Override
		public String id() {
			return "plain";
		}

		@Override
		public String label() {
			return "plain consumer";
		}

		@Override
		public String group(Run run) {
			return run.name();
		}

		@Override
		public void prepare(Run run, Probes probes) {
			probes.createUniqueIndex(run.database(), COLLECTION, "email");
		}

		@Override
		public ChildProcess start(Run run) {
			return ChildProcess.start(id(), List.of(ChildProcess.java(), "-Xmx1g", "-cp",
					run.tools().benchmarksJar().toString(), "-Dloader.main=" + PlainSink.class.getName(),
					"org.springframework.boot.loader.launch.PropertiesLauncher", "--bootstrap-servers",
					run.stack().bootstrapServers(), "--topic", run.jsonTopic(), "--group", group(run), "--mongo-uri",
					run.stack().mongoUri(), "--database", run.database(), "--collection", COLLECTION),
					run.dir().resolve("plain.log"), run.pids());
		}

	}

	/** Our worker's executable jar as it is, at its defaults. */
	record Worker() implements Contender {

		@Override
		public String id() {
			return "worker";
		}

		@Override
		public String label() {
			return "worker";
		}

		@Override
		public String group(Run run) {
			return run.name();
		}

		@Override
		public ChildProcess start(Run run) {
			List<String> command = new ArrayList<>(List.of(ChildProcess.java(), "-Xmx4g"));
			// Extra flags for a profile, e.g. -XX:StartFlightRecording=filename=w.jfr
			command.addAll(ChildProcess.flags("WORKER_JAVA_OPTS"));
			command.addAll(List.of("-jar", run.tools().workerJar().toString()));
			command.addAll(List.of("--spring.kafka.bootstrap-servers=" + run.stack().bootstrapServers(),
					"--spring.mongodb.uri=" + run.stack().mongoUri() + "/" + run.database(),
					"--contact-sync.registry.url=" + run.stack().registryUrl(),
					"--contact-sync.pipeline.commands-topic=" + run.avroTopic(),
					"--contact-sync.pipeline.events-topic=" + run.name() + "-events",
					"--contact-sync.pipeline.state-topic=" + run.name() + "-state",
					"--contact-sync.pipeline.dead-letter-topic=" + run.name() + "-dlt",
					"--spring.kafka.consumer.group-id=" + group(run), "--server.port=0"));
			return ChildProcess.start(id(), command, run.dir().resolve("worker.log"), run.pids());
		}

		@Override
		public String check(Run run, Probes probes) {
			long deadLetters = probes.records(run.name() + "-dlt");
			return "dead letters " + deadLetters + ((deadLetters == 0) ? "" : " (the workload should have none)");
		}

	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("no free local port", ex);
		}
	}

	private static Path write(Path file, Map<String, String> properties) {
		try {
			Files.createDirectories(file.getParent());
			Files.writeString(file,
					properties.entrySet()
						.stream()
						.sorted(Map.Entry.comparingByKey())
						.map((e) -> e.getKey() + "=" + e.getValue())
						.collect(Collectors.joining("\n", "", "\n")));
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
