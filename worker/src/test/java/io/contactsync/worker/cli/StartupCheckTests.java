package io.contactsync.worker.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The start-up check against closed local ports: what an operator reads when nothing runs
 * where the worker looks. {@code StartupCheckIntegrationTests} checks each service alone,
 * with the other two up.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupCheckTests {

	private final int closed = closedPort();

	@Test
	void namesEveryUnreachableServiceWithItsAddressAndPropertyInsteadOfAStackTrace(CapturedOutput output) {
		assertThat(start("--spring.kafka.bootstrap-servers=localhost:" + this.closed,
				"--contact-sync.registry.url=http://localhost:" + this.closed + "/apis/registry/v3",
				"--spring.mongodb.uri=mongodb://localhost:" + this.closed + "/contactsync"))
			.hasValue(1);
		assertThat(output)
			.contains("APPLICATION FAILED TO START",
					"Cannot reach Kafka at localhost:" + this.closed
							+ " (spring.kafka.bootstrap-servers): connection refused.",
					"Cannot reach the schema registry at localhost:" + this.closed
							+ " (contact-sync.registry.url): connection refused.",
					"Cannot reach MongoDB at localhost:" + this.closed + " (spring.mongodb.uri): connection refused.")
			.doesNotContain(ServicesUnreachableException.class.getSimpleName(), "\tat ", "Application run failed");
	}

	@Test
	void neverPrintsTheCredentialsOfAUri(CapturedOutput output) {
		start("--spring.mongodb.uri=mongodb://alice:s3cret@localhost:" + this.closed + "/db?authSource=admin",
				"--contact-sync.registry.url=https://bob:hunter2@localhost:" + this.closed + "/apis/registry/v3");
		assertThat(output)
			.contains("Cannot reach MongoDB at localhost:" + this.closed + " (spring.mongodb.uri)",
					"Cannot reach the schema registry at localhost:" + this.closed + " (contact-sync.registry.url)")
			.doesNotContain("s3cret", "alice", "hunter2", "bob");
	}

	@Test
	void namesTheConsumersOwnServersWhenTheyOverrideTheCommonOnes() {
		Service kafka = Service
			.kafka(binder(Map.of("spring.kafka.bootstrap-servers", "localhost:9092",
					"spring.kafka.consumer.bootstrap-servers", "broker-1:9093,SASL_SSL://broker-2:9094")))
			.orElseThrow();
		assertThat(kafka.property()).isEqualTo("spring.kafka.consumer.bootstrap-servers");
		assertThat(kafka.addresses()).extracting(Service.Address::toString)
			.containsExactly("broker-1:9093", "broker-2:9094");
	}

	@Test
	void readsMongoHostsWithTheirDefaultPortAndTheDefaultsWhenNothingIsSet() {
		Service mongo = Service.mongo(binder(Map.of("spring.mongodb.uri", "mongodb://u:p@db-1,db-2:27018,[::1]/x")))
			.orElseThrow();
		assertThat(mongo.addresses()).extracting(Service.Address::toString)
			.containsExactlyInAnyOrder("db-1:27017", "db-2:27018", "[::1]:27017");
		assertThat(Service.all(binder(Map.of())))
			.extracting(Service::property, (service) -> service.addresses().toString())
			.containsExactly(tuple("spring.kafka.bootstrap-servers", "[localhost:9092]"),
					tuple("contact-sync.registry.url", "[localhost:8081]"),
					tuple("spring.mongodb.host", "[localhost:27017]"));
	}

	@Test
	void aServiceIsReachableWhenAnyOfItsAddressesAnswers() throws IOException {
		try (ServerSocket open = new ServerSocket(0)) {
			Service kafka = new Service("Kafka", "spring.kafka.bootstrap-servers",
					List.of(new Service.Address("localhost", this.closed),
							new Service.Address("localhost", open.getLocalPort())));
			assertThat(StartupCheck.unreachable(List.of(kafka), Duration.ofSeconds(2))).isEmpty();
		}
	}

	@Test
	void saysWhyInAFewWords() {
		assertThat(StartupCheck.connect(new Service.Address("localhost", this.closed), Duration.ofSeconds(2)))
			.hasValue("connection refused");
		assertThat(StartupCheck.connect(new Service.Address("no-such-host.invalid", 9092), Duration.ofSeconds(2)))
			.hasValue("unknown host");
		assertThat(StartupSettings.format(Duration.ofSeconds(10))).isEqualTo("10s");
		assertThat(StartupSettings.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
	}

	private static Binder binder(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties));
	}

	/** The command line on an application the check stops before it starts. */
	private static OptionalInt start(String... args) {
		return new WorkerCommand(() -> new SpringApplicationBuilder(Object.class).web(WebApplicationType.NONE))
			.execute(args);
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
