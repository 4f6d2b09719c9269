package io.contactsync.worker.merge;

import java.util.List;

/**
 * An existing contact changed and must be stored ({@code after.version() ==
 * before.version() + 1}; store it only if the stored version is still
 * {@code before.version()}). {@code changes} may be empty when the command only re-stated
 * values the contact already had: their write stamps moved forward, which must be stored
 * for order-independence, but nothing visible changed.
 *
 * @param before the contact as found
 * @param after the contact to store
 * @param changes visible changes, in a stable order
 * @param ignored identifiers of the command left with the contacts that own them
 * @param staleFieldsDropped writes of the command older than what the contact has
 * @param matchedBy why this contact was chosen
 */
public record Updated(Contact before, Contact after, List<FieldChange> changes, List<IgnoredIdentifier> ignored,
		int staleFieldsDropped, MatchedBy matchedBy) implements MergeOutcome {

	public Updated {
		changes = List.copyOf(changes);
		ignored = List.copyOf(ignored);
	}

}
