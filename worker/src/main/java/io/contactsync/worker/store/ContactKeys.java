package io.contactsync.worker.store;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.contactsync.worker.merge.Contact;
import io.contactsync.worker.merge.ContactId;
import io.contactsync.worker.merge.LookupKeys;
import io.contactsync.worker.merge.SourceLink;
import io.contactsync.worker.merge.TenantId;

/**
 * Identity keys: what a command can find a contact by. Each key carries its tenant and
 * kind: {@code tenant|e|email}, {@code tenant|p|+15551234567},
 * {@code tenant|s|system|recordId}, {@code tenant|c|contactId}. Every part is escaped
 * ({@code %} as {@code %25}, {@code |} as {@code %7C}), so a key splits back into exactly
 * one (tenant, kind, parts) tuple: no value of one tenant can spell a key of another, and
 * a unique index on the keys alone is unique per tenant.
 *
 * <p>
 * Versions up to 0.1 did not escape. A part without {@code %} or {@code |} is spelled the
 * same either way; for the others, {@link #previousSpellings} gives the old keys so that
 * documents stored then are still found, and rewritten with the new keys on their next
 * change.
 */
public final class ContactKeys {

	private ContactKeys() {
	}

	/** The keys a command looks up. */
	public static List<String> of(LookupKeys lookup) {
		return of(lookup, true);
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
				keys.add(source(tenant, link, true));
			}
		}
		return keys;
	}

	/**
	 * The keys of a look-up as versions up to 0.1 spelled them, where that differs from
	 * {@link #of(LookupKeys)}: a stored contact may still carry those.
	 */
	public static Set<String> previousSpellings(LookupKeys lookup) {
		Set<String> previous = new LinkedHashSet<>(of(lookup, false));
		previous.removeAll(of(lookup, true));
		return previous;
	}

	/** The key of the contact itself: always unique, even when duplicates are allowed. */
	static String own(Contact contact) {
		return own(escape(contact.tenantId().value()), contact.id());
	}

	private static List<String> of(LookupKeys lookup, boolean escaped) {
		String tenant = part(lookup.tenantId().value(), escaped);
		List<String> keys = new ArrayList<>(5);
		keys.add(own(tenant, lookup.createdContactId()));
		lookup.previousCreatedContactId().ifPresent((id) -> keys.add(own(tenant, id)));
		lookup.sourceLink().ifPresent((link) -> keys.add(source(tenant, link, escaped)));
		lookup.email().ifPresent((email) -> keys.add(tenant + "|e|" + part(email, escaped)));
		lookup.phone().ifPresent((phone) -> keys.add(tenant + "|p|" + part(phone, escaped)));
		return keys;
	}

	private static String own(String tenant, ContactId id) {
		return tenant + "|c|" + escape(id.value());
	}

	private static String source(String tenant, SourceLink link, boolean escaped) {
		return tenant + "|s|" + part(link.system(), escaped) + "|" + part(link.recordId(), escaped);
	}

	private static String part(String value, boolean escaped) {
		return escaped ? escape(value) : value;
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
