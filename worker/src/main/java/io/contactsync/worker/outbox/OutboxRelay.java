package io.contactsync.worker.outbox;

import java.util.Collection;
import java.util.Set;

import io.contactsync.worker.observability.WorkerMetrics;

/**
 * Moves events from outboxes to the broker: publish, wait for the acknowledgements, then
 * clear. A crash in between publishes them again later, never loses them; subscribers
 * drop the duplicate by event id. An event the broker will never take (the sink says
 * which) is cleared too, and counted: kept, it would fail every later delivery of its
 * contact.
 */
public class OutboxRelay {

	private final EventSink sink;

	private final Outboxes outboxes;

	private final WorkerMetrics metrics;

	public OutboxRelay(EventSink sink, Outboxes outboxes, WorkerMetrics metrics) {
		this.sink = sink;
		this.outboxes = outboxes;
		this.metrics = metrics;
	}

	/**
	 * Publishes and then clears these deliveries.
	 * @param deliveries events per contact, oldest first
	 */
	public void relay(Collection<OutboxDelivery> deliveries) {
		if (deliveries.isEmpty()) {
			return;
		}
		long t = System.nanoTime();
		Set<String> undeliverable = this.sink.publish(deliveries);
		t = this.metrics.lap("publish", t);
		this.metrics.eventsUndeliverable(undeliverable.size());
		this.outboxes.clear(deliveries);
		this.metrics.lap("clear", t);
	}

}
