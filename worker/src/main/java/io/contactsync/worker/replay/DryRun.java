package io.contactsync.worker.pipeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.contactsync.worker.merge.ContactId;
import io.contactsync.worker.merge.FieldChange;

/**
 * The in-memory state of a dry-run replay: contacts as the replay would leave them (so a
 * later command sees what an earlier one would have done), and a sample of the
 * field-level differences per contact. Nothing is written or published.
 */
public final class DryRun {

	private final WorkingSet working = new WorkingSet(List.of());

	private final int maxSampledContacts;

	private final Map<ContactId, List<FieldChange>> samples = new LinkedHashMap<>();

	public DryRun(int maxSampledContacts) {
		this.maxSampledContacts = maxSampledContacts;
	}

	WorkingSet working() {
		return this.working;
	}

	void sample(ContactId contact, List<FieldChange> changes) {
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
