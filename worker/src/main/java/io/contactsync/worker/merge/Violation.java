package io.contactsync.worker.merge;

/**
 * Why a command was rejected. The reason is a fixed sentence and never contains the
 * rejected value (no PII in logs or dead letters).
 *
 * @param field path of the offending attribute, e.g. {@code email}, {@code tags[3]},
 * {@code customFields.plan}, {@code dndSettings.INBOUND_ALL}
 * @param reason a sentence, e.g. "is not a valid email address"
 */
public record Violation(String field, String reason) {

	@Override
	public String toString() {
		return this.field + " " + this.reason;
	}

}
