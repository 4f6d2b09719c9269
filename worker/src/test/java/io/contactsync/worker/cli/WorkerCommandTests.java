package io.contactsync.worker.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;

import io.contactsync.contracts.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line without the worker: an application that only records its arguments
 * stands in for it, so nothing here needs a broker, a registry or a store.
 */
@ExtendWith(OutputCaptureExtension.class)
class WorkerCommandTests {

	private final AtomicInteger starts = new AtomicInteger();

	private final WorkerCommand worker = new WorkerCommand(() -> {
		this.starts.incrementAndGet();
		return new SpringApplicationBuilder(Recorder.class).web(WebApplicationType.NONE);
	});

	@ParameterizedTest
	@ValueSource(strings = { "--help", "-h", "help" })
	void helpListsTheCommandsAndTheMainPropertiesAndStartsNothing(String help, CapturedOutput output) {
		assertThat(this.worker.execute(help)).hasValue(0);
		assertThat(this.starts).hasValue(0);
		assertThat(output.getOut()).contains("Usage: worker [run]")
			.containsPattern("(?m)^  run +Runs the worker")
			.containsPattern("(?m)^  replay +Reprocesses")
			.containsPattern("(?m)^  snapshot +Republishes")
			.contains("--spring.kafka.bootstrap-servers=localhost:9092",
					"--spring.kafka.consumer.group-id=contact-sync-worker",
					"--spring.mongodb.uri=mongodb://localhost:27017/contactsync",
					"--contact-sync.registry.url=http://localhost:8081/apis/registry/v3",
					"--contact-sync.pipeline.commands-topic=" + Topics.COMMANDS,
					"--contact-sync.pipeline.events-topic=" + Topics.EVENTS,
					"--contact-sync.pipeline.dead-letter-topic=" + Topics.COMMANDS_DEAD_LETTER,
					"--contact-sync.pipeline.state-topic=" + Topics.STATE, "--contact-sync.pipeline.concurrency=2",
					"--contact-sync.startup.timeout=10s", "--server.port=8080", "docs/operations.md");
	}

	@Test
	void everyCommandsHelpListsTheProperties(CapturedOutput output) {
		for (String command : new String[] { "run", "replay", "snapshot" }) {
			assertThat(new WorkerCommand(() -> null).execute(command, "--help")).hasValue(0);
		}
		assertThat(output.getOut()).contains("Usage: worker run", "Usage: worker replay", "Usage: worker snapshot");
		assertThat(output.getOut().split("--spring.mongodb.uri=", -1)).hasSize(4);
	}

	@Test
	void versionNamesTheWorkerAndWhatItRunsOn(CapturedOutput output) {
		assertThat(this.worker.execute("--version")).hasValue(0);
		assertThat(this.starts).hasValue(0);
		assertThat(output.getOut()).startsWith("contact-sync worker ").contains("Spring Boot 4.", "Java ");
	}

	@Test
	void aMistypedCommandIsRejectedWithASuggestionInsteadOfStartingTheWorker(CapturedOutput output) {
		assertThat(this.worker.execute("replya", "--from", "2026-11-01T00:00:00Z")).hasValue(2);
		assertThat(this.starts).hasValue(0);
		assertThat(output.getErr()).contains("'replya'", "Did you mean: worker replay?");
	}

	@Test
	void runsTheWorkerWithoutACommandAndPassesSpringPropertiesThrough() {
		try (ServerSocket services = new ServerSocket(0)) {
			int port = services.getLocalPort();
			OptionalInt exitCode = this.worker.execute("--spring.kafka.bootstrap-servers=localhost:" + port,
					"--spring.mongodb.uri=mongodb://localhost:" + port + "/test",
					"--contact-sync.registry.url=http://localhost:" + port + "/apis/registry/v3", "--some.setting=42");
			try (ConfigurableApplicationContext context = Recorder.context) {
				assertThat(exitCode).as("no exit: the worker runs on").isEmpty();
				assertThat(this.starts).hasValue(1);
				assertThat(Recorder.arguments.getOptionValues("some.setting")).containsExactly("42");
				assertThat(context.getEnvironment().getProperty("some.setting")).isEqualTo("42");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Stands in for the worker: remembers how it was started. */
	@Configuration(proxyBeanMethods = false)
	static class Recorder {

		static ApplicationArguments arguments;

		static ConfigurableApplicationContext context;

		@Bean
		ApplicationRunner recorder(ConfigurableApplicationContext context) {
			return (arguments) -> {
				Recorder.arguments = arguments;
				Recorder.context = context;
			};
		}

	}

}
