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

	private MergeEngine engine;

	InMemoryContacts() {
		this(false);
	}

	InMemoryContacts(boolean leaky) {
		this.leaky = leaky;
	}

	/** A store whose {@link #upsert(UpsertCommand)} goes through {@code engine}. */
	InMemoryContacts(MergeEngine engine) {
		this(false);
		this.engine = engine;
	}

	/** Switches the engine of {@link #upsert(UpsertCommand)}, e.g. to another policy. */
	void use(MergeEngine engine) {
		this.engine = engine;
	}

	/**
	 * Normalizes and applies a valid command with this store's engine at
	 * {@link Commands#NOW}.
	 */
	MergeOutcome upsert(UpsertCommand raw) {
		return upsert(this.engine, raw, Commands.NOW);
	}

	/** The only contact stored; fails the test when there is not exactly one. */
	Contact single() {
		if (this.contacts.size() != 1) {
			throw new AssertionError("expected one contact but the store holds " + this.contacts.size());
		}
		return this.contacts.values().iterator().next();
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

	/** Normalizes and applies a command the test knows to be valid. */
	MergeOutcome upsert(MergeEngine engine, UpsertCommand raw, Instant now) {
		Normalized normalized = engine.normalize(raw);
		if (normalized instanceof Rejected rejected) {
			throw new AssertionError("command " + raw.commandId() + " is invalid: " + rejected.violations());
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
				// Over a limit: nothing stored, as in the worker.
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
