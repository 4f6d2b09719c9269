package io.contactsync.worker.store;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.contactsync.worker.merge.ContactId;
import io.contactsync.worker.merge.LookupKeys;

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
	Map<ContactId, StoredContact> load(Collection<LookupKeys> lookups);

	/**
	 * Writes every change, each conditional on the version it was computed from, and
	 * reports which ones lost a race (someone changed the contact first, or took one of
	 * its identifiers). The others are durable when this returns.
	 * @param writes the changes
	 * @return ids of the contacts whose write did not happen
	 */
	Set<ContactId> write(List<ContactWrite> writes);

}
