package io.contactsync.worker.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.contactsync.contracts.ContactEvent;
import io.contactsync.devstack.DevStackExtension;
import io.contactsync.worker.EmbeddedWorker;
import io.contactsync.worker.Endpoints;
import io.contactsync.worker.TopicClient;
import io.contactsync.worker.WorkerInstance;
import io.contactsync.worker.merge.Contact;
import io.contactsync.worker.merge.TenantId;
import io.contactsync.worker.outbox.PendingEvent;
import io.contactsync.worker.store.StoredContact;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SIGTERM to a worker process in the middle of its work: it finishes the batch in hand
 * and exits; a worker started afterwards ends in the serial state with every outbox
 * empty, so no command and no event was lost.
 */
class WorkerShutdownIntegrationTests {

	@Test
	void sigtermMidBatchLosesNothing() throws Exception {
		Endpoints stack = Endpoints.of(DevStackExtension.shared());
		WorkerInstance.Topology topology = WorkerInstance.Topology.fresh("sigterm");
		String tenant = AvroCommands.tenant();
		List<Workload.Record> records = Workload.generate(23, tenant, 40, 1200);
		Path log = Files.createTempFile("worker-sigterm", ".log");
		Process process = start(stack, topology, log);
		try (TopicClient topics = new TopicClient(stack);
				WorkerInstance reader = WorkerInstance.start(stack, readerOf(topology),
						Map.of("contact-sync.pipeline.listen", "false"))) {
			publish(topics, topology, records.subList(0, 200));
			await().atMost(Duration.ofSeconds(90)).until(() -> reader.store().count(new TenantId(tenant)) > 0);
			// Commands keep coming while the worker stops: it is in the middle of a
			// batch, or about to poll one.
			Thread publisher = Thread.ofVirtual()
				.start(() -> publish(topics, topology, records.subList(200, records.size())));
			await().atMost(Duration.ofSeconds(30)).until(() -> reader.store().count(new TenantId(tenant)) > 20);
			process.destroy();
			publisher.join();
		}

		assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exited within 60 s of SIGTERM").isTrue();
		// 143: the JVM's status after SIGTERM once its shutdown hooks have run.
		assertThat(process.exitValue()).isIn(0, 143);
		String output = Files.readString(log);
		assertThat(output).doesNotContain("Error handler threw").doesNotContain("OutOfMemoryError");

		try (TopicClient topics = new TopicClient(stack);
				WorkerInstance second = WorkerInstance.start(stack, topology,
						Map.of("contact-sync.pipeline.leftover-grace", "1s"))) {
			Map<String, Workload.State> expected = Workload.serial(records);
			await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
				List<StoredContact> stored = second.store().findAll(new TenantId(tenant));
				List<Contact> contacts = new ArrayList<>();
				stored.forEach((contact) -> contacts.add(contact.contact()));
				assertThat(Workload.byEmail(contacts)).isEqualTo(expected);
				// Every event still in an outbox has been published: none was lost.
				List<String> published = topics.events(topology.events())
					.stream()
					.map(ContactEvent::getEventId)
					.toList();
				assertThat(stored).allSatisfy((contact) -> assertThat(published)
					.containsAll(contact.outbox().stream().map(PendingEvent::eventId).toList()));
			});
		}
	}

	private static void publish(TopicClient topics, WorkerInstance.Topology topology, List<Workload.Record> records) {
		for (Workload.Record record : records) {
			topics.publish(topology.commands(), record.key(), record.command());
		}
	}

	/** The same topics and database under another group: it only reads the store. */
	private static WorkerInstance.Topology readerOf(WorkerInstance.Topology topology) {
		return new WorkerInstance.Topology(topology.commands(), topology.events(), topology.deadLetters(),
				topology.state(), topology.group() + "-reader", topology.database());
	}

	private static Process start(Endpoints stack, WorkerInstance.Topology topology, Path log) throws IOException {
		Path jar;
		try (Stream<Path> files = Files.list(Path.of("target"))) {
			jar = files.filter((file) -> file.getFileName().toString().matches("worker-.*-exec\\.jar"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("build the worker jar first (mvn package)"));
		}
		String java = ProcessHandle.current().info().command().orElse("java");
		List<String> command = new ArrayList<>(List.of(java, "-Xmx512m",
				"-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.contactsync.contracts", "-jar", jar.toString()));
		Map<String, String> properties = Map.of("spring.kafka.bootstrap-servers", stack.bootstrapServers(),
				"spring.kafka.consumer.group-id", topology.group(), "spring.mongodb.uri",
				EmbeddedWorker.withDatabase(stack.mongoUri(), topology.database()), "contact-sync.registry.url",
				stack.registryUrl(), "contact-sync.pipeline.commands-topic", topology.commands(),
				"contact-sync.pipeline.events-topic", topology.events(), "contact-sync.pipeline.dead-letter-topic",
				topology.deadLetters(), "contact-sync.pipeline.state-topic", topology.state(), "server.port", "0");
		command.addAll(properties.entrySet()
			.stream()
			.map((entry) -> "--" + entry.getKey() + "=" + entry.getValue())
			.collect(Collectors.toList()));
		return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
	}

}
