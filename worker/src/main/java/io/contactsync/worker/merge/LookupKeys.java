package io.contactsync.worker.merge;

import java.util.Optional;

/**
 * What the store must look up before {@link MergeEngine#apply}: every contact of the
 * tenant that has this id, is linked to this source link, or owns this email or phone.
 * Absent keys need no lookup.
 *
 * @param tenantId the tenant (never look outside it)
 * @param createdContactId the id the command gives a contact it creates; load it too, so
 * a redelivered creating command is recognised
 * @param sourceLink the (system, recordId) to find
 * @param email the normalized email to find
 * @param phone the E.164 phone to find
 * @param previousCreatedContactId the id an earlier version gave the contact this command
 * created, when only that id can recognise it (a command that creates without matching)
 */
public record LookupKeys(TenantId tenantId, ContactId createdContactId, Optional<SourceLink> sourceLink,
		Optional<String> email, Optional<String> phone, Optional<ContactId> previousCreatedContactId) {

	public LookupKeys(TenantId tenantId, ContactId createdContactId, Optional<SourceLink> sourceLink,
			Optional<String> email, Optional<String> phone) {
		this(tenantId, createdContactId, sourceLink, email, phone, Optional.empty());
	}

}
