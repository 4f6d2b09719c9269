package io.contactsync.worker.pipeline;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.contactsync.contracts.ContactEvent;
import io.contactsync.contracts.ContactEventType;
import io.contactsync.contracts.ContactUpsertCommand;
import io.contactsync.contracts.IdentifierKind;
import io.contactsync.worker.Endpoints;
import io.contactsync.worker.TopicClient;
import io.contactsync.worker.WorkerInstance;
import io.contactsync.worker.deadletter.DeadLetters;
import io.contactsync.worker.merge.TenantId;
import io.contactsync.worker.store.StoredContact;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static io.contactsync.worker.pipeline.AvroCommands.T0;
import static io.contactsync.worker.pipeline.AvroCommands.command;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole worker end to end against a real broker, registry and store (see the
 * subclasses for which). One worker per class; every test works in its own tenant.
 */
abstract class WorkerEndToEndTests {

	private static final WorkerInstance.Topology topology = WorkerInstance.Topology.fresh("e2e");

	private static WorkerInstance worker;

	private static TopicClient topics;

	static void startWorker(Endpoints stack) {
		topics = new TopicClient(stack);
		worker = WorkerInstance.start(stack, topology, Map.of());
	}

	@AfterAll
	static void stopWorker() {
		if (worker != null) {
			worker.close();
			topics.close();
		}
	}

	@Test
	void createsAContactAndEmitsACreatedEvent() {
		String tenant = AvroCommands.tenant();
		ContactUpsertCommand create = command(tenant, T0).setEmail(" Rosan@Deos.com ")
			.setPhone("+1 888-888-8881")
			.setFirstName("Rosan")
			.build();

		topics.publish(topology.commands(), create);

		ContactEvent created = awaitEvents(tenant, 1).get(0);
		assertThat(created.getEventType()).isEqualTo(ContactEventType.CREATED);
		assertThat(created.getCausationId()).isEqualTo(create.getCommandId());
		assertThat(created.getContactVersion()).isEqualTo(1);
		assertThat(created.getContact().getEmail()).isEqualTo("rosan@deos.com");
		assertThat(created.getContact().getPhone()).isEqualTo("+18888888881");
		assertThat(created.getChanges()).extracting("field").contains("email", "phone", "firstName");
		assertThat(contacts(tenant)).hasSize(1);
	}

	@Test
	void updatesByEmailAndThenByPhone() {
		String tenant = AvroCommands.tenant();
		topics.publish(topology.commands(),
				command(tenant, T0).setEmail("ann@example.org").setPhone("(415) 555-2671").build());
		topics.publish(topology.commands(),
				command(tenant, T0.plusSeconds(1)).setEmail("ANN@example.org").setCity("Oakland").build());
		// Keyed by phone: may land on another partition and be merged before the others.
		topics.publish(topology.commands(),
				command(tenant, T0.plusSeconds(2)).setPhone("+1 415 555 2671").setJobTitle("CTO").build());

		List<ContactEvent> events = awaitEvents(tenant, 3);
		assertThat(events).extracting(ContactEvent::getEventType)
			.containsExactly(ContactEventType.CREATED, ContactEventType.UPDATED, ContactEventType.UPDATED);
		assertThat(events).extracting(ContactEvent::getContactId).containsOnly(events.get(0).getContactId());
		var last = events.get(2).getContact();
		assertThat(last.getVersion()).isEqualTo(3);
		assertThat(last.getEmail()).isEqualTo("ann@example.org");
		assertThat(last.getPhone()).isEqualTo("+14155552671");
		assertThat(last.getCity()).isEqualTo("Oakland");
		assertThat(last.getJobTitle()).isEqualTo("CTO");
		assertThat(contacts(tenant)).hasSize(1);
	}

	@Test
	void reportsACollisionInTheEventAndLeavesThePhoneWithItsOwner() {
		String tenant = AvroCommands.tenant();
		topics.publish(topology.commands(),
				command(tenant, T0).setEmail("a@example.org").setPhone("+1 415 555 0001").build());
		topics.publish(topology.commands(),
				command(tenant, T0).setEmail("b@example.org").setPhone("+1 415 555 0002").build());
		awaitEvents(tenant, 2);

		topics.publish(topology.commands(),
				command(tenant, T0.plusSeconds(5)).setEmail("a@example.org")
					.setPhone("+1 415 555 0002")
					.setCompanyName("Acme")
					.build());

		ContactEvent update = awaitEvents(tenant, 3).get(2);
		assertThat(update.getContact().getEmail()).isEqualTo("a@example.org");
		assertThat(update.getContact().getPhone()).isEqualTo("+14155550001");
		assertThat(update.getContact().getCompanyName()).isEqualTo("Acme");
		String ownerOfB = contacts(tenant).stream()
			.filter((c) -> c.contact().email().orElseThrow().equals("b@example.org"))
			.findFirst()
			.orElseThrow()
			.contact()
			.id()
			.value();
		assertThat(update.getIgnoredIdentifiers()).singleElement().satisfies((ignored) -> {
			assertThat(ignored.getKind()).isEqualTo(IdentifierKind.PHONE);
			assertThat(ignored.getValue()).isEqualTo("+14155550002");
			assertThat(ignored.getOwnerContactId()).isEqualTo(ownerOfB);
		});
	}

