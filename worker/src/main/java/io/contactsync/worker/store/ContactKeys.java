package io.contactsync.worker.store;

import java.util.ArrayList;
import java.util.List;

import io.contactsync.worker.merge.Contact;
import io.contactsync.worker.merge.ContactId;
import io.contactsync.worker.merge.LookupKeys;
import io.contactsync.worker.merge.SourceLink;
import io.contactsync.worker.merge.TenantId;

/**
 * Identity keys: what a command can find a contact by. Each key carries its tenant
 * ({@code tenant|e|email}, {@code tenant|p|+15551234567},
 * {@code tenant|s|system|recordId}, {@code tenant|c|contactId}), so one key never matches
 * across tenants and a unique index on the keys alone is unique per tenant.
 */
public final class ContactKeys {

	private ContactKeys() {
	}

	/** The keys a command looks up. */
	public static List<String> of(LookupKeys lookup) {
		String tenant = prefix(lookup.tenantId());
		List<String> keys = new ArrayList<>(4);
		keys.add(own(tenant, lookup.createdContactId()));
		lookup.sourceLink().ifPresent((link) -> keys.add(source(tenant, link)));
		lookup.email().ifPresent((email) -> keys.add(tenant + "e|" + email));
		lookup.phone().ifPresent((phone) -> keys.add(tenant + "p|" + phone));
		return keys;
	}

	/** The keys a stored contact can be found by. */
	public static List<String> of(Contact contact) {
		String tenant = prefix(contact.tenantId());
		List<String> keys = new ArrayList<>(4);
		keys.add(own(tenant, contact.id()));
		contact.email().ifPresent((email) -> keys.add(tenant + "e|" + email));
		contact.phone().ifPresent((phone) -> keys.add(tenant + "p|" + phone));
		for (SourceLink link : contact.sources()) {
			if (link.hasRecordId()) {
				keys.add(source(tenant, link));
			}
		}
		return keys;
	}

	/** The key of the contact itself: always unique, even when duplicates are allowed. */
	static String own(Contact contact) {
		return own(prefix(contact.tenantId()), contact.id());
	}

	private static String prefix(TenantId tenant) {
		return tenant.value() + "|";
	}

	private static String own(String tenant, ContactId id) {
		return tenant + "c|" + id.value();
	}

	private static String source(String tenant, SourceLink link) {
		return tenant + "s|" + link.system() + "|" + link.recordId();
	}

}
