package io.contactsync.worker.pipeline;

import java.time.Duration;
import java.time.Instant;

import io.contactsync.worker.outbox.EventLedger;

/**
 * What becomes of the events stored in the outbox of a contact a batch loads: see
 * "Outbox" in docs/architecture.md.
 *
 * @param ledger which records' events are out
 * @param maker makes an entry's bytes when needed
 * @param leftoverGrace an entry not out after this long is published by whoever loads its
 * contact (its writer presumably crashed)
 * @param retention an entry older than this goes with the next write, out or not
 */
record OutboxRules(EventLedger ledger, EventMaker maker, Duration leftoverGrace, Duration retention) {

	boolean isLeftOver(Instant storedAt, Instant now) {
		return storedAt.plus(this.leftoverGrace).isBefore(now);
	}

	boolean isExpired(Instant storedAt, Instant now) {
		return storedAt.plus(this.retention).isBefore(now);
	}

}
