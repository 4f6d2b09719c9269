package io.contactsync.worker.pipeline;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import io.contactsync.worker.merge.Contact;
import io.contactsync.worker.merge.ContactId;
import io.contactsync.worker.merge.LookupKeys;
import io.contactsync.worker.outbox.Origin;
import io.contactsync.worker.merge.TenantId;
import io.contactsync.worker.outbox.PendingEvent;
import io.contactsync.worker.store.ContactKeys;
import io.contactsync.worker.store.ContactWrite;
import io.contactsync.worker.store.Contacts;
import io.contactsync.worker.store.StoreRefusedException;
import io.contactsync.worker.store.StoredContact;

/**
 * An in-memory contact store with the guarantees the pipeline relies on: identity keys
 * are unique (for tenants that forbid duplicates), and a write is conditional on the
 * version it was computed from. A write stores the outbox it carries as the contact's
 * whole outbox: nothing else changes one. Tests make another writer win a race by
 * changing the store between a round's look-up and its write ({@link #beforeNextWrites}).
 */
final class FakeContacts implements Contacts {

	private final Map<ContactId, StoredContact> contacts = new LinkedHashMap<>();

	private final List<Runnable> beforeWrites = new ArrayList<>();

	private Predicate<Contact> refused = (contact) -> false;

	int loads;

	int writes;

	/** Runs {@code competitor} just before the next write request, once. */
	void beforeNextWrites(Runnable competitor) {
		this.beforeWrites.add(competitor);
	}

	/** Refuses, as a store does a document that is too large, every write of these. */
	void refuse(Predicate<Contact> contacts) {
		this.refused = contacts;
	}

	/** Stores a contact as another worker would, without any check. */
	void put(Contact contact) {
		put(contact, List.of());
	}

	/**
	 * Stores a contact with the outbox another worker (or another version) left in it.
	 */
	void put(Contact contact, List<PendingEvent> outbox) {
		this.contacts.put(contact.id(), new StoredContact(contact, outbox));
	}

	Collection<StoredContact> all() {
		return this.contacts.values();
	}

	StoredContact get(ContactId id) {
		return this.contacts.get(id);
	}

	@Override
	public Map<ContactId, StoredContact> load(Collection<LookupKeys> lookups, Map<TenantId, Set<Origin>> records) {
		this.loads++;
		Set<String> keys = new HashSet<>();
		lookups.forEach((lookup) -> keys.addAll(ContactKeys.of(lookup)));
		records.forEach((tenant, origins) -> origins.forEach((origin) -> keys.add(ContactKeys.origin(tenant, origin))));
		Map<ContactId, StoredContact> found = new HashMap<>();
		for (StoredContact stored : this.contacts.values()) {
			if (keysOf(stored).stream().anyMatch(keys::contains)) {
				found.put(stored.contact().id(), stored);
			}
		}
		return found;
	}

	/**
	 * As the store indexes them: identity keys, and the records of its outbox entries.
	 */
	private static List<String> keysOf(StoredContact stored) {
		List<String> keys = new ArrayList<>(ContactKeys.of(stored.contact()));
		for (PendingEvent event : stored.outbox()) {
			if (event.origin() != null) {
				keys.add(ContactKeys.origin(stored.contact().tenantId(), event.origin()));
			}
		}
		return keys;
	}

	@Override
	public Set<ContactId> write(List<ContactWrite> writes) {
		this.writes++;
		if (!this.beforeWrites.isEmpty()) {
			this.beforeWrites.remove(0).run();
		}
		for (ContactWrite write : writes) {
			if (this.refused.test(write.contact())) {
				throw new StoreRefusedException(write.contact().id(), 10334, new IllegalStateException("too large"));
			}
		}
		Set<ContactId> lost = new HashSet<>();
		for (ContactWrite write : writes) {
			Contact contact = write.contact();
			StoredContact stored = this.contacts.get(contact.id());
			long storedVersion = (stored != null) ? stored.contact().version() : 0;
			if (storedVersion != write.expectedVersion() || takesAnotherContactsKey(contact)) {
				lost.add(contact.id());
				continue;
			}
			this.contacts.put(contact.id(), new StoredContact(contact, write.outbox()));
		}
		return lost;
	}

	private boolean takesAnotherContactsKey(Contact contact) {
		List<String> keys = ContactKeys.of(contact);
		for (StoredContact other : this.contacts.values()) {
			if (!other.contact().id().equals(contact.id())
					&& ContactKeys.of(other.contact()).stream().anyMatch(keys::contains)) {
				return true;
			}
		}
		return false;
	}

}
