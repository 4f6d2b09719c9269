package io.contactsync.worker.merge;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A raw upsert command as the worker maps it from Avro: nothing is checked or normalized
 * yet ({@link MergeEngine#normalize} does that). Null collections read as empty, except
 * {@code replaceTags} where null means "do not replace the tag set".
 * <p>
 * Email and phone travel in their own attributes; {@code set} carries the other scalar
 * fields (an EMAIL or PHONE key in {@code set} is rejected). {@code clear} may name any
 * field, EMAIL and PHONE included.
 *
 * @param commandId idempotency key
 * @param tenantId the tenant
 * @param source the publishing system and the source's record id (may be null)
 * @param occurredAt when the change happened at the source
 * @param email raw email, or null
 * @param phone raw phone in any common notation, or null
 * @param set scalar values to set (null values are ignored)
 * @param clear fields to remove
 * @param replaceTags the whole new tag set, or null to leave it
 * @param addTags tags to add
 * @param removeTags tags to remove
 * @param customFields custom values by key; an empty Optional clears the key
 * @param dndSettings DND settings to set, per channel
 * @param clearDndChannels DND channels to clear
 * @param createNewIfDuplicateAllowed HighLevel's flag: with a duplicates-allowing tenant,
 * create without matching
 */
public record UpsertCommand(String commandId, String tenantId, SourceLink source, Instant occurredAt, String email,
		String phone, Map<ContactField, String> set, Set<ContactField> clear, List<String> replaceTags,
		List<String> addTags, List<String> removeTags, Map<String, Optional<CustomValue>> customFields,
		Map<DndChannel, DndSetting> dndSettings, Set<DndChannel> clearDndChannels,
		boolean createNewIfDuplicateAllowed) {

	public UpsertCommand {
		set = (set != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(set)) : Map.of();
		clear = (clear != null) ? Collections.unmodifiableSet(new LinkedHashSet<>(clear)) : Set.of();
		replaceTags = (replaceTags != null) ? Collections.unmodifiableList(new ArrayList<>(replaceTags)) : null;
		addTags = (addTags != null) ? Collections.unmodifiableList(new ArrayList<>(addTags)) : List.of();
		removeTags = (removeTags != null) ? Collections.unmodifiableList(new ArrayList<>(removeTags)) : List.of();
		customFields = (customFields != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(customFields))
				: Map.of();
		dndSettings = (dndSettings != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(dndSettings)) : Map.of();
		clearDndChannels = (clearDndChannels != null)
				? Collections.unmodifiableSet(new LinkedHashSet<>(clearDndChannels)) : Set.of();
	}

	/**
	 * Start a command.
	 * @param commandId idempotency key
	 * @param tenantId the tenant
	 * @param source the source link (record id may be null)
	 * @param occurredAt when the change happened at the source
	 * @return a builder
	 */
	public static Builder builder(String commandId, String tenantId, SourceLink source, Instant occurredAt) {
		return new Builder(commandId, tenantId, source, occurredAt);
	}

	/**
	 * A builder pre-filled with this command, to derive variants.
	 * @return a builder
	 */
	public Builder toBuilder() {
		Builder builder = new Builder(this.commandId, this.tenantId, this.source, this.occurredAt).email(this.email)
			.phone(this.phone)
			.createNewIfDuplicateAllowed(this.createNewIfDuplicateAllowed);
		builder.set.putAll(this.set);
		builder.clear.addAll(this.clear);
		builder.replaceTags = this.replaceTags;
		builder.addTags.addAll(this.addTags);
		builder.removeTags.addAll(this.removeTags);
		builder.customFields.putAll(this.customFields);
		builder.dndSettings.putAll(this.dndSettings);
		builder.clearDndChannels.addAll(this.clearDndChannels);
		return builder;
	}

	/** Builds an {@link UpsertCommand}; every method returns the builder. */
	public static final class Builder {

		private String commandId;

		private String tenantId;

		private SourceLink source;

		private Instant occurredAt;

		private String email;

		private String phone;

		private final Map<ContactField, String> set = new EnumMap<>(ContactField.class);

		private final Set<ContactField> clear = EnumSet.noneOf(ContactField.class);

		private List<String> replaceTags;

		private final List<String> addTags = new ArrayList<>();

		private final List<String> removeTags = new ArrayList<>();

		private final Map<String, Optional<CustomValue>> customFields = new LinkedHashMap<>();

		private final Map<DndChannel, DndSetting> dndSettings = new EnumMap<>(DndChannel.class);

		private final Set<DndChannel> clearDndChannels = EnumSet.noneOf(DndChannel.class);

		private boolean createNewIfDuplicateAllowed;

		private Builder(String commandId, String tenantId, SourceLink source, Instant occurredAt) {
			this.commandId = commandId;
			this.tenantId = tenantId;
			this.source = source;
			this.occurredAt = occurredAt;
		}

		public Builder commandId(String commandId) {
			this.commandId = commandId;
			return this;
		}

		public Builder tenantId(String tenantId) {
			this.tenantId = tenantId;
			return this;
		}

		public Builder source(SourceLink source) {
			this.source = source;
			return this;
		}

		public Builder occurredAt(Instant occurredAt) {
			this.occurredAt = occurredAt;
			return this;
		}

		public Builder email(String email) {
			this.email = email;
			return this;
		}

		public Builder phone(String phone) {
			this.phone = phone;
			return this;
		}

		public Builder set(ContactField field, String value) {
			this.set.put(field, value);
			return this;
		}

		public Builder clear(ContactField... fields) {
			this.clear.addAll(Arrays.asList(fields));
			return this;
		}

		public Builder replaceTags(String... tags) {
			this.replaceTags = new ArrayList<>(Arrays.asList(tags));
			return this;
		}

		public Builder replaceTags(List<String> tags) {
			this.replaceTags = (tags != null) ? new ArrayList<>(tags) : null;
			return this;
		}

		public Builder addTags(String... tags) {
			this.addTags.addAll(Arrays.asList(tags));
			return this;
		}

		public Builder removeTags(String... tags) {
			this.removeTags.addAll(Arrays.asList(tags));
			return this;
		}

		public Builder customField(String key, CustomValue value) {
			this.customFields.put(key, Optional.of(value));
			return this;
		}

		public Builder clearCustomField(String key) {
			this.customFields.put(key, Optional.empty());
			return this;
		}

		public Builder dnd(DndChannel channel, DndSetting setting) {
			this.dndSettings.put(channel, setting);
			return this;
		}

		public Builder clearDnd(DndChannel... channels) {
			this.clearDndChannels.addAll(Arrays.asList(channels));
			return this;
		}

		public Builder createNewIfDuplicateAllowed(boolean value) {
			this.createNewIfDuplicateAllowed = value;
			return this;
		}

		public UpsertCommand build() {
			return new UpsertCommand(this.commandId, this.tenantId, this.source, this.occurredAt, this.email,
					this.phone, this.set, this.clear, this.replaceTags, this.addTags, this.removeTags,
					this.customFields, this.dndSettings, this.clearDndChannels, this.createNewIfDuplicateAllowed);
		}

	}

}
