package io.contactsync.worker.merge;

/**
 * The text a {@link FieldChange} shows for a contact's value at a path, as the merge
 * wrote it. An outbox keeps a change's old value only: its new value is the contact's, as
 * long as the contact is at the change's version.
 */
public final class FieldDisplay {

	private static final String CUSTOM = "customFields.";

	private static final String DND = "dndSettings.";

	private FieldDisplay() {
	}

	/**
	 * The display of a contact's current value at a path.
	 * @param contact the contact
	 * @param path a {@link FieldChange#field()}
	 * @return the text, or null when the contact has no value there
	 */
	public static String of(Contact contact, String path) {
		if ("tags".equals(path)) {
			return ContactMerge.tagsText(contact.tagSet().effectiveTags());
		}
		if ("sources".equals(path)) {
			return ContactMerge.sourcesText(contact.sources());
		}
		if (path.startsWith(CUSTOM)) {
			Stamped<CustomValue> state = contact.customFieldStates().get(path.substring(CUSTOM.length()));
			return (state != null && !state.isCleared()) ? state.value().display() : null;
		}
		if (path.startsWith(DND)) {
			DndChannel channel = DndChannel.valueOf(path.substring(DND.length()));
			Stamped<DndSetting> state = contact.dndStates().get(channel);
			return (state != null && !state.isCleared()) ? state.value().display() : null;
		}
		for (ContactField field : ContactField.values()) {
			if (field.path().equals(path)) {
				return contact.value(field).orElse(null);
			}
		}
		throw new IllegalArgumentException("no field at path " + path);
	}

}
