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
 * @param bytes the event, encoded as {@code encoding} says
 * @param encoding how {@code bytes} are encoded
 * @param occurredAt when the change happened at the source; null for entries of older
 * versions, which did not store it
 * @param causation the scoped id of the command that caused it; null for entries of older
 * versions
 */
public record PendingEvent(String eventId, long contactVersion, Instant storedAt, byte[] bytes, Encoding encoding,
		Instant occurredAt, String causation) {

	/** How an outbox entry is encoded. */
	public enum Encoding {

		/**
		 * The Confluent wire format, exactly the bytes that go to the broker (since the
		 * writer's schema id travels with them, any version of the worker publishes them
		 * as they are).
		 */
		WIRE,

		/**
		 * Avro single-object encoding, as versions up to 0.1 stored entries: decoded with
		 * the schemas this version knows, then encoded again.
		 */
		SINGLE_OBJECT

	}

	/**
	 * Whether this event waited long enough that whoever wrote it has presumably failed
	 * to publish it, so another worker should.
	 */
	public boolean isLeftOver(Instant now, Duration grace) {
		return this.storedAt.isBefore(now.minus(grace));
	}

}
