package io.contactsync.worker.merge;

/**
 * The account a contact belongs to (HighLevel locationId, Notifuse workspace_id, ChatbotX
 * workspace). Tenants never see each other's contacts.
 *
 * @param value the tenant id, never blank
 */
public record TenantId(String value) {

	public TenantId {
		Ids.requireNonBlank(value, "TenantId");
	}

	@Override
	public String toString() {
		return this.value;
	}

}
