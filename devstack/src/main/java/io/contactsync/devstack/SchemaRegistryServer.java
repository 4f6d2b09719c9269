package io.contactsync.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The Apicurio Registry server (a Quarkus app from Maven Central) in a child JVM. It
 * speaks the Confluent-compatible API at {@code /apis/ccompat/v7}. Maven unpacks it at
 * build time into {@code .devstack/}; this class only starts it.
 *
 * <p>
 * It keeps its schemas in memory or in a journal topic on the stack's own broker
 * (Apicurio's KafkaSQL storage): see {@link DevStack.SchemaStorage}.
 */
final class SchemaRegistryServer implements AutoCloseable {

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

	private static final int ATTEMPTS = 3;

	/** The KafkaSQL journal: every change to the registry, replayed at start. */
	static final String JOURNAL_TOPIC = "kafkasql-journal";

	private Process process;

	private int port;

	private int managementPort;

	private final boolean anyPort;

	private final DevStack.SchemaStorage storage;

	private String bootstrapServers;

	private final Path logFile;

	private SchemaRegistryServer(int port, boolean anyPort, DevStack.SchemaStorage storage, String bootstrapServers,
			Path logFile) {
		this.port = port;
		this.anyPort = anyPort;
		this.storage = storage;
		this.bootstrapServers = bootstrapServers;
		this.logFile = logFile;
	}

	/**
	 * Starts the server without waiting for it; call {@link #awaitReady()} next. The
	 * broker need not be up yet: the registry waits for it.
	 */
	static SchemaRegistryServer launch(int port, DevStack.SchemaStorage storage, String bootstrapServers, Path logFile)
			throws IOException {
		SchemaRegistryServer server = new SchemaRegistryServer((port == 0) ? FreePorts.pick() : port, port == 0,
				storage, bootstrapServers, logFile);
		server.spawn();
		return server;
	}

	/** Restarts the server if it keeps its schemas on another broker than this one. */
	void useBroker(String bootstrapServers) throws IOException {
		if (this.storage == DevStack.SchemaStorage.KAFKA && !bootstrapServers.equals(this.bootstrapServers)) {
			close();
			this.bootstrapServers = bootstrapServers;
			spawn();
		}
	}

	private void spawn() throws IOException {
		// Readiness is only served on the management port; a fixed one lets us ask.
		this.managementPort = FreePorts.pick();
		this.process = spawn(this.port, this.managementPort,
				(this.storage == DevStack.SchemaStorage.KAFKA) ? kafkaSqlOptions(this.bootstrapServers) : List.of(),
				this.logFile);
	}

	private static List<String> kafkaSqlOptions(String bootstrapServers) {
		List<String> options = new ArrayList<>();
		options.add("-Dapicurio.storage.kind=kafkasql");
		options.add("-Dapicurio.kafkasql.bootstrap.servers=" + bootstrapServers);
		options.add("-Dapicurio.kafkasql.topic=" + JOURNAL_TOPIC);
		// One partition: replay sees changes in the order they were made. The
		// replication factor is Apicurio's min(3, brokers): 1 here.
		options.add("-Dapicurio.kafkasql.topic.partitions=1");
		// Start-up checks poll the journal several times with this timeout: at the
		// default 5 s the registry took 15-25 s to start instead of about 8.
		options.add("-Dapicurio.kafkasql.consumer.poll.timeout=200");
		return options;
	}

	private static Process spawn(int httpPort, int managementPort, List<String> storageOptions, Path logFile)
			throws IOException {
		Path jar = home().resolve("quarkus-run.jar");
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("Apicurio Registry is not unpacked at " + home()
					+ ". Build the devstack module once (./mvnw install -pl devstack -am -DskipTests): Maven fetches and unpacks it.");
		}
		List<String> command = new ArrayList<>();
		command.add(currentJava());
		command.add("-Xmx512m");
		// C1 only: the registry starts in half the time, and a dev registry is never hot.
		command.add("-XX:TieredStopAtLevel=1");
		command.add("-Dquarkus.http.port=" + httpPort);
		command.add("-Dquarkus.http.host=127.0.0.1");
		// Quarkus also opens a management port, 9000 by default: two stacks on one
		// machine would collide on it.
		command.add("-Dquarkus.management.port=" + managementPort);
		command.add("-Dquarkus.management.host=127.0.0.1");
		command.add("-Dquarkus.log.level=WARN");
		command.add("-Dapicurio.ccompat.max-subjects=100000");
		command.addAll(storageOptions);
		command.add("-jar");
		command.add(jar.toString());
		Files.createDirectories(logFile.getParent());
		return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
	}

	/**
	 * Waits until the registry answers. A free port can be taken by another process
	 * between picking and binding it; then the registry is started again on another one.
	 */
	void awaitReady() {
		for (int attempt = 1;; attempt++) {
			try {
				awaitAnswer();
				return;
			}
			catch (PortTakenException ex) {
				if (attempt >= ATTEMPTS) {
					throw new IllegalStateException("Apicurio Registry could not bind port " + this.port + " or "
							+ this.managementPort + " (management)", ex);
				}
				try {
					// spawn() picks a new management port; a new API port only if any
					// will do.
					if (this.anyPort) {
						this.port = FreePorts.pick();
					}
					spawn();
				}
				catch (IOException io) {
					throw new UncheckedIOException(io);
				}
			}
		}
	}

	private static final class PortTakenException extends RuntimeException {

		PortTakenException() {
			super("address already in use");
		}

	}

	private void awaitAnswer() {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		// The API answers before the journal is replayed, when it would hand out ids
		// that records already carry: readiness waits for the replay.
		List<HttpRequest> probes = List.of(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.managementPort + "/health/ready"))
					.timeout(Duration.ofSeconds(5))
					.build(),
				HttpRequest.newBuilder(URI.create(ccompatUrl() + "/subjects")).timeout(Duration.ofSeconds(5)).build());
		Instant deadline = Instant.now().plus(READY_TIMEOUT);
		while (Instant.now().isBefore(deadline)) {
			if (!this.process.isAlive()) {
				if (logMentions("Address already in use")) {
					throw new PortTakenException();
				}
				throw new IllegalStateException("Apicurio Registry exited with code " + this.process.exitValue()
						+ " during start-up; see " + this.logFile);
			}
			if (answers(http, probes)) {
				return;
			}
			sleepQuietly(Duration.ofMillis(200));
		}
		throw new IllegalStateException("Apicurio Registry on port " + this.port + " did not become ready within "
				+ READY_TIMEOUT.toSeconds() + "s; see " + this.logFile);
	}

	private static boolean answers(HttpClient http, List<HttpRequest> probes) {
		try {
			for (HttpRequest probe : probes) {
				if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
					return false;
				}
			}
			return true;
		}
		catch (IOException notYet) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for the registry", ex);
		}
	}

	private boolean logMentions(String text) {
		try {
			return Files.readString(this.logFile).contains(text);
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** Native v3 API: what the Apicurio serdes are configured with. */
	String url() {
		return "http://localhost:" + this.port + "/apis/registry/v3";
	}

	/** Confluent-compatible API: what Confluent clients and tools are configured with. */
	String ccompatUrl() {
		return "http://localhost:" + this.port + "/apis/ccompat/v7";
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(15, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	static Path home() {
		String configured = System.getProperty("devstack.registry.home", System.getenv("DEVSTACK_REGISTRY_HOME"));
		if (configured != null && !configured.isBlank()) {
			return Paths.get(configured);
		}
		Properties built = new Properties();
		try (InputStream in = SchemaRegistryServer.class.getResourceAsStream("devstack.properties")) {
			if (in == null) {
				throw new IllegalStateException("devstack.properties is missing from the devstack jar");
			}
			built.load(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return Paths.get(built.getProperty("registry.home"));
	}

	private static String currentJava() {
		return ProcessHandle.current()
			.info()
			.command()
			.orElse(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
	}

	private static void sleepQuietly(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
