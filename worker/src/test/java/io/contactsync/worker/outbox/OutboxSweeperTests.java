package io.contactsync.worker.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.contactsync.worker.merge.Contact;
import io.contactsync.worker.merge.ContactId;
import io.contactsync.worker.merge.TenantId;
import io.contactsync.worker.observability.WorkerMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sweeper reaches every contact with old pending events, page after page, and one
 * event the broker will never take does not stop it.
 */
class OutboxSweeperTests {

	private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

	private final FakeOutboxes outboxes = new FakeOutboxes();

	private final FakeSink sink = new FakeSink();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	@Test
	void reachesEveryPendingContactPageByPage() {
		for (int i = 0; i < 1234; i++) {
			this.outboxes.add("c" + i, NOW.minusSeconds(600 + i), "e" + i);
		}

		int published = sweeper(100).sweep();

		assertThat(published).isEqualTo(1234);
		assertThat(this.sink.published).hasSize(1234);
		assertThat(this.outboxes.pending).isEmpty();
	}

	@Test
	void goesPastAContactWhoseOutboxCannotBeCleared() {
		for (int i = 0; i < 10; i++) {
			this.outboxes.add("c" + i, NOW.minusSeconds(600 + i), "e" + i);
		}
		// Its outbox stays: without paging by position, every sweep would see only it
		// and the contacts before it.
		this.outboxes.stuck.add("c9");

		sweeper(3).sweep();

		assertThat(this.sink.published).hasSize(10);
		assertThat(this.outboxes.pending.keySet()).containsExactly("c9");
	}

	@Test
	void clearsAnEventTheBrokerWillNeverTakeAndGoesOn() {
		for (int i = 0; i < 5; i++) {
			this.outboxes.add("c" + i, NOW.minusSeconds(600 + i), "e" + i);
		}
		this.sink.undeliverable.add("e2");

		sweeper(2).sweep();

		assertThat(this.sink.published).hasSize(4).doesNotContain("e2");
		assertThat(this.outboxes.pending).isEmpty();
		assertThat(this.meters.get("contactsync.events.undeliverable").counter().count()).isEqualTo(1);
	}

	@Test
	void leavesEventsYoungerThanTheMinimumAge() {
		this.outboxes.add("old", NOW.minusSeconds(61), "e1");
		this.outboxes.add("young", NOW.minusSeconds(59), "e2");

		sweeper(10).sweep();

		assertThat(this.sink.published).containsExactly("e1");
		assertThat(this.outboxes.pending.keySet()).containsExactly("young");
	}

	private OutboxSweeper sweeper(int batchSize) {
		WorkerMetrics metrics = new WorkerMetrics(this.meters);
		OutboxSettings settings = new OutboxSettings(true, Duration.ofSeconds(30), Duration.ofSeconds(60), batchSize);
		return new OutboxSweeper(this.outboxes, new OutboxRelay(this.sink, this.outboxes, metrics), settings,
				Clock.fixed(NOW, ZoneOffset.UTC));
	}

	private static Contact contact(String id) {
		return new Contact(new ContactId(id), new TenantId("t"), 1, NOW, NOW, Map.of(), null, Map.of(), Map.of(),
				Set.of());
	}

	/** Outboxes by contact id, paged like the store: by oldest event, then id. */
	private static final class FakeOutboxes implements Outboxes {

		final Map<String, OutboxDelivery> pending = new TreeMap<>();

		final Set<String> stuck = new HashSet<>();

		void add(String contact, Instant storedAt, String eventId) {
			PendingEvent event = new PendingEvent(eventId, 1, storedAt, new byte[] { 1 }, PendingEvent.Encoding.WIRE,
					storedAt, "crm/" + eventId);
			this.pending.put(contact, new OutboxDelivery(contact(contact), List.of(event), true));
		}

		@Override
		public List<OutboxDelivery> pendingSince(Instant olderThan, OutboxDelivery after, int limit) {
			Comparator<OutboxDelivery> order = Comparator
				.comparing((OutboxDelivery delivery) -> delivery.events().get(0).storedAt())
				.thenComparing((delivery) -> delivery.contact().id().value());
			return this.pending.values()
				.stream()
				.filter((delivery) -> delivery.events().get(0).storedAt().isBefore(olderThan))
				.filter((delivery) -> after == null || order.compare(delivery, after) > 0)
				.sorted(order)
				.limit(limit)
				.toList();
		}

		@Override
		public void clear(Collection<OutboxDelivery> delivered) {
			delivered.forEach((delivery) -> {
				if (!this.stuck.contains(delivery.contact().id().value())) {
					this.pending.remove(delivery.contact().id().value());
				}
			});
		}

	}

	private static final class FakeSink implements EventSink {

		final List<String> published = new ArrayList<>();

		final Set<String> undeliverable = new HashSet<>();

		@Override
		public Set<String> publish(Collection<OutboxDelivery> deliveries) {
			Set<String> refused = new HashSet<>();
			deliveries.forEach((delivery) -> delivery.events().forEach((event) -> {
				if (this.undeliverable.contains(event.eventId())) {
					refused.add(event.eventId());
				}
				else {
					this.published.add(event.eventId());
				}
			}));
			return refused;
		}

	}

}
