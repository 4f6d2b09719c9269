package io.contactsync.adapters;

import java.util.List;
import java.util.stream.Collectors;

import io.contactsync.contracts.ContactUpsertCommand;

/**
 * What an adapter makes of a vendor body: a command, or every reason it cannot be mapped.
 */
public sealed interface AdapterResult {

	/**
	 * The body maps to a command.
	 *
	 * @param command the command to publish
	 * @param ignoredFields top-level fields of the body that have no place in a command
	 * (response-only fields of exports such as {@code dateAdded}), for the caller to
	 * report
	 */
	record Mapped(ContactUpsertCommand command, List<String> ignoredFields) implements AdapterResult {

		public Mapped {
			ignoredFields = List.copyOf(ignoredFields);
		}

	}

	/**
	 * The body cannot be mapped.
	 *
	 * @param errors every problem found, in body order; never empty
	 */
	record Invalid(List<FieldError> errors) implements AdapterResult {

		public Invalid {
			if (errors.isEmpty()) {
				throw new IllegalArgumentException("an Invalid result needs at least one error");
			}
			errors = List.copyOf(errors);
		}

		/** 400 when any error is a 400 (the body cannot be read), else 422. */
		public int status() {
			return this.errors.stream().anyMatch(e -> e.status() == FieldError.BAD_REQUEST) ? FieldError.BAD_REQUEST
					: FieldError.UNPROCESSABLE;
		}

		/** Every error as {@code field: reason}, joined by {@code "; "}. */
		public String message() {
			return this.errors.stream().map(FieldError::message).collect(Collectors.joining("; "));
		}

	}

}
