package io.contactsync.worker.outbox;

import java.util.List;

import io.contactsync.worker.merge.Contact;

/**
 * Events of one contact to publish.
 *
 * @param contact the contact as last read or written (its state goes to the state topic)
 * @param events the events, oldest first, each with its bytes
 */
public record OutboxDelivery(Contact contact, List<PendingEvent> events) {

	public OutboxDelivery {
		events = List.copyOf(events);
		if (events.stream().anyMatch((event) -> !event.hasWire())) {
			throw new IllegalArgumentException("an event to publish needs its bytes");
		}
	}

}
