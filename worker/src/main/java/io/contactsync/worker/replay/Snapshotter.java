package io.contactsync.worker.replay;

import io.contactsync.worker.events.EventPublisher;
import io.contactsync.worker.merge.TenantId;
import io.contactsync.worker.store.ContactStore;

/**
 * Republishes the current state of every contact (or one tenant's) to the compacted state
 * topic: to bootstrap it, or to repair it after it was lost or wiped.
 */
public class Snapshotter {

	private final ContactStore store;

	private final EventPublisher publisher;

	public Snapshotter(ContactStore store, EventPublisher publisher) {
		this.store = store;
		this.publisher = publisher;
	}

	/** Returns the number of contacts published. */
	public long run(TenantId tenant, Replayer.Progress progress) {
		long total = this.store.count(tenant);
		long[] done = { 0 };
		progress.update(0, total);
		this.store.forEachChunk(tenant, 500, (contacts) -> {
			this.publisher.publishStates(contacts);
			done[0] += contacts.size();
			progress.update(Math.min(done[0], total), total);
		});
		return done[0];
	}

}
