package io.contactsync.worker.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.contactsync.contracts.ContactEvent;
import io.contactsync.contracts.ContactUpsertCommand;
import io.contactsync.devstack.DevStackExtension;
import io.contactsync.worker.Endpoints;
import io.contactsync.worker.TopicClient;
import io.contactsync.worker.WorkerInstance;
import io.contactsync.worker.events.ContactEvents;
import io.contactsync.worker.events.EventEncoder;
import io.contactsync.worker.merge.ContactChange;
import io.contactsync.worker.merge.Created;
import io.contactsync.worker.merge.MergeEngine;
import io.contactsync.worker.merge.NormalizedCommand;
import io.contactsync.worker.merge.TenantId;
import io.contactsync.worker.outbox.Origin;
import io.contactsync.worker.outbox.PendingEvent;
import io.contactsync.worker.store.ContactWrite;
import io.contactsync.worker.store.StoredContact;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

import static io.contactsync.worker.pipeline.AvroCommands.T0;
import static io.contactsync.worker.pipeline.AvroCommands.command;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker that crashed after storing a change but before publishing its event leaves the
 * event in the contact's outbox and its batch uncommitted. Nothing is lost: the batch is
 * delivered again, its command now changes nothing, and the worker publishes the stored
 * event of that very record; the contact's next write drops the entry once it is out.
 */
class OutboxRecoveryIntegrationTests {

	@Test
	void aRedeliveredBatchPublishesTheEventItsCrashedFirstTryStored() {
		Endpoints stack = Endpoints.of(DevStackExtension.shared());
		WorkerInstance.Topology topology = WorkerInstance.Topology.fresh("outbox");
		String tenant = AvroCommands.tenant();
		try (TopicClient topics = new TopicClient(stack)) {
			ContactUpsertCommand first = command(tenant, T0).setEmail("left@example.org").build();
			RecordMetadata sent = topics.publish(topology.commands(), first);
			PendingEvent leftBehind;
			// What the crashed worker left: the change stored with its (young) event,
			// nothing published, no offset committed. Written through a worker that
			// does not consume, so the real one finds it on its first poll.
			try (WorkerInstance crashed = WorkerInstance.start(stack, topology,
					Map.of("contact-sync.pipeline.listen", "false"))) {
				leftBehind = storeAsACrashedWorkerWould(crashed, first,
						new Origin(topology.group(), topology.commands(), sent.partition(), sent.offset()));
			}

			try (WorkerInstance worker = WorkerInstance.start(stack, topology, Map.of())) {
				await().atMost(Duration.ofSeconds(30))
					.until(() -> idsOf(topics.events(topology.events())).contains(leftBehind.eventId()));
				topics.publish(topology.commands(),
						command(tenant, T0.plusSeconds(1)).setEmail("left@example.org").setFirstName("Ann").build());
				await().atMost(Duration.ofSeconds(30))
					.until(() -> onlyContact(worker, tenant).contact().version() == 2);

				// Published once: the redelivered command itself changed nothing.
				assertThat(idsOf(topics.events(topology.events()))).filteredOn((id) -> id.equals(leftBehind.eventId()))
					.hasSize(1);
				// Its batch is out, so the next write left it behind.
				assertThat(onlyContact(worker, tenant).outbox()).extracting(PendingEvent::eventId)
					.doesNotContain(leftBehind.eventId())
					.hasSize(1);
			}
		}
	}

	private static PendingEvent storeAsACrashedWorkerWould(WorkerInstance worker, ContactUpsertCommand avro,
			Origin origin) {
		MergeEngine engine = worker.bean(MergeEngine.class);
		Instant now = Instant.now();
		NormalizedCommand command = (NormalizedCommand) engine.normalize(CommandMapping.toDomain(avro), now);
		Created created = (Created) engine.apply(command, List.of(), now);
		ContactChange change = ContactChange.of(true, command, created.changes(), created.ignored());
		ContactEvent event = ContactEvents.event(change, created.contact(), now, false);
		byte[] wire = worker.bean(EventEncoder.class).event(event);
		PendingEvent entry = new PendingEvent(event.getEventId(), created.contact().version(), now, origin, change,
				false, wire, PendingEvent.Encoding.WIRE, change.occurredAt());
		// As the worker stores the event of the version it writes: its change only.
		worker.store().write(List.of(new ContactWrite(created.contact(), 0, List.of(entry.compact()))));
		return entry;
	}

	private static StoredContact onlyContact(WorkerInstance worker, String tenant) {
		List<StoredContact> all = worker.store().findAll(new TenantId(tenant));
		assertThat(all).hasSize(1);
		return all.get(0);
	}

	private static List<String> idsOf(List<ContactEvent> events) {
		return events.stream().map(ContactEvent::getEventId).toList();
	}

}
