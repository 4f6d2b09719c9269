package io.contactsync.worker.merge;

import java.util.List;

/**
 * Nothing to store.
 *
 * @param contact the matched contact, as found
 * @param duplicate true when the command had already been applied (at least one of its
 * writes is already stored with its own stamp)
 * @param staleFieldsDropped writes of the command older than what the contact has
 * @param ignored identifiers of the command left with the contacts that own them
 */
public record Unchanged(Contact contact, boolean duplicate, int staleFieldsDropped,
		List<IgnoredIdentifier> ignored) implements MergeOutcome {

	public Unchanged {
		ignored = List.copyOf(ignored);
	}

}
