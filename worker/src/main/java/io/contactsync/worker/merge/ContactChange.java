package io.contactsync.worker.merge;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one command did to one contact, as its event reports it: everything but the
 * contact itself. An outbox keeps this (with the changes' old values only) until the
 * event is surely out, and makes the event again from it and the contact.
 *
 * @param created whether the command created the contact
 * @param command the command
 * @param source where it came from
 * @param occurredAt when it happened at the source
 * @param changes the visible changes, in the merge's order
 * @param ignored identifiers left with the contacts that own them
 */
public record ContactChange(boolean created, CommandId command, SourceLink source, Instant occurredAt,
		List<FieldChange> changes, List<IgnoredIdentifier> ignored) {

	public ContactChange {
		Objects.requireNonNull(command, "command");
		Objects.requireNonNull(source, "source");
		Objects.requireNonNull(occurredAt, "occurredAt");
		changes = List.copyOf(changes);
		ignored = List.copyOf(ignored);
	}

	/** The change of a command, as the merge reported it. */
	public static ContactChange of(boolean created, NormalizedCommand command, List<FieldChange> changes,
			List<IgnoredIdentifier> ignored) {
		return new ContactChange(created, command.commandId(), command.source(), command.stamp().occurredAt(), changes,
				ignored);
	}

	/**
	 * The same change with each new value read from the contact, as it was right after
	 * this change (for changes stored without their new values).
	 */
	public ContactChange withNewValuesOf(Contact contact) {
		return new ContactChange(this.created, this.command, this.source, this.occurredAt, this.changes.stream()
			.map((change) -> new FieldChange(change.field(), change.before(), FieldDisplay.of(contact, change.field())))
			.toList(), this.ignored);
	}

}
