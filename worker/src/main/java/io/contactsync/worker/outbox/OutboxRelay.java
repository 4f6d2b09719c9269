package io.contactsync.worker.outbox;

import java.util.Collection;
import java.util.Set;

import io.contactsync.worker.observability.WorkerMetrics;

/**
 * Moves events from outboxes to the broker and waits for the acknowledgements. Nothing is
 * cleared afterwards: an entry stays in its contact's document until its batch is surely
 * out ({@link EventLedger}) and goes with the contact's next write, so publishing costs
 * the store nothing. An event the broker will never take (the sink says which) is counted
 * and dropped.
 */
public class OutboxRelay {

	private final EventSink sink;

	private final WorkerMetrics metrics;

	public OutboxRelay(EventSink sink, WorkerMetrics metrics) {
		this.sink = sink;
		this.metrics = metrics;
	}

	/**
	 * Publishes these deliveries.
	 * @param deliveries events per contact, oldest first
	 */
	public void relay(Collection<OutboxDelivery> deliveries) {
		if (deliveries.isEmpty()) {
			return;
		}
		long t = System.nanoTime();
		Set<String> undeliverable = this.sink.publish(deliveries);
		this.metrics.lap("publish", t);
		this.metrics.eventsUndeliverable(undeliverable.size());
	}

}
