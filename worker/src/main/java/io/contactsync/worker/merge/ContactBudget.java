package io.contactsync.worker.merge;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Keeps a contact within its {@link Limits}: forgets the oldest tombstones beyond the
 * budget, and names the limit a merge would break. A command is refused only when it
 * grows the contact past a limit, so a contact that is already past one (stored before
 * the limit existed) can still be changed and shrunk.
 */
final class ContactBudget {

	private ContactBudget() {
	}

	/**
	 * The contact without its oldest tombstones (cleared custom fields, removed tags)
	 * beyond {@link Limits#maxTombstones()}. A write older than a forgotten tombstone
	 * could bring that value back; that takes more than a thousand newer removals.
	 */
	static Contact pruned(Contact contact, Limits limits) {
		List<Stamp> tombstones = new ArrayList<>();
		contact.customFieldStates().values().forEach((state) -> {
			if (state.isCleared()) {
				tombstones.add(state.stamp());
			}
		});
		contact.tagSet().writes().values().forEach((write) -> {
			if (!write.present()) {
				tombstones.add(write.stamp());
			}
		});
		if (tombstones.size() <= limits.maxTombstones()) {
			return contact;
		}
		tombstones.sort(Comparator.naturalOrder());
		Stamp keepFrom = tombstones.get(tombstones.size() - limits.maxTombstones());
		Map<String, Stamped<CustomValue>> custom = new TreeMap<>();
		contact.customFieldStates().forEach((key, state) -> {
			if (!state.isCleared() || state.stamp().compareTo(keepFrom) >= 0) {
				custom.put(key, state);
			}
		});
		Map<String, TagWrite> writes = new TreeMap<>();
		Set<String> replaced = new TreeSet<>(contact.tagSet().replaced());
		contact.tagSet().writes().forEach((tag, write) -> {
			if (write.present() || write.stamp().compareTo(keepFrom) >= 0) {
				writes.put(tag, write);
			}
			else {
				// The removal also hid the tag from the last replace: it stays hidden.
				replaced.remove(tag);
			}
		});
		TagSet tags = new TagSet(contact.tagSet().replacedAt(), replaced, writes);
		return new Contact(contact.id(), contact.tenantId(), contact.version(), contact.createdAt(),
				contact.updatedAt(), contact.fieldStates(), tags, custom, contact.dndStates(), contact.sources());
	}

	/**
	 * The limit {@code after} breaks that {@code before} did not, if any.
	 * @param before the contact before the merge, or null for a new one
	 * @param after the merged contact
	 * @return the violation, or null when within the limits
	 */
	static Violation exceeded(Contact before, Contact after, Limits limits) {
		int tags = after.tags().size();
		if (tags > limits.maxTags() && tags > ((before != null) ? before.tags().size() : 0)) {
			return new Violation("tags", "would give the contact more than " + limits.maxTags() + " tags");
		}
		int custom = after.customFields().size();
		if (custom > limits.maxCustomFields() && custom > ((before != null) ? before.customFields().size() : 0)) {
			return new Violation("customFields",
					"would give the contact more than " + limits.maxCustomFields() + " custom fields");
		}
		int sources = after.sources().size();
		if (sources > limits.maxSourceLinks() && sources > ((before != null) ? before.sources().size() : 0)) {
			return new Violation("source",
					"would link the contact to more than " + limits.maxSourceLinks() + " source records");
		}
		long size = sizeOf(after);
		if (size > limits.maxContactBytes() && size > ((before != null) ? sizeOf(before) : 0)) {
			return new Violation("contact",
					"would grow the contact's values past " + limits.maxContactBytes() + " bytes");
		}
		return null;
	}

	/** The UTF-8 size of a contact's current values and names. */
	static long sizeOf(Contact contact) {
		long bytes = 0;
		for (Stamped<String> state : contact.fieldStates().values()) {
			bytes += utf8(state.value());
		}
		for (String tag : contact.tags()) {
			bytes += utf8(tag);
		}
		for (Map.Entry<String, CustomValue> entry : contact.customFields().entrySet()) {
			bytes += utf8(entry.getKey()) + utf8(entry.getValue().display());
		}
		for (DndSetting setting : contact.dndSettings().values()) {
			bytes += utf8(setting.message()) + utf8(setting.code());
		}
		for (SourceLink link : contact.sources()) {
			bytes += utf8(link.system()) + utf8(link.recordId());
		}
		return bytes;
	}

	private static long utf8(String text) {
		if (text == null) {
			return 0;
		}
		long bytes = 0;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < 0x80) {
				bytes++;
			}
			else if (c < 0x800) {
				bytes += 2;
			}
			else if (Character.isHighSurrogate(c)) {
				bytes += 4;
				i++;
			}
			else {
				bytes += 3;
			}
		}
		return bytes;
	}

}
