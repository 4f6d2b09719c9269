package io.contactsync.worker.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.contactsync.contracts.ContactEvent;
import io.contactsync.devstack.DevStackExtension;
import io.contactsync.worker.Endpoints;
import io.contactsync.worker.TopicClient;
import io.contactsync.worker.WorkerInstance;
import io.contactsync.worker.events.ContactEvents;
import io.contactsync.worker.events.EventEncoder;
import io.contactsync.worker.outbox.PendingEvent;
import io.contactsync.worker.merge.Created;
import io.contactsync.worker.merge.MergeEngine;
import io.contactsync.worker.merge.NormalizedCommand;
import io.contactsync.worker.merge.SourceLink;
import io.contactsync.worker.merge.TenantId;
import io.contactsync.worker.merge.UpsertCommand;
import io.contactsync.worker.store.ContactStore;
import io.contactsync.worker.store.ContactWrite;

import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;

/**
 * A worker that crashed after storing a change but before publishing its event leaves the
 * event in the contact's outbox. Nothing is lost: the sweeper publishes it and clears the
 * outbox.
 */
class OutboxRecoveryIntegrationTests {

	@Test
	void sweeperPublishesAnEventLeftInAnOutboxByACrashedWorker() {
		Endpoints stack = Endpoints.of(DevStackExtension.shared());
		WorkerInstance.Topology topology = WorkerInstance.Topology.fresh("outbox");
		try (TopicClient topics = new TopicClient(stack);
				WorkerInstance worker = WorkerInstance.start(stack, topology,
						Map.of("contact-sync.outbox.min-age", "1s", "contact-sync.outbox.sweep-interval", "300ms"))) {
			// What a crashed worker leaves behind: the change stored with its event,
			// unpublished.
			ContactStore store = worker.store();
			MergeEngine engine = worker.bean(MergeEngine.class);
			Instant now = Instant.now();
			NormalizedCommand command = (NormalizedCommand) engine
				.normalize(UpsertCommand.builder("crashed-1", "tenant-outbox", new SourceLink("crm", null), now)
					.email("left@example.org")
					.build());
			Created created = (Created) engine.apply(command, List.of(), now);
			ContactEvent event = ContactEvents.event(true, created.contact(), command, created.changes(),
					created.ignored(), now, false);
			byte[] wire = worker.bean(EventEncoder.class).event(event);
			store.write(List.of(new ContactWrite(created.contact(), 0,
					List.of(new PendingEvent(event.getEventId(), event.getContactVersion(), now.minusSeconds(5), wire,
							PendingEvent.Encoding.WIRE, now, "crm/crashed-1")))));

			await().atMost(Duration.ofSeconds(30))
				.until(() -> topics.events(topology.events())
					.stream()
					.anyMatch((published) -> published.getEventId().equals(event.getEventId())));
			await().atMost(Duration.ofSeconds(10))
				.until(() -> store.findAll(new TenantId("tenant-outbox")).get(0).outbox().isEmpty());
		}
	}

}
