package io.contactsync.worker.deadletter;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A record the worker will not apply, and why.
 *
 * @param original the record as consumed (its key, headers and coordinates are kept)
 * @param rawValue the value bytes exactly as received
 * @param reason why, in a word
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
		UNDECODABLE,

		/**
		 * A valid command whose processing fails every time it is tried alone, while the
		 * records around it apply (the failure's kind in the detail).
		 */
		UNPROCESSABLE

	}

}
