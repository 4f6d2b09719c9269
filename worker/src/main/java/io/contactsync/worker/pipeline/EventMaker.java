package io.contactsync.worker.pipeline;

import java.time.Instant;

import io.contactsync.contracts.ContactEvent;
import io.contactsync.worker.events.ContactEvents;
import io.contactsync.worker.events.EventEncoder;
import io.contactsync.worker.merge.Contact;
import io.contactsync.worker.merge.ContactChange;
import io.contactsync.worker.outbox.Origin;
import io.contactsync.worker.outbox.PendingEvent;

/**
 * Makes contact events and their bytes: once when a merge changes a contact, and again
 * only for an outbox entry kept as its change whose bytes are needed (to publish it
 * again, or to keep it once its contact moves on).
 */
final class EventMaker {

	private final EventEncoder encoder;

	private final int maxEventBytes;

	EventMaker(EventEncoder encoder, int maxEventBytes) {
		this.encoder = encoder;
		this.maxEventBytes = maxEventBytes;
	}

	int maxEventBytes() {
		return this.maxEventBytes;
	}

	/**
	 * The event of a change, with its bytes.
	 * @return the outbox entry, or null when the event is larger than the broker takes
	 */
	PendingEvent event(ContactChange change, Contact after, Origin origin, Instant now, boolean replay) {
		ContactEvent event = ContactEvents.event(change, after, now, replay);
		byte[] bytes = this.encoder.event(event);
		if (bytes.length > this.maxEventBytes) {
			return null;
		}
		return new PendingEvent(event.getEventId(), after.version(), now, origin, change, replay, bytes,
				PendingEvent.Encoding.WIRE, change.occurredAt());
	}

	/**
	 * An entry with its bytes: made from its change and the contact as it was right after
	 * it.
	 * @param entry a stored entry
	 * @param atItsVersion the contact at the entry's version
	 * @return the entry with its bytes, or null when they cannot be made: the contact has
	 * moved on (only a defect leaves such an entry), or the change names a path this
	 * version does not know (a newer worker kept it; see "Upgrading the store" in
	 * docs/operations.md)
	 */
	PendingEvent withWire(PendingEvent entry, Contact atItsVersion) {
		if (entry.hasWire()) {
			return entry;
		}
		if (atItsVersion.version() != entry.contactVersion()) {
			return null;
		}
		ContactChange change;
		try {
			change = entry.change().withNewValuesOf(atItsVersion);
		}
		catch (IllegalArgumentException ex) {
			// Not for this version to make; failing would fail every batch of the
			// contact.
			return null;
		}
		ContactEvent event = ContactEvents.event(change, atItsVersion, entry.storedAt(), entry.replay());
		return entry.withWire(this.encoder.event(event));
	}

}
