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
	 * worker. The command id counts with its source system.
	 * @param tenantId the tenant
	 * @param commandId the creating command
	 * @return the deterministic contact id
	 */
	public static ContactId forCreation(TenantId tenantId, CommandId commandId) {
		return nameBased("contact-sync/contact/v2\u0000" + tenantId.value() + "\u0000" + commandId.scoped());
	}

	/**
	 * The id that versions before command ids were scoped by system gave the contact a
	 * command created, so that such a command, delivered again, is still recognised.
	 * @param tenantId the tenant
	 * @param commandId the creating command
	 * @return the id the command created before
	 */
	public static ContactId beforeScopedCommandIds(TenantId tenantId, CommandId commandId) {
		return nameBased("contact-sync/contact\u0000" + tenantId.value() + "\u0000" + commandId.value());
	}

	private static ContactId nameBased(String name) {
		return new ContactId(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString());
	}

	@Override
	public String toString() {
		return this.value;
	}

}