	@Test
	void duplicateDeliveryProducesNoSecondEvent() {
		String tenant = AvroCommands.tenant();
		ContactUpsertCommand once = command(tenant, T0).setEmail("dup@example.org").setFirstName("Dup").build();
		topics.publish(topology.commands(), once);
		topics.publish(topology.commands(), once);
		// A marker after the duplicate: when its event is out, the duplicate was
		// processed.
		topics.publish(topology.commands(),
				command(tenant, T0.plusSeconds(1)).setEmail("dup@example.org").setLastName("Marker").build());

		List<ContactEvent> events = awaitEvents(tenant, 2);
		assertThat(events).extracting(ContactEvent::getCausationId).doesNotHaveDuplicates();
		assertThat(events.get(1).getContact().getLastName()).isEqualTo("Marker");
		assertThat(topics.events(topology.events()).stream().filter((e) -> e.getTenantId().equals(tenant)).toList())
			.hasSize(2);
	}

	@Test
	void staleCommandChangesNothing() {
		String tenant = AvroCommands.tenant();
		topics.publish(topology.commands(),
				command(tenant, T0).setEmail("stale@example.org").setFirstName("Newer").build());
		topics.publish(topology.commands(),
				command(tenant, T0.minus(Duration.ofDays(1))).setEmail("stale@example.org")
					.setFirstName("Older")
					.build());
		topics.publish(topology.commands(),
				command(tenant, T0.plusSeconds(1)).setEmail("stale@example.org").setCity("Marker").build());

		List<ContactEvent> events = awaitEvents(tenant, 2);
		assertThat(events.get(1).getContact().getCity()).isEqualTo("Marker");
		assertThat(events.get(1).getContact().getFirstName()).isEqualTo("Newer");
		assertThat(contacts(tenant)).singleElement()
			.satisfies((c) -> assertThat(c.contact().value(io.contactsync.worker.merge.ContactField.FIRST_NAME))
				.contains("Newer"));
	}

	@Test
	void invalidAndUndecodableCommandsGoToTheDeadLetterTopicWithTheirBytesWhileLaterOnesApply() {
		String tenant = AvroCommands.tenant();
		ContactUpsertCommand invalid = command(tenant, T0).setEmail("not-an-email").build();
		byte[] garbage = "definitely not avro".getBytes(StandardCharsets.UTF_8);
		var invalidAt = topics.publish(topology.commands(), tenant + "|bad", invalid);
		var garbageAt = topics.publishRaw(topology.commands(), tenant + "|bad", garbage);
		topics.publish(topology.commands(), tenant + "|bad", command(tenant, T0).setEmail("good@example.org").build());

		assertThat(awaitEvents(tenant, 1).get(0).getContact().getEmail()).isEqualTo("good@example.org");
		List<ConsumerRecord<String, byte[]>> dead = await().atMost(Duration.ofSeconds(30))
			.until(() -> topics.rawRecords(topology.deadLetters())
				.stream()
				.filter((r) -> (tenant + "|bad").equals(r.key()))
				.toList(), (records) -> records.size() == 2);

		ConsumerRecord<String, byte[]> rejected = dead.stream()
			.filter((r) -> header(r, DeadLetters.REASON_HEADER).equals("REJECTED"))
			.findFirst()
			.orElseThrow();
		assertThat(header(rejected, DeadLetters.DETAIL_HEADER)).isEqualTo("email is not a valid email address")
			.doesNotContain("not-an-email");
		assertThat(header(rejected, DeadLetters.ORIGIN_HEADER))
			.isEqualTo(topology.commands() + "-" + invalidAt.partition() + "@" + invalidAt.offset());
		assertThat(header(rejected, "kafka_dlt-original-topic")).isEqualTo(topology.commands());
		// The original bytes: Confluent wire format (magic byte 0 + schema id + Avro).
		assertThat(rejected.value()[0]).isZero();

		ConsumerRecord<String, byte[]> undecodable = dead.stream()
			.filter((r) -> header(r, DeadLetters.REASON_HEADER).equals("UNDECODABLE"))
			.findFirst()
			.orElseThrow();
		assertThat(undecodable.value()).isEqualTo(garbage);
		assertThat(header(undecodable, DeadLetters.ORIGIN_HEADER))
			.isEqualTo(topology.commands() + "-" + garbageAt.partition() + "@" + garbageAt.offset());
	}

	@Test
	void exposesItsMetricsForPrometheusAndItsHealth() throws Exception {
		String tenant = AvroCommands.tenant();
		topics.publish(topology.commands(), command(tenant, T0).setEmail("metrics@example.org").build());
		awaitEvents(tenant, 1);

		String prometheus = worker.http("/actuator/prometheus");
		assertThat(prometheus).contains("contactsync_commands_total{", "outcome=\"created\"")
			.contains("contactsync_batch_duration_seconds_count", "contactsync_event_lag_seconds_count",
					"contactsync_events_published_total");
		var health = new tools.jackson.databind.ObjectMapper().readTree(worker.http("/actuator/health"));
		assertThat(health.path("status").asString()).isEqualTo("UP");
		assertThat(health.path("components").path("kafka").path("status").asString()).isEqualTo("UP");
		assertThat(health.path("components").path("mongo").path("status").asString()).isEqualTo("UP");
	}

	private static String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : "";
	}

	private static List<ContactEvent> awaitEvents(String tenant, int count) {
		return await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> topics.events(topology.events())
				.stream()
				.filter((e) -> e.getTenantId().equals(tenant))
				.sorted(java.util.Comparator.comparing(ContactEvent::getRecordedAt)
					.thenComparing(ContactEvent::getContactVersion))
				.toList(), (events) -> events.size() >= count);
	}

	private static List<StoredContact> contacts(String tenant) {
		return worker.store().findAll(new TenantId(tenant));
	}

}
