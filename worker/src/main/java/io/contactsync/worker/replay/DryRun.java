package io.contactsync.worker.replay;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.contactsync.worker.merge.ContactId;
import io.contactsync.worker.merge.Created;
import io.contactsync.worker.merge.FieldChange;
import io.contactsync.worker.merge.LookupKeys;
import io.contactsync.worker.outbox.Origin;
import io.contactsync.worker.merge.TenantId;
import io.contactsync.worker.merge.MergeOutcome;
import io.contactsync.worker.merge.Updated;
import io.contactsync.worker.store.ContactKeys;
import io.contactsync.worker.store.ContactWrite;
import io.contactsync.worker.store.Contacts;
import io.contactsync.worker.store.StoredContact;

/**
 * The contacts of a dry-run replay: reads go to the real store, writes stay in memory, so
 * a later command of the range sees what an earlier one would have done while nothing is
 * written or published. Also keeps a sample of the field-level differences per contact.
 */
public final class DryRun implements Contacts {

	private final Contacts store;

	private final Map<ContactId, StoredContact> written = new HashMap<>();

	private final Map<String, Set<ContactId>> byKey = new HashMap<>();

	private final int maxSampledContacts;

	private final Map<ContactId, List<FieldChange>> samples = new LinkedHashMap<>();

	public DryRun(Contacts store, int maxSampledContacts) {
		this.store = store;
		this.maxSampledContacts = maxSampledContacts;
	}

	/** Contacts as this dry run left them, else as stored. */
	@Override
	public Map<ContactId, StoredContact> load(Collection<LookupKeys> lookups, Map<TenantId, Set<Origin>> records) {
		Map<ContactId, StoredContact> found = new HashMap<>();
		// A dry run stores nothing of its own records: the store knows all there is.
		this.store.load(lookups, records).forEach((id, stored) -> {
			if (!this.written.containsKey(id)) {
				found.put(id, stored);
			}
		});
		for (LookupKeys lookup : lookups) {
			for (String key : ContactKeys.of(lookup)) {
				this.byKey.getOrDefault(key, Set.of()).forEach((id) -> found.put(id, this.written.get(id)));
			}
		}
		return found;
	}

	/** Keeps the changes in memory; a dry run is alone, so it never loses a race. */
	@Override
	public Set<ContactId> write(List<ContactWrite> writes) {
		for (ContactWrite write : writes) {
			ContactId id = write.contact().id();
			StoredContact before = this.written.get(id);
			if (before != null) {
				ContactKeys.of(before.contact()).forEach((key) -> this.byKey.get(key).remove(id));
			}
			this.written.put(id, new StoredContact(write.contact(), List.of()));
			ContactKeys.of(write.contact())
				.forEach((key) -> this.byKey.computeIfAbsent(key, (k) -> new HashSet<>()).add(id));
		}
		return Set.of();
	}

	void sample(MergeOutcome outcome) {
		switch (outcome) {
			case Created created -> sample(created.contact().id(), created.changes());
			case Updated updated -> sample(updated.after().id(), updated.changes());
			default -> {
				// Nothing changed, or refused: nothing to show.
			}
		}
	}

	private void sample(ContactId contact, List<FieldChange> changes) {
		if (changes.isEmpty()) {
			return;
		}
		List<FieldChange> sampled = this.samples.get(contact);
		if (sampled == null && this.samples.size() < this.maxSampledContacts) {
			sampled = new ArrayList<>();
			this.samples.put(contact, sampled);
		}
		if (sampled != null) {
			sampled.addAll(changes);
		}
	}

	/** Field-level differences of the first contacts the replay would change. */
	public Map<ContactId, List<FieldChange>> samples() {
		return Collections.unmodifiableMap(this.samples);
	}

}
