package io.contactsync.worker.outbox;

import java.time.Duration;
import java.time.Instant;

/**
 * A contact event stored in the contact's own document (the outbox) until the broker has
 * acknowledged it. Written in the same single-document update as the change it describes,
 * so a change is never stored without its event.
 *
 * @param eventId deterministic event id
 * @param contactVersion the version the event describes; events publish in this order
 * @param storedAt when it was written to the outbox
 * @param avro the event as Avro single-object encoding
 */
public record PendingEvent(String eventId, long contactVersion, Instant storedAt, byte[] avro) {

	/**
	 * Whether this event waited long enough that whoever wrote it has presumably failed
	 * to publish it, so another worker should.
	 */
	public boolean isLeftOver(Instant now, Duration grace) {
		return this.storedAt.isBefore(now.minus(grace));
	}

}
