package io.contactsync.worker.outbox;

import java.time.Instant;
import java.util.Objects;

import io.contactsync.worker.merge.ContactChange;

/**
 * A contact event kept in its contact's document (the outbox), written in the same
 * single-document write as the change it describes, so a change is never stored without
 * its event. It stays until its batch is surely out ({@link EventLedger}) and goes with
 * the contact's next write after that; a batch delivered again publishes the events of
 * its own records again.
 *
 * <p>
 * The event is kept in one of two forms. While the contact is still at the event's
 * version, the {@code change} suffices: the event is made again from it and the contact
 * (a few hundred bytes instead of a whole event). A writer that moves the contact on
 * before the event is surely out keeps the event's bytes ({@code wire}) instead.
 *
 * @param eventId deterministic event id
 * @param contactVersion the version the event describes; events publish in this order
 * @param storedAt when the worker recorded the change (the event's {@code recordedAt})
 * @param origin the record that caused it; null for entries of versions up to 0.2
 * @param change what the command did; null when only the bytes are kept
 * @param replay whether an operator replay made it
 * @param wire the encoded event; null when only the change is kept
 * @param encoding how {@code wire} is encoded
 * @param occurredAt when the change happened at the source (for the lag metric); the
 * change's when null and there is a change; null when unknown
 */
public record PendingEvent(String eventId, long contactVersion, Instant storedAt, Origin origin, ContactChange change,
		boolean replay, byte[] wire, Encoding encoding, Instant occurredAt) {

	public PendingEvent {
		Objects.requireNonNull(eventId, "eventId");
		Objects.requireNonNull(storedAt, "storedAt");
		Objects.requireNonNull(encoding, "encoding");
		if (change == null && wire == null) {
			throw new IllegalArgumentException("an outbox entry needs its change or its bytes");
		}
		if (occurredAt == null && change != null) {
			occurredAt = change.occurredAt();
		}
	}

	/** How an event's bytes are encoded. */
	public enum Encoding {

		/**
		 * The Confluent wire format, exactly the bytes that go to the broker (the
		 * writer's schema id travels with them, so any version publishes them as they
		 * are).
		 */
		WIRE,

		/**
		 * Avro single-object encoding, as version 0.1 stored entries: decoded with the
		 * schemas this version knows, then encoded again.
		 */
		SINGLE_OBJECT

	}

	/**
	 * The same event with its bytes, to publish it or to keep it once its contact moves
	 * on.
	 */
	public PendingEvent withWire(byte[] bytes) {
		return new PendingEvent(this.eventId, this.contactVersion, this.storedAt, this.origin, this.change, this.replay,
				bytes, Encoding.WIRE, this.occurredAt);
	}

	/** The same event as stored while its contact is at its version: the change only. */
	public PendingEvent compact() {
		return (this.change != null) ? new PendingEvent(this.eventId, this.contactVersion, this.storedAt, this.origin,
				this.change, this.replay, null, Encoding.WIRE, this.occurredAt) : this;
	}

	/**
	 * The same event, taken over by the batch that loaded it: kept until that one is out.
	 */
	public PendingEvent adoptedBy(Origin origin) {
		return new PendingEvent(this.eventId, this.contactVersion, this.storedAt, origin, this.change, this.replay,
				this.wire, this.encoding, this.occurredAt);
	}

	public boolean hasWire() {
		return this.wire != null;
	}

	@Override
	public String toString() {
		// Never the bytes or the change: they hold personal data.
		return "PendingEvent[" + this.eventId + " v" + this.contactVersion + "]";
	}

}
