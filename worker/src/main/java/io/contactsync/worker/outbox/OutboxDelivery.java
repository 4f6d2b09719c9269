package io.contactsync.worker.outbox;

import java.util.List;

import io.contactsync.worker.merge.Contact;

/**
 * Events of one contact to publish, and what to clear once the broker has them.
 *
 * @param contact the contact as last read or written (its version guards the clearing)
 * @param events the events, oldest first
 * @param wholeOutbox true when these are all the events stored with that version: then
 * the outbox can be emptied at once
 */
public record OutboxDelivery(Contact contact, List<PendingEvent> events, boolean wholeOutbox) {

	public OutboxDelivery {
		events = List.copyOf(events);
	}

}
