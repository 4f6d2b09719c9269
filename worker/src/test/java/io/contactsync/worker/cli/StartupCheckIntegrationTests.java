package io.contactsync.worker.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import io.contactsync.devstack.DevStackExtension;
import io.contactsync.worker.EmbeddedWorker;
import io.contactsync.worker.Endpoints;
import io.contactsync.worker.WorkerApplication;
import io.contactsync.worker.WorkerInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real worker's command line on the devstack with one service taken away: the worker
 * names it in a sentence, within seconds, and starts nothing.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupCheckIntegrationTests {

	private static final Endpoints stack = Endpoints.of(DevStackExtension.shared());

	/** Each service, with what the command line says when only it is missing. */
	enum Missing {

		KAFKA("Kafka", "spring.kafka.bootstrap-servers"),

		REGISTRY("the schema registry", "contact-sync.registry.url"),

		MONGODB("MongoDB", "spring.mongodb.uri");

		final String name;

		final String property;

		Missing(String name, String property) {
			this.name = name;
			this.property = property;
		}

		String sentence(int port) {
			return "Cannot reach %s at localhost:%d (%s): connection refused.".formatted(this.name, port,
					this.property);
		}

	}

	@ParameterizedTest
	@EnumSource(Missing.class)
	void theWorkerNamesTheMissingServiceWithinSeconds(Missing missing, CapturedOutput output) {
		int closed = closedPort();
		long started = System.nanoTime();
		OptionalInt exitCode = WorkerCommand.execute(WorkerApplication.class, arguments("run", missing, closed));
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		assertThat(exitCode).hasValue(1);
		// Without the check, the Mongo driver gave up after 30 s.
		assertThat(took).isLessThan(Duration.ofSeconds(10));
		assertThat(output).contains(missing.sentence(closed))
			.doesNotContain(ServicesUnreachableException.class.getSimpleName(), "Application run failed");
		for (Missing other : Missing.values()) {
			if (other != missing) {
				assertThat(output).doesNotContain("Cannot reach " + other.name);
			}
		}
	}

	@Test
	void operatorCommandsCheckToo(CapturedOutput output) {
		int closed = closedPort();
		OptionalInt exitCode = WorkerCommand.execute(WorkerApplication.class,
				arguments("snapshot", Missing.MONGODB, closed));
		assertThat(exitCode).hasValue(1);
		assertThat(output).contains(Missing.MONGODB.sentence(closed))
			.doesNotContain(ServicesUnreachableException.class.getSimpleName());
	}

	@Test
	void passesWhenEveryServiceAnswers() {
		Binder binder = new Binder(
				new MapConfigurationPropertySource(Map.of("spring.kafka.bootstrap-servers", stack.bootstrapServers(),
						"contact-sync.registry.url", stack.registryUrl(), "spring.mongodb.uri", stack.mongoUri())));
		assertThat(Service.all(binder)).hasSize(3);
		assertThat(StartupCheck.unreachable(Service.all(binder), Duration.ofSeconds(10))).isEmpty();
	}

	/** The devstack's addresses, but a closed port for the missing service. */
	private static String[] arguments(String command, Missing missing, int closed) {
		WorkerInstance.Topology topology = WorkerInstance.Topology.fresh("startup");
		String closedAddress = "localhost:" + closed;
		List<String> args = new ArrayList<>(List.of(command));
		args.add("--spring.kafka.bootstrap-servers="
				+ ((missing == Missing.KAFKA) ? closedAddress : stack.bootstrapServers()));
		args.add("--contact-sync.registry.url=" + ((missing == Missing.REGISTRY)
				? "http://" + closedAddress + "/apis/registry/v3" : stack.registryUrl()));
		args.add("--spring.mongodb.uri=" + ((missing == Missing.MONGODB) ? "mongodb://" + closedAddress + "/startup"
				: EmbeddedWorker.withDatabase(stack.mongoUri(), topology.database())));
		// Should the check let one through, this worker disturbs no other test.
		args.add("--spring.kafka.consumer.group-id=" + topology.group());
		args.add("--contact-sync.pipeline.commands-topic=" + topology.commands());
		args.add("--contact-sync.pipeline.events-topic=" + topology.events());
		args.add("--contact-sync.pipeline.dead-letter-topic=" + topology.deadLetters());
		args.add("--contact-sync.pipeline.state-topic=" + topology.state());
		args.add("--server.port=0");
		return args.toArray(String[]::new);
	}

	private static int closedPort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
