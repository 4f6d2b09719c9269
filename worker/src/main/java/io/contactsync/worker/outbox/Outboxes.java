package io.contactsync.worker.outbox;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** The outboxes inside the stored contacts, as the relay and the sweeper see them. */
public interface Outboxes {

	/**
	 * Contacts whose events have waited since before {@code olderThan}, oldest first.
	 * @param olderThan only outboxes whose oldest event was stored before this
	 * @param limit at most this many contacts
	 * @return each contact with its whole outbox
	 */
	List<OutboxDelivery> pendingSince(Instant olderThan, int limit);

	/**
	 * Removes published events from their contacts' outboxes.
	 * @param delivered what was published
	 */
	void clear(Collection<OutboxDelivery> delivered);

}
