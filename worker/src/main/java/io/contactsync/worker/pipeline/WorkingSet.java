package io.contactsync.worker.pipeline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.contactsync.worker.merge.Contact;
import io.contactsync.worker.merge.ContactId;
import io.contactsync.worker.outbox.Origin;
import io.contactsync.worker.outbox.OutboxDelivery;
import io.contactsync.worker.outbox.PendingEvent;
import io.contactsync.worker.store.ContactKeys;
import io.contactsync.worker.store.ContactWrite;
import io.contactsync.worker.store.Preserved;
import io.contactsync.worker.store.StoredContact;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The contacts of one batch round in memory: what was loaded, what the merges changed,
 * and an index to find candidates by identity key without another query. Decides what
 * becomes of each loaded outbox entry (see "Outbox" in docs/architecture.md):
 * <ul>
 * <li>one whose batch is out goes with the contact's next write, and so does one older
 * than the retention;</li>
 * <li>one kept as its change is given its bytes when the contact moves on without it
 * being out;</li>
 * <li>one is published again when its own record is in this batch (the batch is delivered
 * again: its first try may have stopped before publishing), when it waited longer than
 * the leftover grace (its writer presumably stopped), when it predates origins (version
 * 0.2 and before), and when this batch takes an identifier from its contact (the record
 * that caused it might not find the contact again). When this batch also writes the
 * contact, it adopts the entry: the entry is out once this batch is.</li>
 * </ul>
 */
final class WorkingSet {

	private static final Logger log = LoggerFactory.getLogger(WorkingSet.class);

	private final OutboxRules rules;

	private final Instant now;

	private final Map<ContactId, Entry> entries = new HashMap<>();

	private final Map<String, Set<ContactId>> byKey = new HashMap<>();

	/** The records whose changes the loaded contacts hold in their outboxes. */
	private final Map<Origin, ContactId> stored = new HashMap<>();

	private static final class Entry {

		/** The contact as loaded; null for a contact this round created. */
		final StoredContact stored;

		final List<String> storedKeys;

		Contact current;

		final List<PendingEvent> newEvents = new ArrayList<>();

		/** The first record of this batch that changed the contact. */
		Origin writer;

		boolean dirty;

		/** The stored entries, with their fates; decided once, when first needed. */
		List<Kept> kept;

		Entry(StoredContact stored, List<String> storedKeys, Contact current) {
			this.stored = stored;
			this.storedKeys = storedKeys;
			this.current = current;
		}

		long storedVersion() {
			return (this.stored != null) ? this.stored.contact().version() : 0;
		}

		Preserved preserved() {
			return (this.stored != null) ? this.stored.preserved() : Preserved.NONE;
		}

	}

	/** A stored entry that stays, and whether this batch publishes it. */
	private record Kept(PendingEvent event, boolean publish) {
	}

	WorkingSet(Collection<StoredContact> loaded, OutboxRules rules, Instant now) {
		this.rules = rules;
		this.now = now;
		for (StoredContact stored : loaded) {
			List<String> keys = ContactKeys.of(stored.contact());
			this.entries.put(stored.contact().id(), new Entry(stored, keys, stored.contact()));
			index(stored.contact().id(), keys);
			for (PendingEvent event : stored.outbox()) {
				if (event.origin() != null) {
					this.stored.put(event.origin(), stored.contact().id());
				}
			}
		}
	}

	/**
	 * Contacts that a command with these identity keys may match (keys carry their
	 * tenant).
	 */
	List<Contact> candidates(List<String> keys) {
		Set<ContactId> ids = new HashSet<>();
		for (String key : keys) {
			ids.addAll(this.byKey.getOrDefault(key, Set.of()));
		}
		List<Contact> candidates = new ArrayList<>(ids.size());
		for (ContactId id : ids) {
			candidates.add(this.entries.get(id).current);
		}
		return candidates;
	}

	/**
	 * The contact, as it is now, that holds the outbox entry of this record: the record's
	 * change is stored already (its batch is delivered again). Null when none does.
	 */
	Contact changedBy(Origin record) {
		ContactId id = this.stored.get(record);
		return (id != null) ? this.entries.get(id).current : null;
	}

	/**
	 * Records a contact a merge created.
	 * @param contact the new contact
	 * @param event its event
	 */
	void created(Contact contact, PendingEvent event) {
		Entry entry = this.entries.computeIfAbsent(contact.id(), (id) -> new Entry(null, List.of(), contact));
		changed(entry, null, contact, event);
	}

	/**
	 * Records a contact a merge changed.
	 * @param before the contact as the merge found it
	 * @param after the changed contact
	 * @param event its event, or null when nothing visible changed
	 */
	void updated(Contact before, Contact after, PendingEvent event) {
		Entry entry = this.entries.get(after.id());
		if (entry == null) {
			throw new IllegalStateException("merge updated a contact that was not loaded");
		}
		changed(entry, before, after, event);
	}

	/** Records that a command of this batch wrote the contact, event or not. */
	void writtenBy(ContactId contact, Origin origin) {
		Entry entry = this.entries.get(contact);
		if (entry != null && entry.writer == null) {
			entry.writer = origin;
		}
	}

