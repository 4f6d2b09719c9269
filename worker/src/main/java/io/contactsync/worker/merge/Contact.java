package io.contactsync.worker.merge;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The stored state of one contact: every scalar field, custom field and DND channel with
 * the stamp of its last write (cleared ones keep a tombstone), the tags as a
 * {@link TagSet}, and the source links. Plain data, so a store can persist it part by
 * part and rebuild it with the canonical constructor.
 *
 * @param id the contact id
 * @param tenantId the owning tenant
 * @param version 1 when created, +1 per stored change
 * @param createdAt when the contact was created (wall clock of the worker)
 * @param updatedAt when it was last changed (wall clock of the worker)
 * @param fieldStates scalar fields, EMAIL and PHONE included
 * @param tagSet the tags
 * @param customFieldStates custom fields by key
 * @param dndStates DND settings by channel
 * @param sources every (system, recordId) linked to this contact
 */
public record Contact(ContactId id, TenantId tenantId, long version, Instant createdAt, Instant updatedAt,
		Map<ContactField, Stamped<String>> fieldStates, TagSet tagSet,
		Map<String, Stamped<CustomValue>> customFieldStates, Map<DndChannel, Stamped<DndSetting>> dndStates,
		Set<SourceLink> sources) {

	public Contact {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(tenantId, "tenantId");
		Objects.requireNonNull(createdAt, "createdAt");
		Objects.requireNonNull(updatedAt, "updatedAt");
		fieldStates = Frozen.enumMap(fieldStates, ContactField.class);
		tagSet = (tagSet != null) ? tagSet : TagSet.EMPTY;
		customFieldStates = Frozen.sortedMap(customFieldStates);
		dndStates = Frozen.enumMap(dndStates, DndChannel.class);
		sources = Frozen.sortedSet(sources);
	}

	public Optional<String> email() {
		return value(ContactField.EMAIL);
	}

	public Optional<String> phone() {
		return value(ContactField.PHONE);
	}

	/**
	 * The current value of a scalar field.
	 * @param field the field
	 * @return the value, empty when never set or cleared
	 */
	public Optional<String> value(ContactField field) {
		Stamped<String> state = this.fieldStates.get(field);
		return (state != null) ? state.current() : Optional.empty();
	}

	/**
	 * The stamp of the last write (set or clear) of a scalar field.
	 * @param field the field
	 * @return the stamp, empty when never written
	 */
	public Optional<Stamp> stampOf(ContactField field) {
		Stamped<String> state = this.fieldStates.get(field);
		return (state != null) ? Optional.of(state.stamp()) : Optional.empty();
	}

	/**
	 * The identifier of the given kind.
	 * @param kind email or phone
	 * @return the normalized value, if any
	 */
	public Optional<String> identifier(IdentifierKind kind) {
		return value(kind.field());
	}

	/**
	 * The tags the contact has now (lower case).
	 * @return the effective tags, sorted
	 */
	public Set<String> tags() {
		return this.tagSet.effective();
	}

	/**
	 * The custom fields the contact has now.
	 * @return custom values by key, sorted by key
	 */
	public SortedMap<String, CustomValue> customFields() {
		TreeMap<String, CustomValue> values = new TreeMap<>();
		this.customFieldStates.forEach((key, state) -> {
			if (!state.isCleared()) {
				values.put(key, state.value());
			}
		});
		return Collections.unmodifiableSortedMap(values);
	}

	/**
	 * The DND settings the contact has now.
	 * @return settings by channel
	 */
	public Map<DndChannel, DndSetting> dndSettings() {
		EnumMap<DndChannel, DndSetting> settings = new EnumMap<>(DndChannel.class);
		this.dndStates.forEach((channel, state) -> {
			if (!state.isCleared()) {
				settings.put(channel, state.value());
			}
		});
		return Collections.unmodifiableMap(settings);
	}

}
