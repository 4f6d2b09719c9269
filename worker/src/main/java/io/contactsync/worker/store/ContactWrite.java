package io.contactsync.worker.store;

import java.util.List;

import io.contactsync.worker.merge.Contact;
import io.contactsync.worker.outbox.PendingEvent;

/**
 * One conditional write of a contact.
 *
 * @param contact the new state
 * @param expectedVersion the version the change was computed from; 0 to insert a new
 * contact
 * @param outbox the whole outbox to store with it (earlier pending events plus new ones)
 */
public record ContactWrite(Contact contact, long expectedVersion, List<PendingEvent> outbox) {

	public ContactWrite {
		outbox = List.copyOf(outbox);
	}

	boolean isInsert() {
		return this.expectedVersion == 0;
	}

}
