package io.contactsync.worker.merge;

/**
 * One visible change of a contact, as reported in contact events.
 *
 * @param field a path: {@code email}, {@code firstName}, {@code tags},
 * {@code customFields.<key>}, {@code dndSettings.<CHANNEL>}, {@code sources}
 * @param before the old value as text (lists and records as compact JSON), null if absent
 * @param after the new value as text, null if absent
 */
public record FieldChange(String field, String before, String after) {
}
