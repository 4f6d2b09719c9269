package io.contactsync.adapters;

/**
 * Why one field of a vendor body cannot be mapped. The reason is a fixed sentence and
 * never contains the rejected value, so it can be logged and shown without leaking
 * personal data.
 *
 * @param field the JSON path of the field, e.g. {@code customFields[2].field_value}
 * @param reason what is wrong, e.g. {@code must be at most 100 characters}
 * @param status the HTTP status a vendor API answers with: 400 when the body cannot be
 * read (wrong JSON type), 422 when it breaks a rule (missing, too long, not allowed)
 */
public record FieldError(String field, String reason, int status) {

	public static final int BAD_REQUEST = 400;

	public static final int UNPROCESSABLE = 422;

	static FieldError badRequest(String field, String reason) {
		return new FieldError(field, reason, BAD_REQUEST);
	}

	static FieldError unprocessable(String field, String reason) {
		return new FieldError(field, reason, UNPROCESSABLE);
	}

	/** {@code field: reason}. */
	public String message() {
		return this.field + ": " + this.reason;
	}

	@Override
	public String toString() {
		return message();
	}

}
