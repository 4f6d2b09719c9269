package io.contactsync.worker.outbox;

import java.time.Clock;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes events that stayed in contact outboxes longer than {@code minAge}, then
 * clears them. Several instances may sweep at once: a duplicate event is harmless
 * (subscribers dedupe on event id).
 */
public class OutboxSweeper {

	private static final Logger log = LoggerFactory.getLogger(OutboxSweeper.class);

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

	/** One sweep; returns the number of events published. */
	public int sweep() {
		List<OutboxDelivery> pending = this.outboxes.pendingSince(this.clock.instant().minus(this.settings.minAge()),
				this.settings.batchSize());
		if (pending.isEmpty()) {
			return 0;
		}
		this.relay.relay(pending);
		int events = pending.stream().mapToInt((delivery) -> delivery.events().size()).sum();
		log.info("Outbox sweep published {} events of {} contacts", events, pending.size());
		return events;
	}

}
