package io.contactsync.worker.events;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.contactsync.contracts.ContactEvent;
import io.contactsync.worker.observability.WorkerMetrics;
import io.contactsync.worker.failure.TransientFailureException;
import io.contactsync.worker.merge.Contact;
import io.contactsync.worker.outbox.EventSink;
import io.contactsync.worker.outbox.OutboxDelivery;
import io.contactsync.worker.outbox.PendingEvent;

import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes outbox events to the events topic and contact states to the compacted state
 * topic, keyed by contact id, and waits for the broker's acknowledgement. The producer is
 * idempotent with {@code acks=all}, so a contact's events keep their order on their
 * partition.
 */
public class EventPublisher implements EventSink {

	private final KafkaTemplate<String, Object> template;

	private final String topic;

	private final String stateTopic;

	private final Duration timeout;

	private final WorkerMetrics metrics;

	public EventPublisher(KafkaTemplate<String, Object> template, String topic, String stateTopic, Duration timeout,
			WorkerMetrics metrics) {
		this.template = template;
		this.topic = topic;
		this.stateTopic = stateTopic;
		this.timeout = timeout;
		this.metrics = metrics;
	}

	/**
	 * Publishes the deliveries' events, in order, and then each contact's current state
	 * to the compacted state topic (when one is configured). Throws when any record is
	 * not acknowledged.
	 */
	@Override
	public void publish(Collection<OutboxDelivery> deliveries) {
		List<ContactEvent> decoded = new ArrayList<>();
		List<CompletableFuture<?>> sent = new ArrayList<>();
		for (OutboxDelivery delivery : deliveries) {
			for (PendingEvent pending : delivery.events()) {
				ContactEvent event = decode(pending);
				decoded.add(event);
				sent.add(this.template.send(this.topic, event.getContactId(), event));
			}
		}
		if (this.stateTopic != null) {
			for (OutboxDelivery delivery : deliveries) {
				sent.add(this.template.send(this.stateTopic, delivery.contact().id().value(),
						ContactEvents.contact(delivery.contact())));
			}
		}
		await(sent, "contact events to " + this.topic);
		Instant now = Instant.now();
		decoded.forEach((event) -> this.metrics.eventPublished(Duration.between(event.getOccurredAt(), now)));
	}

	/** Publishes contacts' current state to the state topic (snapshots, repairs). */
	public void publishStates(Collection<Contact> contacts) {
		if (this.stateTopic == null) {
			throw new IllegalStateException("no state topic is configured (contact-sync.pipeline.state-topic)");
		}
		List<CompletableFuture<?>> sent = new ArrayList<>(contacts.size());
		for (Contact contact : contacts) {
			sent.add(this.template.send(this.stateTopic, contact.id().value(), ContactEvents.contact(contact)));
		}
		await(sent, "contact states to " + this.stateTopic);
	}

	private void await(List<CompletableFuture<?>> sent, String what) {
		if (sent.isEmpty()) {
			return;
		}
		try {
			CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
				.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new TransientFailureException("interrupted while publishing " + what, ex);
		}
		catch (Exception ex) {
			throw new TransientFailureException("could not publish " + what, ex);
		}
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
