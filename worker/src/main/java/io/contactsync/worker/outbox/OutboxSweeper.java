package io.contactsync.worker.outbox;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.contactsync.worker.events.EventPublisher;
import io.contactsync.worker.store.ContactStore;
import io.contactsync.worker.store.OutboxDelivery;
import io.contactsync.worker.store.PendingEvent;
import io.contactsync.worker.store.StoredContact;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes events that stayed in contact outboxes longer than {@code minAge}, then
 * clears them. Several instances may sweep at once: a duplicate event is harmless
 * (subscribers dedupe on event id).
 */
public class OutboxSweeper {

	private static final Logger log = LoggerFactory.getLogger(OutboxSweeper.class);

	private final ContactStore store;

	private final EventPublisher events;

	private final OutboxSettings settings;

	private final Clock clock;

	public OutboxSweeper(ContactStore store, EventPublisher events, OutboxSettings settings, Clock clock) {
		this.store = store;
		this.events = events;
		this.settings = settings;
		this.clock = clock;
	}

	/** One sweep; returns the number of events published. */
	public int sweep() {
		List<StoredContact> pending = this.store.pendingOutbox(this.clock.instant().minus(this.settings.minAge()),
				this.settings.batchSize());
		if (pending.isEmpty()) {
			return 0;
		}
		List<PendingEvent> all = new ArrayList<>();
		List<OutboxDelivery> deliveries = new ArrayList<>();
		for (StoredContact contact : pending) {
			List<PendingEvent> events = contact.outbox()
				.stream()
				.sorted(Comparator.comparingLong(PendingEvent::contactVersion))
				.toList();
			all.addAll(events);
			deliveries.add(new OutboxDelivery(contact.contact(), events, true));
		}
		this.events.publish(deliveries);
		this.store.clearOutbox(deliveries);
		log.info("Outbox sweep published {} events of {} contacts", all.size(), pending.size());
		return all.size();
	}

}
