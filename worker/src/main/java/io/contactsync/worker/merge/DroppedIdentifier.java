package io.contactsync.worker.merge;

/**
 * An identifier of the command that normalization treated as absent. Carries no value, so
 * it can be logged.
 *
 * @param kind email or phone
 * @param reason why
 */
public record DroppedIdentifier(IdentifierKind kind, Reason reason) {

	/** Why an identifier was dropped. */
	public enum Reason {

		/** A placeholder such as "n/a" or "null". */
		PLACEHOLDER,

		/** On the tenant's block list (e.g. test@test.com, noreply@..., +11111111111). */
		BLOCKED

	}

}
