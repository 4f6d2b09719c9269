package io.contactsync.worker.events;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.contactsync.contracts.ContactEvent;
import io.contactsync.worker.observability.WorkerMetrics;
import io.contactsync.worker.pipeline.TransientFailureException;
import io.contactsync.worker.store.PendingEvent;

import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes outbox events to the events topic, keyed by contact id, and waits for the
 * broker's acknowledgement. The producer is idempotent with {@code acks=all}, so a
 * contact's events keep their order on their partition.
 */
public class EventPublisher {

	private final KafkaTemplate<String, Object> template;

	private final String topic;

	private final Duration timeout;

	private final WorkerMetrics metrics;

	public EventPublisher(KafkaTemplate<String, Object> template, String topic, Duration timeout,
			WorkerMetrics metrics) {
		this.template = template;
		this.topic = topic;
		this.timeout = timeout;
		this.metrics = metrics;
	}

	/** Publishes events in the given order; throws when any is not acknowledged. */
	public void publish(List<PendingEvent> events) {
		if (events.isEmpty()) {
			return;
		}
		List<ContactEvent> decoded = new ArrayList<>(events.size());
		List<CompletableFuture<?>> sent = new ArrayList<>(events.size());
		for (PendingEvent pending : events) {
			ContactEvent event = decode(pending);
			decoded.add(event);
			sent.add(this.template.send(this.topic, event.getContactId(), event));
		}
		try {
			CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
				.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new TransientFailureException("interrupted while publishing events", ex);
		}
		catch (Exception ex) {
			throw new TransientFailureException("could not publish contact events to " + this.topic, ex);
		}
		Instant now = Instant.now();
		decoded.forEach((event) -> this.metrics.eventPublished(Duration.between(event.getOccurredAt(), now)));
	}

	public static byte[] encode(ContactEvent event) {
		try {
			ByteBuffer buffer = event.toByteBuffer();
			byte[] bytes = new byte[buffer.remaining()];
			buffer.get(bytes);
			return bytes;
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException("could not encode a contact event", ex);
		}
	}

	static ContactEvent decode(PendingEvent pending) {
		try {
			return ContactEvent.fromByteBuffer(ByteBuffer.wrap(pending.avro()));
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException("stored event " + pending.eventId() + " cannot be decoded", ex);
		}
	}

}