	private void changed(Entry entry, Contact before, Contact contact, PendingEvent event) {
		if (before != null) {
			unindex(before);
		}
		entry.current = contact;
		entry.dirty = true;
		if (event != null) {
			entry.newEvents.add(event);
		}
		index(contact.id(), ContactKeys.of(contact));
	}

	/**
	 * Conditional writes of every contact changed in this round, each with its outbox:
	 * the stored entries that stay, and the new events.
	 * @param own the records of this batch
	 */
	List<ContactWrite> writes(Set<Origin> own) {
		List<ContactWrite> writes = new ArrayList<>();
		for (Entry entry : this.entries.values()) {
			if (!entry.dirty) {
				continue;
			}
			List<PendingEvent> outbox = new ArrayList<>();
			for (Kept kept : kept(entry, own)) {
				PendingEvent event = kept.event();
				// An entry this batch publishes is its to deliver from now on: out once
				// this batch is, so that a left-over entry is not published by every
				// batch that loads its contact until the retention ends.
				boolean adopt = (event.origin() == null || kept.publish()) && entry.writer != null;
				outbox.add(adopt ? event.adoptedBy(entry.writer) : event);
			}
			for (PendingEvent event : entry.newEvents) {
				// Only the event of the version written can be made again from the
				// contact; an earlier one of the same batch keeps its bytes.
				outbox.add((event.contactVersion() == entry.current.version()) ? event.compact() : event);
			}
			writes.add(new ContactWrite(entry.current, entry.storedVersion(), outbox, entry.preserved()));
		}
		return writes;
	}

	/**
	 * Events to publish after this round: the new events of every contact written, and
	 * the stored events to publish again (see the class comment). Lost writes publish
	 * nothing: the next round re-reads them.
	 * @param lost contacts whose write did not happen
	 * @param own the records of this batch
	 */
	List<OutboxDelivery> toPublish(Set<ContactId> lost, Set<Origin> own) {
		List<OutboxDelivery> deliveries = new ArrayList<>();
		for (Entry entry : this.entries.values()) {
			if (entry.dirty && lost.contains(entry.current.id())) {
				continue;
			}
			List<PendingEvent> events = new ArrayList<>();
			for (Kept kept : kept(entry, own)) {
				if (kept.publish()) {
					events.add(kept.event());
				}
			}
			if (entry.dirty) {
				events.addAll(entry.newEvents);
			}
			if (!events.isEmpty()) {
				events.sort(Comparator.comparingLong(PendingEvent::contactVersion));
				deliveries.add(new OutboxDelivery(entry.current, events));
			}
		}
		return deliveries;
	}

	/**
	 * The stored entries that stay, with their bytes when they need them. The ledger is
	 * asked only when it matters: for a contact this batch writes (an entry that is out
	 * goes), and for entries old enough to be left over.
	 */
	private List<Kept> kept(Entry entry, Set<Origin> own) {
		if (entry.kept != null) {
			return entry.kept;
		}
		List<Kept> kept = new ArrayList<>();
		if (entry.stored != null) {
			boolean tookIdentifier = entry.dirty && !ContactKeys.of(entry.current).containsAll(entry.storedKeys);
			for (PendingEvent event : entry.stored.outbox()) {
				Kept one = fate(entry, event, own, tookIdentifier);
				if (one != null) {
					kept.add(one);
				}
			}
		}
		entry.kept = kept;
		return kept;
	}

	private Kept fate(Entry entry, PendingEvent event, Set<Origin> own, boolean tookIdentifier) {
		Origin origin = event.origin();
		if (this.rules.isExpired(event.storedAt(), this.now)) {
			return null;
		}
		boolean publish;
		if (origin == null || own.contains(origin)) {
			publish = true;
		}
		else if (entry.dirty || tookIdentifier || this.rules.isLeftOver(event.storedAt(), this.now)) {
			if (this.rules.ledger().isOut(origin)) {
				return null;
			}
			publish = tookIdentifier || this.rules.isLeftOver(event.storedAt(), this.now);
		}
		else {
			// Young, not ours, and the contact is not written: its writer publishes it.
			publish = false;
		}
		if (!publish && !entry.dirty) {
			return new Kept(event, false);
		}
		PendingEvent withWire = this.rules.maker().withWire(event, entry.stored.contact());
		if (withWire == null) {
			log.error("Outbox entry of event {} of contact {} (v{}, contact at v{}) holds no bytes and they cannot "
					+ "be made (its contact moved on, or a newer worker's change names an unknown path): dropping it",
					event.eventId(), entry.current.id(), event.contactVersion(), entry.storedVersion());
			return null;
		}
		return new Kept(withWire, publish);
	}

	private void index(ContactId id, List<String> keys) {
		for (String key : keys) {
			this.byKey.computeIfAbsent(key, (k) -> new HashSet<>()).add(id);
		}
	}

	private void unindex(Contact contact) {
		for (String key : ContactKeys.of(contact)) {
			Set<ContactId> ids = this.byKey.get(key);
			if (ids != null) {
				ids.remove(contact.id());
			}
		}
	}

}
