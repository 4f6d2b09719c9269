package io.contactsync.worker.outbox;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** The outboxes inside the stored contacts, as the relay and the sweeper see them. */
public interface Outboxes {

	/**
	 * A page of contacts whose events have waited since before {@code olderThan}, oldest
	 * first (by the time their oldest event was stored, then by contact id).
	 * @param olderThan only outboxes whose oldest event was stored before this
	 * @param after the last delivery of the previous page, or null for the first page
	 * @param limit at most this many contacts
	 * @return each contact with its whole outbox; contacts the store cannot read are
	 * skipped (and logged), so one of them never stops a sweep
	 */
	List<OutboxDelivery> pendingSince(Instant olderThan, OutboxDelivery after, int limit);

	/**
	 * Removes published events from their contacts' outboxes.
	 * @param delivered what was published
	 */
	void clear(Collection<OutboxDelivery> delivered);

}
