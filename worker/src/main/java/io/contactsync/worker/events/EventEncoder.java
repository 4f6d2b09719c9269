package io.contactsync.worker.events;

import io.contactsync.contracts.Contact;
import io.contactsync.contracts.ContactEvent;

/**
 * Encodes what the worker publishes, once: the bytes stored in a contact's outbox are the
 * bytes that go to the broker.
 */
public interface EventEncoder {

	/** A contact event as the value of a record on the events topic. */
	byte[] event(ContactEvent event);

	/** A contact's state as the value of a record on the state topic. */
	byte[] state(Contact contact);

}
