package io.contactsync.worker.merge;

import java.util.Comparator;

/**
 * Where a command comes from: the publishing system and, when known, the contact's id in
 * that system (HighLevel contact id, Notifuse external_id, ChatbotX identifier). In a raw
 * {@link UpsertCommand} the parts are unchecked; {@link MergeEngine#normalize} validates
 * them. A link stored on a {@link Contact} always has a record id.
 *
 * @param system the publishing system, e.g. {@code highlevel}
 * @param recordId the contact's id in that system, or {@code null}
 */
public record SourceLink(String system, String recordId) implements Comparable<SourceLink> {

	private static final Comparator<String> NULLS_FIRST = Comparator.nullsFirst(Comparator.naturalOrder());

	private static final Comparator<SourceLink> ORDER = Comparator.comparing(SourceLink::system, NULLS_FIRST)
		.thenComparing(SourceLink::recordId, NULLS_FIRST);

	/**
	 * A link without a record id (the command's system is known, the record is not).
	 * @param system the publishing system
	 * @return the link
	 */
	public static SourceLink ofSystem(String system) {
		return new SourceLink(system, null);
	}

	public boolean hasRecordId() {
		return this.recordId != null && !this.recordId.isBlank();
	}

	@Override
	public int compareTo(SourceLink other) {
		return ORDER.compare(this, other);
	}

}
