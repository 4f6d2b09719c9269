package io.contactsync.worker.pipeline;

/**
 * A command that cannot even be mapped to the domain (e.g. a custom number that is not a
 * number). Like a rejection by the engine: dead-lettered, never retried. The message
 * names the field and the reason, never the value.
 */
class InvalidCommandException extends RuntimeException {

	private final String field;

	private final String reason;

	InvalidCommandException(String field, String reason) {
		super(field + " " + reason);
		this.field = field;
		this.reason = reason;
	}

	String field() {
		return this.field;
	}

	String reason() {
		return this.reason;
	}

}
