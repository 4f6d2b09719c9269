package io.contactsync.worker.merge;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One application of a command to one contact (or to nothing, creating one): per-field
 * last-writer-wins by {@link Stamp}. Single use, not thread-safe.
 */
final class ContactMerge {

	private final NormalizedCommand command;

	private final Stamp stamp;

	private final Contact current;

	private final EnumMap<ContactField, Stamped<String>> fields;

	private TagSet tags;

	private Map<String, Stamped<CustomValue>> customFields;

	private Map<DndChannel, Stamped<DndSetting>> dndSettings;

	private Set<SourceLink> sources;

	private final List<FieldChange> changes = new ArrayList<>();

	private boolean stateChanged;

	private int stale;

	private int alreadyApplied;

	private ContactMerge(NormalizedCommand command, Contact current) {
		this.command = command;
		this.stamp = command.stamp();
		this.current = current;
		this.fields = (current != null && !current.fieldStates().isEmpty()) ? new EnumMap<>(current.fieldStates())
				: new EnumMap<>(ContactField.class);
		this.tags = (current != null) ? current.tagSet() : TagSet.EMPTY;
		this.customFields = (current != null) ? current.customFieldStates() : Map.of();
		this.dndSettings = (current != null) ? current.dndStates() : Map.of();
		this.sources = (current != null) ? current.sources() : Set.of();
	}

	/**
	 * Apply a command.
	 * @param command the command
	 * @param target the contact to update, or null to create one
	 * @param matchedBy why {@code target} was chosen
	 * @param ignored identifiers to leave with their owners
	 * @param addLink whether to record the command's source link
	 * @param now the worker's clock
	 * @param limits what the contact may hold
	 * @return the outcome; {@link Rejected} when the result would break a limit
	 */
	static MergeOutcome apply(NormalizedCommand command, Contact target, MatchedBy matchedBy,
			List<IgnoredIdentifier> ignored, boolean addLink, Instant now, Limits limits) {
		ContactMerge merge = new ContactMerge(command, target);
		merge.scalars(ignored);
		merge.tags();
		merge.customFields();
		merge.dndSettings();
		if (addLink) {
			merge.sourceLink();
		}
		if (target != null && !merge.stateChanged) {
			return new Unchanged(target, merge.alreadyApplied > 0, merge.stale, ignored);
		}
		Contact after = (target == null) ? merge.build(command.createdContactId(), 1, now, now)
				: merge.build(target.id(), target.version() + 1, target.createdAt(), now);
		after = ContactBudget.pruned(after, limits);
		Violation exceeded = ContactBudget.exceeded(target, after, limits);
		if (exceeded != null) {
			return new Rejected(List.of(exceeded));
		}
		return (target == null) ? new Created(after, merge.changes, ignored)
				: new Updated(target, after, merge.changes, ignored, merge.stale, matchedBy);
	}

	private Contact build(ContactId id, long version, Instant createdAt, Instant updatedAt) {
		return new Contact(id, this.command.tenantId(), version, createdAt, updatedAt, Frozen.wrap(this.fields),
				this.tags, this.customFields, this.dndSettings, this.sources);
	}

	private void scalars(List<IgnoredIdentifier> ignored) {
		Map<ContactField, String> set = this.command.set();
		Set<ContactField> clear = this.command.clear();
		for (ContactField field : ContactField.values()) {
			String value;
			if (field == ContactField.EMAIL || field == ContactField.PHONE) {
				IdentifierKind kind = (field == ContactField.EMAIL) ? IdentifierKind.EMAIL : IdentifierKind.PHONE;
				Optional<String> identifier = this.command.identifier(kind);
				if (identifier.isPresent()) {
					if (isIgnored(ignored, kind)) {
						continue;
					}
					value = identifier.get();
				}
				else if (clear.contains(field)) {
					value = null;
				}
				else {
					continue;
				}
			}
			else {
				value = set.get(field);
				if (value == null && !clear.contains(field)) {
					continue;
				}
			}
			Stamped<String> before = this.fields.get(field);
			if (wins(before)) {
				this.fields.put(field, new Stamped<>(value, this.stamp));
				String old = (before != null) ? before.value() : null;
				if (!Objects.equals(old, value)) {
					this.changes.add(new FieldChange(field.path(), old, value));
				}
			}
		}
	}

