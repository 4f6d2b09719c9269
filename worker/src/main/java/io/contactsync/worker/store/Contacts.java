package io.contactsync.worker.store;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.contactsync.worker.merge.ContactId;
import io.contactsync.worker.merge.LookupKeys;
import io.contactsync.worker.merge.TenantId;
import io.contactsync.worker.outbox.Origin;

/**
 * The contact store as the pipeline sees it: look contacts up by identity and write
 * changes conditionally. {@link ContactStore} is the MongoDB one.
 */
public interface Contacts {

	/**
	 * Every stored contact any of these look-ups can match.
	 * @param lookups what the commands of a batch look up
	 * @return the contacts found, by id
	 */
	default Map<ContactId, StoredContact> load(Collection<LookupKeys> lookups) {
		return load(lookups, Map.of());
	}

	/**
	 * Every stored contact any of these look-ups can match, and every one holding an
	 * outbox entry of one of these records (which finds the contact a record changed even
	 * after a later command moved the identifiers it was found by).
	 * @param lookups what the commands of a batch look up
	 * @param records the records of the batch, by tenant
	 * @return the contacts found, by id
	 */
	Map<ContactId, StoredContact> load(Collection<LookupKeys> lookups, Map<TenantId, Set<Origin>> records);

	/**
	 * Writes every change, each conditional on the version it was computed from, and
	 * reports which ones lost a race (someone changed the contact first, or took one of
	 * its identifiers). The others are durable when this returns.
	 * @param writes the changes
	 * @return ids of the contacts whose write did not happen
	 */
	Set<ContactId> write(List<ContactWrite> writes);

}
