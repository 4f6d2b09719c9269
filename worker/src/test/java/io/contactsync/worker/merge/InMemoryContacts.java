package io.contactsync.worker.merge;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tiny store for tests: finds candidates by lookup keys like the real one must, and
 * keeps what the engine returns. With {@code leaky} it also hands out other tenants'
 * contacts, to prove the engine ignores them.
 */
final class InMemoryContacts {

	private final Map<ContactId, Contact> contacts = new LinkedHashMap<>();

	private final boolean leaky;

	InMemoryContacts() {
		this(false);
	}

	InMemoryContacts(boolean leaky) {
		this.leaky = leaky;
	}

	List<Contact> candidates(LookupKeys keys) {
		List<Contact> found = new ArrayList<>();
		for (Contact contact : this.contacts.values()) {
			if (!this.leaky && !contact.tenantId().equals(keys.tenantId())) {
				continue;
			}
			boolean hit = contact.id().equals(keys.createdContactId())
					|| keys.sourceLink().map(contact.sources()::contains).orElse(false)
					|| keys.email().map((email) -> email.equals(contact.email().orElse(null))).orElse(false)
					|| keys.phone().map((phone) -> phone.equals(contact.phone().orElse(null))).orElse(false);
			if (hit) {
				found.add(contact);
			}
		}
		return found;
	}

	MergeOutcome upsert(MergeEngine engine, UpsertCommand raw, Instant now) {
		Normalized normalized = engine.normalize(raw);
		if (normalized instanceof Rejected rejected) {
			return rejected;
		}
		NormalizedCommand command = (NormalizedCommand) normalized;
		MergeOutcome outcome = engine.apply(command, candidates(command.lookupKeys()), now);
		switch (outcome) {
			case Created created -> {
				if (this.contacts.containsKey(created.contact().id())) {
					throw new AssertionError("created an id that exists: " + created.contact().id());
				}
				this.contacts.put(created.contact().id(), created.contact());
			}
			case Updated updated -> {
				Contact stored = this.contacts.get(updated.before().id());
				if (stored == null || stored.version() != updated.before().version()
						|| updated.after().version() != stored.version() + 1) {
					throw new AssertionError("optimistic lock would fail for " + updated.before().id());
				}
				this.contacts.put(updated.after().id(), updated.after());
			}
			case Unchanged unchanged -> {
			}
			case Rejected rejected -> {
			}
		}
		return outcome;
	}

	Collection<Contact> all() {
		return this.contacts.values();
	}

	List<Contact> ofTenant(TenantId tenantId) {
		return this.contacts.values().stream().filter((contact) -> contact.tenantId().equals(tenantId)).toList();
	}

}
