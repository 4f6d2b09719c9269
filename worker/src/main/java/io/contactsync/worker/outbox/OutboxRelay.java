package io.contactsync.worker.outbox;

import java.util.Collection;

import io.contactsync.worker.observability.WorkerMetrics;

/**
 * Moves events from outboxes to the broker: publish, wait for the acknowledgements, then
 * clear. A crash in between publishes them again later, never loses them; subscribers
 * drop the duplicate by event id.
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
		this.sink.publish(deliveries);
		t = this.metrics.lap("publish", t);
		this.outboxes.clear(deliveries);
		this.metrics.lap("clear", t);
	}

}
