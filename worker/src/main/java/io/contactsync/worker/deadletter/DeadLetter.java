package io.contactsync.worker.deadletter;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A record the worker will not apply, and why.
 *
 * @param original the record as consumed (its key, headers and coordinates are kept)
 * @param rawValue the value bytes exactly as received
 * @param reason {@code REJECTED} (valid Avro, invalid command) or {@code UNDECODABLE}
 * @param error the exception class that describes it
 * @param detail which field and why, never the value
 */
public record DeadLetter(ConsumerRecord<String, ?> original, byte[] rawValue, Reason reason, String error,
		String detail) {

	/** Why a record is dead-lettered. */
	public enum Reason {

		/**
		 * Decoded fine, but the command breaks a rule (field and reason in the detail).
		 */
		REJECTED,

		/** Not a command we can decode: bad bytes, unknown schema, wrong record type. */
		UNDECODABLE

	}

}
