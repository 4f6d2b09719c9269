package io.contactsync.worker.merge;

import java.util.List;

/**
 * A new contact (version 1).
 *
 * @param contact the new contact; its id is {@link ContactId#forCreation}
 * @param changes every field it got, with {@code before} null
 * @param ignored identifiers of the command left with the contacts that own them
 */
public record Created(Contact contact, List<FieldChange> changes,
		List<IgnoredIdentifier> ignored) implements MergeOutcome {

	public Created {
		changes = List.copyOf(changes);
		ignored = List.copyOf(ignored);
	}

}
