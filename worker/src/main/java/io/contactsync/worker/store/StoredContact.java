package io.contactsync.worker.store;

import java.util.List;

import io.contactsync.worker.merge.Contact;
import io.contactsync.worker.outbox.PendingEvent;

/**
 * A contact as stored: its state and the events not yet confirmed by the broker.
 *
 * @param contact the state
 * @param outbox unpublished events, oldest first
 * @param preserved what this version cannot read, to write back as it was
 */
public record StoredContact(Contact contact, List<PendingEvent> outbox, Preserved preserved) {

	public StoredContact {
		outbox = List.copyOf(outbox);
		preserved = (preserved != null) ? preserved : Preserved.NONE;
	}

	public StoredContact(Contact contact, List<PendingEvent> outbox) {
		this(contact, outbox, Preserved.NONE);
	}

}
