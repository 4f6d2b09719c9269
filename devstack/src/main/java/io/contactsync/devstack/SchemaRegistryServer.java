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
 */
final class SchemaRegistryServer implements AutoCloseable {

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

	private static final int ATTEMPTS = 3;

	private Process process;

	private int port;

	private final boolean anyPort;

	private final Path logFile;

	private SchemaRegistryServer(Process process, int port, boolean anyPort, Path logFile) {
		this.process = process;
		this.port = port;
		this.anyPort = anyPort;
		this.logFile = logFile;
	}

	/** Starts the server without waiting for it; call {@link #awaitReady()} next. */
	static SchemaRegistryServer launch(int port, Path logFile) throws IOException {
		int httpPort = (port == 0) ? FreePorts.pick() : port;
		return new SchemaRegistryServer(spawn(httpPort, logFile), httpPort, port == 0, logFile);
	}

	private static Process spawn(int httpPort, Path logFile) throws IOException {
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
		command.add("-Dquarkus.management.port=0");
		command.add("-Dquarkus.log.level=WARN");
		command.add("-Dapicurio.ccompat.max-subjects=100000");
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
				if (!this.anyPort || attempt >= ATTEMPTS) {
					throw new IllegalStateException("Apicurio Registry could not bind port " + this.port, ex);
				}
				try {
					this.port = FreePorts.pick();
					this.process = spawn(this.port, this.logFile);
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
		HttpRequest probe = HttpRequest.newBuilder(URI.create(ccompatUrl() + "/subjects"))
			.timeout(Duration.ofSeconds(5))
			.build();
		Instant deadline = Instant.now().plus(READY_TIMEOUT);
		while (Instant.now().isBefore(deadline)) {
			if (!this.process.isAlive()) {
				if (logMentions("Address already in use")) {
					throw new PortTakenException();
				}
				throw new IllegalStateException("Apicurio Registry exited with code " + this.process.exitValue()
						+ " during start-up; see " + this.logFile);
			}
			try {
				if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					return;
				}
			}
			catch (IOException notYet) {
				// not listening yet
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for the registry", ex);
			}
			sleepQuietly(Duration.ofMillis(200));
		}
		throw new IllegalStateException("Apicurio Registry on port " + this.port + " did not become ready within "
				+ READY_TIMEOUT.toSeconds() + "s");
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
