package io.contactsync.worker.store;

import java.util.ArrayList;
import java.util.List;

import io.contactsync.worker.merge.Contact;
import io.contactsync.worker.merge.ContactId;
import io.contactsync.worker.merge.LookupKeys;
import io.contactsync.worker.merge.SourceLink;
import io.contactsync.worker.merge.TenantId;
import io.contactsync.worker.outbox.Origin;

/**
 * Identity keys: what a command can find a contact by. Each key carries its tenant and
 * kind: {@code tenant|e|email}, {@code tenant|p|+15551234567},
 * {@code tenant|s|system|recordId}, {@code tenant|c|contactId}. Every part is escaped
 * ({@code %} as {@code %25}, {@code |} as {@code %7C}), so a key splits back into exactly
 * one (tenant, kind, parts) tuple: no value of one tenant can spell a key of another, and
 * a unique index on the keys alone is unique per tenant.
 *
 * <p>
 * Versions up to 0.1 did not escape: their documents are rewritten with these keys when
 * the store is upgraded ({@link ContactStore#ensureIndexes}).
 */
public final class ContactKeys {

	private ContactKeys() {
	}

	/** The keys a command looks up. */
	public static List<String> of(LookupKeys lookup) {
		String tenant = escape(lookup.tenantId().value());
		List<String> keys = new ArrayList<>(5);
		keys.add(own(tenant, lookup.createdContactId()));
		lookup.previousCreatedContactId().ifPresent((id) -> keys.add(own(tenant, id)));
		lookup.sourceLink().ifPresent((link) -> keys.add(source(tenant, link)));
		lookup.email().ifPresent((email) -> keys.add(tenant + "|e|" + escape(email)));
		lookup.phone().ifPresent((phone) -> keys.add(tenant + "|p|" + escape(phone)));
		return keys;
	}

	/** The keys a stored contact can be found by. */
	public static List<String> of(Contact contact) {
		String tenant = escape(contact.tenantId().value());
		List<String> keys = new ArrayList<>(4);
		keys.add(own(tenant, contact.id()));
		contact.email().ifPresent((email) -> keys.add(tenant + "|e|" + escape(email)));
		contact.phone().ifPresent((phone) -> keys.add(tenant + "|p|" + escape(phone)));
		for (SourceLink link : contact.sources()) {
			if (link.hasRecordId()) {
				keys.add(source(tenant, link));
			}
		}
		return keys;
	}

	/**
	 * The key of a record whose outbox entry a contact holds: a redelivered record finds
	 * the contact it changed by it, whatever identifiers moved since.
	 */
	public static String origin(TenantId tenant, Origin origin) {
		return escape(tenant.value()) + "|o|" + escape(origin.group()) + "|" + escape(origin.topic()) + "|"
				+ origin.partition() + "|" + origin.offset();
	}

	/**
	 * How many of the keys of {@link #of(LookupKeys)} are contact ids (they come first):
	 * those are unique even when the tenant allows duplicates.
	 */
	static int ownKeys(LookupKeys lookup) {
		return lookup.previousCreatedContactId().isPresent() ? 2 : 1;
	}

	/** The key of the contact itself: always unique, even when duplicates are allowed. */
	static String own(Contact contact) {
		return own(escape(contact.tenantId().value()), contact.id());
	}

	private static String own(String tenant, ContactId id) {
		return tenant + "|c|" + escape(id.value());
	}

	private static String source(String tenant, SourceLink link) {
		return tenant + "|s|" + escape(link.system()) + "|" + escape(link.recordId());
	}

	/** Escapes the separator and the escape character itself. */
	static String escape(String part) {
		if (part.indexOf('%') < 0 && part.indexOf('|') < 0) {
			return part;
		}
		return part.replace("%", "%25").replace("|", "%7C");
	}

	/** For store queries that name a tenant: its escaped form, as in its keys. */
	static String escape(TenantId tenant) {
		return escape(tenant.value());
	}

}