	private static boolean isIgnored(List<IgnoredIdentifier> ignored, IdentifierKind kind) {
		for (IgnoredIdentifier identifier : ignored) {
			if (identifier.kind() == kind) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether the command's write beats the stored one; counts stale and already-applied
	 * writes, and marks the state changed when it wins.
	 */
	private boolean wins(Stamped<?> stored) {
		return wins((stored != null) ? stored.stamp() : null);
	}

	private boolean wins(Stamp stored) {
		if (stored != null) {
			int order = this.stamp.compareTo(stored);
			if (order < 0) {
				this.stale++;
				return false;
			}
			if (order == 0) {
				this.alreadyApplied++;
				return false;
			}
		}
		this.stateChanged = true;
		return true;
	}

	private void tags() {
		TagOps ops = this.command.tags();
		if (ops.isEmpty()) {
			return;
		}
		TagSet before = this.tags;
		Stamp replacedAt = before.replacedAt();
		Set<String> replaced = before.replaced();
		TreeMap<String, TagWrite> writes = null;
		boolean changed = false;
		if (ops.replace() != null && wins(replacedAt)) {
			// The latest replace writes every tag; adds and removes older than it are
			// moot.
			replacedAt = this.stamp;
			replaced = ops.replace();
			writes = new TreeMap<>();
			for (Map.Entry<String, TagWrite> entry : before.writes().entrySet()) {
				if (entry.getValue().stamp().isNewerThan(this.stamp)) {
					writes.put(entry.getKey(), entry.getValue());
				}
			}
			changed = true;
		}
		for (String tag : ops.add()) {
			writes = tagWrite(tag, true, replacedAt, before, writes);
		}
		for (String tag : ops.remove()) {
			writes = tagWrite(tag, false, replacedAt, before, writes);
		}
		if (!changed && writes == null) {
			return;
		}
		this.tags = new TagSet(replacedAt, replaced, (writes != null) ? Frozen.wrap(writes) : before.writes());
		SortedSet<String> old = before.effectiveTags();
		SortedSet<String> now = this.tags.effectiveTags();
		if (!old.equals(now)) {
			this.changes.add(new FieldChange("tags", tagsText(old), tagsText(now)));
		}
	}

	private TreeMap<String, TagWrite> tagWrite(String tag, boolean present, Stamp replacedAt, TagSet before,
			TreeMap<String, TagWrite> writes) {
		// An add or remove counts only if newer than both the tag's last write and
		// the last replace.
		if (replacedAt != null && !this.stamp.isNewerThan(replacedAt)) {
			wins(replacedAt);
			return writes;
		}
		TagWrite last = (writes != null) ? writes.get(tag) : before.writes().get(tag);
		if (!wins((last != null) ? last.stamp() : null)) {
			return writes;
		}
		TreeMap<String, TagWrite> updated = (writes != null) ? writes : new TreeMap<>(before.writes());
		updated.put(tag, new TagWrite(present, this.stamp));
		return updated;
	}

	static String tagsText(SortedSet<String> tags) {
		return tags.isEmpty() ? null : JsonText.array(tags);
	}

	private void customFields() {
		Map<String, Optional<CustomValue>> values = this.command.customFields();
		if (values.isEmpty()) {
			return;
		}
		TreeMap<String, Stamped<CustomValue>> updated = null;
		for (Map.Entry<String, Optional<CustomValue>> entry : values.entrySet()) {
			Stamped<CustomValue> before = this.customFields.get(entry.getKey());
			if (!wins(before)) {
				continue;
			}
			if (updated == null) {
				updated = new TreeMap<>(this.customFields);
			}
			CustomValue value = entry.getValue().orElse(null);
			updated.put(entry.getKey(), new Stamped<>(value, this.stamp));
			CustomValue old = (before != null) ? before.value() : null;
			if (!Objects.equals(old, value)) {
				this.changes.add(new FieldChange("customFields." + entry.getKey(), (old != null) ? old.display() : null,
						(value != null) ? value.display() : null));
			}
		}
		if (updated != null) {
			this.customFields = Frozen.wrap(updated);
		}
	}

	private void dndSettings() {
		Map<DndChannel, Optional<DndSetting>> settings = this.command.dndSettings();
		if (settings.isEmpty()) {
			return;
		}
		EnumMap<DndChannel, Stamped<DndSetting>> updated = null;
		for (Map.Entry<DndChannel, Optional<DndSetting>> entry : settings.entrySet()) {
			Stamped<DndSetting> before = this.dndSettings.get(entry.getKey());
			if (!wins(before)) {
				continue;
			}
			if (updated == null) {
				updated = new EnumMap<>(DndChannel.class);
				updated.putAll(this.dndSettings);
			}
			DndSetting value = entry.getValue().orElse(null);
			updated.put(entry.getKey(), new Stamped<>(value, this.stamp));
			DndSetting old = (before != null) ? before.value() : null;
			if (!Objects.equals(old, value)) {
				this.changes.add(new FieldChange("dndSettings." + entry.getKey().name(),
						(old != null) ? old.display() : null, (value != null) ? value.display() : null));
			}
		}
		if (updated != null) {
			this.dndSettings = Frozen.wrap(updated);
		}
	}

	private void sourceLink() {
		Optional<SourceLink> link = this.command.sourceLink();
		if (link.isEmpty() || this.sources.contains(link.get())) {
			return;
		}
		TreeSet<SourceLink> updated = new TreeSet<>(this.sources);
		updated.add(link.get());
		this.changes.add(new FieldChange("sources", sourcesText(this.sources), sourcesText(updated)));
		this.sources = Frozen.wrap(updated);
		this.stateChanged = true;
	}

	static String sourcesText(Collection<SourceLink> links) {
		if (links.isEmpty()) {
			return null;
		}
		StringBuilder json = new StringBuilder("[");
		for (SourceLink link : links) {
			if (json.length() > 1) {
				json.append(',');
			}
			json.append("{\"system\":")
				.append(JsonText.quote(link.system()))
				.append(",\"recordId\":")
				.append(JsonText.quote(link.recordId()))
				.append('}');
		}
		return json.append(']').toString();
	}

}
