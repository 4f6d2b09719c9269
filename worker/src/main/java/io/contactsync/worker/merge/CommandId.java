package io.contactsync.worker.merge;

/**
 * Idempotency key of an upsert command, chosen by the producer.
 *
 * @param value the command id, never blank
 */
public record CommandId(String value) {

	public CommandId {
		Ids.requireNonBlank(value, "CommandId");
	}

	@Override
	public String toString() {
		return this.value;
	}

}
