package io.contactsync.worker.merge;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A valid command with every value normalized, ready for {@link MergeEngine#apply}.
 * Obtain it from {@link MergeEngine#normalize}; the constructor does not validate.
 *
 * @param commandId idempotency key
 * @param tenantId the tenant
 * @param source the publishing system and, if known, the source record id
 * @param stamp the stamp of every write of this command
 * @param email the lower-case email, absent when not given, a placeholder or blocked
 * @param phone the E.164 phone, absent when not given, a placeholder or blocked
 * @param set scalar values to set (never EMAIL or PHONE)
 * @param clear fields to clear (EMAIL and PHONE included)
 * @param tags tag operations
 * @param customFields custom values by key; empty clears the key
 * @param dndSettings DND settings by channel; empty clears the channel
 * @param createWithoutMatching HighLevel scenario 1: the tenant allows duplicates and the
 * command asked to create a new contact
 * @param droppedIdentifiers identifiers treated as absent, without their values
 * @param lookupKeys what the store must look up for {@link MergeEngine#apply}
 */
public record NormalizedCommand(CommandId commandId, TenantId tenantId, SourceLink source, Stamp stamp,
		Optional<String> email, Optional<String> phone, Map<ContactField, String> set, Set<ContactField> clear,
		TagOps tags, Map<String, Optional<CustomValue>> customFields, Map<DndChannel, Optional<DndSetting>> dndSettings,
		boolean createWithoutMatching, List<DroppedIdentifier> droppedIdentifiers,
		LookupKeys lookupKeys) implements Normalized {

	public NormalizedCommand {
		set = Collections.unmodifiableMap(set.isEmpty() ? new EnumMap<>(ContactField.class) : new EnumMap<>(set));
		clear = Collections
			.unmodifiableSet(clear.isEmpty() ? EnumSet.noneOf(ContactField.class) : EnumSet.copyOf(clear));
		customFields = Collections.unmodifiableSortedMap(new TreeMap<>(customFields));
		dndSettings = Collections
			.unmodifiableMap(dndSettings.isEmpty() ? new EnumMap<>(DndChannel.class) : new EnumMap<>(dndSettings));
		droppedIdentifiers = List.copyOf(droppedIdentifiers);
	}

	/**
	 * The source link to match on and to record on the contact.
	 * @return the link, when the command names a source record id
	 */
	public Optional<SourceLink> sourceLink() {
		return this.source.hasRecordId() ? Optional.of(this.source) : Optional.empty();
	}

	/**
	 * The normalized value of an identifier.
	 * @param kind email or phone
	 * @return the value, if the command carries a usable one
	 */
	public Optional<String> identifier(IdentifierKind kind) {
		return (kind == IdentifierKind.EMAIL) ? this.email : this.phone;
	}

	/**
	 * The id of the contact this command creates, if it creates one.
	 * @return the deterministic id
	 */
	public ContactId createdContactId() {
		return this.lookupKeys.createdContactId();
	}

}
