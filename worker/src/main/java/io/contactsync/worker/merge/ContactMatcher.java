package io.contactsync.worker.merge;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** Chooses the contact a command updates and the identifiers it must leave alone. */
final class ContactMatcher {

	/** Oldest first, then by id: the deterministic pick among several matches. */
	static final Comparator<Contact> OLDEST_FIRST = Comparator.comparing(Contact::createdAt)
		.thenComparing((contact) -> contact.id().value());

	private ContactMatcher() {
	}

	record Match(Contact target, MatchedBy matchedBy) {

		static final Match NONE = new Match(null, null);

	}

	/**
	 * The candidates the engine may look at: the command's tenant only (a store bug must
	 * not leak another tenant's contact into this one), each id once.
	 */
	static List<Contact> ofTenant(TenantId tenantId, Collection<Contact> candidates) {
		List<Contact> mine = new ArrayList<>(candidates.size());
		for (Contact candidate : candidates) {
			if (candidate != null && candidate.tenantId().equals(tenantId) && !containsId(mine, candidate.id())) {
				mine.add(candidate);
			}
		}
		return mine;
	}

	private static boolean containsId(List<Contact> contacts, ContactId id) {
		for (Contact contact : contacts) {
			if (contact.id().equals(id)) {
				return true;
			}
		}
		return false;
	}

	static Match match(NormalizedCommand command, List<Contact> mine, TenantPolicy policy) {
		ContactId created = command.createdContactId();
		Optional<ContactId> createdBefore = command.lookupKeys().previousCreatedContactId();
		for (Contact contact : mine) {
			// The id a version before scoped command ids gave the contact counts too.
			if (contact.id().equals(created) || createdBefore.map(contact.id()::equals).orElse(false)) {
				return new Match(contact, MatchedBy.CREATED_BY_COMMAND);
			}
		}
		if (command.createWithoutMatching()) {
			return Match.NONE;
		}
		Optional<SourceLink> link = command.sourceLink();
		if (link.isPresent()) {
			Contact linked = oldest(mine, (contact) -> contact.sources().contains(link.get()));
			if (linked != null) {
				return new Match(linked, MatchedBy.SOURCE_LINK);
			}
		}
		for (IdentifierKind kind : policy.matchOrder()) {
			Optional<String> value = command.identifier(kind);
			if (value.isPresent()) {
				Contact owner = oldest(mine, (contact) -> owns(contact, kind, value.get()));
				if (owner != null) {
					return new Match(owner, MatchedBy.of(kind));
				}
			}
		}
		return Match.NONE;
	}

	/**
	 * The command's identifiers that another contact owns. In a tenant without duplicates
	 * an email or phone belongs to at most one contact, whether or not the tenant matches
	 * on it.
	 */
	static List<IgnoredIdentifier> ignored(NormalizedCommand command, Contact target, List<Contact> mine,
			TenantPolicy policy) {
		if (policy.allowDuplicates()) {
			return List.of();
		}
		List<IgnoredIdentifier> ignored = new ArrayList<>(0);
		for (IdentifierKind kind : IdentifierKind.values()) {
			Optional<String> value = command.identifier(kind);
			if (value.isPresent()) {
				Contact owner = oldest(mine, (contact) -> contact != target && owns(contact, kind, value.get()));
				if (owner != null) {
					ignored.add(new IgnoredIdentifier(kind, value.get(), owner.id()));
				}
			}
		}
		return ignored;
	}

	static boolean linkOwnedByAnother(SourceLink link, Contact target, List<Contact> mine, TenantPolicy policy) {
		if (policy.allowDuplicates()) {
			return false;
		}
		for (Contact contact : mine) {
			if (contact != target && contact.sources().contains(link)) {
				return true;
			}
		}
		return false;
	}

	private static boolean owns(Contact contact, IdentifierKind kind, String value) {
		Stamped<String> state = contact.fieldStates().get(kind.field());
		return state != null && value.equals(state.value());
	}

	private static Contact oldest(List<Contact> contacts, Predicate<Contact> filter) {
		Contact best = null;
		for (Contact contact : contacts) {
			if (filter.test(contact) && (best == null || OLDEST_FIRST.compare(contact, best) < 0)) {
				best = contact;
			}
		}
		return best;
	}

}
