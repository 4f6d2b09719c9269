package io.contactsync.worker.events;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.contactsync.contracts.ContactEvent;
import io.contactsync.worker.failure.Failures;
import io.contactsync.worker.failure.TransientFailureException;
import io.contactsync.worker.merge.Contact;
import io.contactsync.worker.observability.WorkerMetrics;
import io.contactsync.worker.outbox.EventSink;
import io.contactsync.worker.outbox.OutboxDelivery;
import io.contactsync.worker.outbox.PendingEvent;
import org.apache.avro.AvroRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes outbox events to the events topic and contact states to the compacted state
 * topic, keyed by contact id, and waits for the broker's acknowledgement. Events go out
 * as the bytes stored in the outbox. The producer is idempotent with {@code acks=all}, so
 * a contact's events keep their order on their partition.
 */
public class EventPublisher implements EventSink {

	private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);

	private final KafkaTemplate<String, byte[]> template;

	private final EventEncoder encoder;

	private final String topic;

	private final String stateTopic;

	private final Duration timeout;

	private final WorkerMetrics metrics;

	public EventPublisher(KafkaTemplate<String, byte[]> template, EventEncoder encoder, String topic, String stateTopic,
			Duration timeout, WorkerMetrics metrics) {
		this.template = template;
		this.encoder = encoder;
		this.topic = topic;
		this.stateTopic = stateTopic;
		this.timeout = timeout;
		this.metrics = metrics;
	}

	/**
	 * Publishes the deliveries' events, in order, and then each contact's current state
	 * to the compacted state topic (when one is configured).
	 */
	@Override
	public Set<String> publish(Collection<OutboxDelivery> deliveries) {
		Set<String> undeliverable = new HashSet<>();
		List<Sent> sent = new ArrayList<>();
		for (OutboxDelivery delivery : deliveries) {
			String key = delivery.contact().id().value();
			for (PendingEvent pending : delivery.events()) {
				byte[] value = wire(pending);
				if (value == null) {
					undeliverable.add(pending.eventId());
					continue;
				}
				sent.add(new Sent(pending, this.template.send(this.topic, key, value)));
			}
			if (this.stateTopic != null) {
				sent.add(new Sent(null, this.template.send(this.stateTopic, key,
						this.encoder.state(ContactEvents.contact(delivery.contact())))));
			}
		}
		await(sent, undeliverable);
		Instant now = Instant.now();
		for (Sent one : sent) {
			if (one.event() != null && !undeliverable.contains(one.event().eventId())) {
				this.metrics.eventPublished((one.event().occurredAt() != null)
						? Duration.between(one.event().occurredAt(), now) : Duration.ZERO);
			}
		}
		return undeliverable;
	}

	/** Publishes contacts' current state to the state topic (snapshots, repairs). */
	public void publishStates(Collection<Contact> contacts) {
		if (this.stateTopic == null) {
			throw new IllegalStateException("no state topic is configured (contact-sync.pipeline.state-topic)");
		}
		List<Sent> sent = new ArrayList<>(contacts.size());
		for (Contact contact : contacts) {
			sent.add(new Sent(null, this.template.send(this.stateTopic, contact.id().value(),
					this.encoder.state(ContactEvents.contact(contact)))));
		}
		await(sent, new HashSet<>());
	}

	private record Sent(PendingEvent event, CompletableFuture<?> future) {
	}

	/**
	 * Waits for every record. A record the broker refuses for good (too large) is
	 * reported, not retried: it would block every later batch of its contact.
	 */
	private void await(List<Sent> sent, Set<String> undeliverable) {
		if (sent.isEmpty()) {
			return;
		}
		try {
			CompletableFuture.allOf(sent.stream().map(Sent::future).toArray(CompletableFuture[]::new))
				.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
			return;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new TransientFailureException("interrupted while publishing to " + this.topic, ex);
		}
		catch (ExecutionException ex) {
			// Look at each record below.
		}
		catch (java.util.concurrent.TimeoutException ex) {
			throw new TransientFailureException("the broker did not acknowledge events within " + this.timeout, ex);
		}
		for (Sent one : sent) {
			Throwable failure = one.future().handle((ok, error) -> error).join();
			if (failure == null) {
				continue;
			}
			if (Failures.isTransient(failure)) {
				throw new TransientFailureException("could not publish to " + this.topic, failure);
			}
			if (one.event() != null) {
				log.error("Event {} (contact version {}) can never be published ({}); dropping it",
						one.event().eventId(), one.event().contactVersion(), Failures.kind(failure));
				undeliverable.add(one.event().eventId());
			}
			else {
				log.error("A contact state can never be published to {} ({}); the next change publishes it again",
						this.stateTopic, Failures.kind(failure));
			}
		}
	}

	/**
	 * The record value of an outbox entry; null when no schema this version knows reads
	 * it.
	 */
	private byte[] wire(PendingEvent pending) {
		if (pending.encoding() == PendingEvent.Encoding.WIRE) {
			return pending.wire();
		}
		try {
			return this.encoder.event(ContactEvent.fromByteBuffer(ByteBuffer.wrap(pending.wire())));
		}
		catch (IOException | AvroRuntimeException ex) {
			log.error("Outbox entry of event {} cannot be read by this version ({}); dropping it", pending.eventId(),
					Failures.kind(ex));
			return null;
		}
	}

}
