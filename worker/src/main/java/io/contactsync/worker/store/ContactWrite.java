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
 * @param preserved what was read but not understood, written back as it was
 */
public record ContactWrite(Contact contact, long expectedVersion, List<PendingEvent> outbox, Preserved preserved) {

	public ContactWrite {
		outbox = List.copyOf(outbox);
		preserved = (preserved != null) ? preserved : Preserved.NONE;
	}

	public ContactWrite(Contact contact, long expectedVersion, List<PendingEvent> outbox) {
		this(contact, expectedVersion, outbox, Preserved.NONE);
	}

	boolean isInsert() {
		return this.expectedVersion == 0;
	}

}
