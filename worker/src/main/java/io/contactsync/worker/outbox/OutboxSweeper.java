package io.contactsync.worker.outbox;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes events that stayed in contact outboxes longer than {@code minAge}, then
 * clears them, page by page until it has seen every such contact. Several instances may
 * sweep at once: a duplicate event is harmless (subscribers dedupe on event id).
 */
public class OutboxSweeper {

	private static final Logger log = LoggerFactory.getLogger(OutboxSweeper.class);

	private static final int MAX_PAGES = 10_000;

	private final Outboxes outboxes;

	private final OutboxRelay relay;

	private final OutboxSettings settings;

	private final Clock clock;

	public OutboxSweeper(Outboxes outboxes, OutboxRelay relay, OutboxSettings settings, Clock clock) {
		this.outboxes = outboxes;
		this.relay = relay;
		this.settings = settings;
		this.clock = clock;
	}

	/**
	 * One sweep over every contact whose events are older than {@code minAge}. Pages
	 * follow each other by (oldest event, contact id), so a contact that stays pending
	 * (its store refuses the clearing) never hides the ones after it.
	 * @return the number of events published
	 */
	public int sweep() {
		Instant olderThan = this.clock.instant().minus(this.settings.minAge());
		int events = 0;
		int contacts = 0;
		OutboxDelivery after = null;
		// A bound, in case a store paged badly: the next sweep goes on.
		for (int pages = 0; pages < MAX_PAGES; pages++) {
			List<OutboxDelivery> page = this.outboxes.pendingSince(olderThan, after, this.settings.batchSize());
			if (page.isEmpty()) {
				break;
			}
			this.relay.relay(page);
			events += page.stream().mapToInt((delivery) -> delivery.events().size()).sum();
			contacts += page.size();
			after = page.get(page.size() - 1);
		}
		if (events > 0) {
			log.info("Outbox sweep published {} events of {} contacts", events, contacts);
		}
		return events;
	}

}
