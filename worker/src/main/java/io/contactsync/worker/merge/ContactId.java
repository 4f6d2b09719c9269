package io.contactsync.worker.merge;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Identity of a stored contact. New ids are derived from the creating command, so a
 * redelivered command that creates a contact recreates the same id.
 *
 * @param value the contact id, never blank
 */
public record ContactId(String value) {

	public ContactId {
		Ids.requireNonBlank(value, "ContactId");
	}

	/**
	 * The id of the contact that {@code commandId} creates in {@code tenantId}: a
	 * name-based (type 3) UUID of both, so it is the same on every delivery and on every
	 * worker.
	 * @param tenantId the tenant
	 * @param commandId the creating command
	 * @return the deterministic contact id
	 */
	public static ContactId forCreation(TenantId tenantId, CommandId commandId) {
		String name = "contact-sync/contact\u0000" + tenantId.value() + "\u0000" + commandId.value();
		return new ContactId(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString());
	}

	@Override
	public String toString() {
		return this.value;
	}

}
