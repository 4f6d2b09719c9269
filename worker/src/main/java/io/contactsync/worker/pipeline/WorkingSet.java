package io.contactsync.worker.pipeline;

import java.time.Duration;
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
import io.contactsync.worker.outbox.OutboxDelivery;
import io.contactsync.worker.outbox.PendingEvent;
import io.contactsync.worker.store.ContactKeys;
import io.contactsync.worker.store.ContactWrite;
import io.contactsync.worker.store.Preserved;
import io.contactsync.worker.store.StoredContact;

/**
 * The contacts of one batch round in memory: what was loaded, what the merges changed,
 * and an index to find candidates by identity key without another query.
 */
final class WorkingSet {

	private final Map<ContactId, Entry> entries = new HashMap<>();

	private final Map<String, Set<ContactId>> byKey = new HashMap<>();

	private static final class Entry {

		final long storedVersion;

		final List<PendingEvent> storedOutbox;

		final Preserved preserved;

		Contact current;

		final List<PendingEvent> newEvents = new ArrayList<>();

		boolean dirty;

		Entry(long storedVersion, List<PendingEvent> storedOutbox, Preserved preserved, Contact current) {
			this.storedVersion = storedVersion;
			this.storedOutbox = storedOutbox;
			this.preserved = preserved;
			this.current = current;
		}

	}

	WorkingSet(Collection<StoredContact> loaded) {
		for (StoredContact stored : loaded) {
			this.entries.put(stored.contact().id(),
					new Entry(stored.contact().version(), stored.outbox(), stored.preserved(), stored.contact()));
			index(stored.contact());
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
	 * Records a contact a merge created.
	 * @param contact the new contact
	 * @param event its event
	 */
	void created(Contact contact, PendingEvent event) {
		Entry entry = this.entries.computeIfAbsent(contact.id(),
				(id) -> new Entry(0, List.of(), Preserved.NONE, contact));
		changed(entry, contact, event);
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
		unindex(before);
		changed(entry, after, event);
	}

	private void changed(Entry entry, Contact contact, PendingEvent event) {
		entry.current = contact;
		entry.dirty = true;
		if (event != null) {
			entry.newEvents.add(event);
		}
		index(contact);
	}

	/** Conditional writes of every contact changed in this round. */
	List<ContactWrite> writes() {
		List<ContactWrite> writes = new ArrayList<>();
		for (Entry entry : this.entries.values()) {
			if (entry.dirty) {
				writes.add(new ContactWrite(entry.current, entry.storedVersion, outbox(entry), entry.preserved));
			}
		}
		return writes;
	}

	/**
	 * Events to publish after this round: the new events of every contact written; stored
	 * events caused by commands of this batch (written by an earlier attempt at it, or by
	 * this worker before a crash: this batch must not commit before they are out); and
	 * events of other writers left in outboxes for longer than {@code grace} (their
	 * writer presumably crashed). Younger events of other writers are theirs to publish:
	 * taking them too would only duplicate them. Lost writes publish nothing: the next
	 * round re-reads them.
	 * @param ownCommands scoped ids of the batch's commands
	 */
	List<OutboxDelivery> toPublish(Set<ContactId> lost, Instant now, Duration grace, Set<String> ownCommands) {
		List<OutboxDelivery> deliveries = new ArrayList<>();
		this.entries.forEach((id, entry) -> {
			if (entry.dirty && lost.contains(id)) {
				return;
			}
			List<PendingEvent> events = new ArrayList<>();
			for (PendingEvent stored : entry.storedOutbox) {
				if (stored.isLeftOver(now, grace) || ownCommands.contains(stored.causation())) {
					events.add(stored);
				}
			}
			boolean whole = events.size() == entry.storedOutbox.size();
			if (entry.dirty) {
				events.addAll(entry.newEvents);
			}
			if (!events.isEmpty()) {
				events.sort(Comparator.comparingLong(PendingEvent::contactVersion));
				deliveries.add(new OutboxDelivery(entry.current, events, whole));
			}
		});
		return deliveries;
	}

	private static List<PendingEvent> outbox(Entry entry) {
		List<PendingEvent> all = new ArrayList<>(entry.storedOutbox);
		all.addAll(entry.newEvents);
		return all;
	}

	private void index(Contact contact) {
		for (String key : ContactKeys.of(contact)) {
			this.byKey.computeIfAbsent(key, (k) -> new HashSet<>()).add(contact.id());
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
