package io.contactsync.worker.observability;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

import io.contactsync.worker.merge.Created;
import io.contactsync.worker.merge.MergeOutcome;
import io.contactsync.worker.merge.Rejected;
import io.contactsync.worker.merge.Unchanged;
import io.contactsync.worker.merge.Updated;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The worker's Micrometer meters (exposed at {@code /actuator/prometheus} with a
 * {@code contactsync_} prefix). Names are listed in docs/operations.md.
 */
public class WorkerMetrics {

	private final MeterRegistry registry;

	private final Counter created;

	private final Counter updated;

	private final Counter unchanged;

	private final Counter rejected;

	private final Counter collisions;

	private final Counter staleFields;

	private final Counter duplicates;

	private final Counter optimisticRetries;

	private final Counter eventsPublished;

	private final Counter batchRetries;

	private final Counter eventsUndeliverable;

	private final DistributionSummary batchSize;

	private final Timer batchDuration;

	private final Timer endToEndLag;

	// Tagged meters looked up once, not rebuilt on every batch.
	private final Map<String, Timer> phases = new ConcurrentHashMap<>();

	private final Map<String, Counter> deadLetters = new ConcurrentHashMap<>();

	public WorkerMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.created = outcome("created");
		this.updated = outcome("updated");
		this.unchanged = outcome("unchanged");
		this.rejected = outcome("rejected");
		this.collisions = Counter.builder("contactsync.identity.collisions")
			.description("Identifiers of commands left with another contact that owns them")
			.register(registry);
		this.staleFields = Counter.builder("contactsync.fields.stale")
			.description("Field writes dropped because the contact holds a newer write")
			.register(registry);
		this.duplicates = Counter.builder("contactsync.commands.duplicates")
			.description("Commands delivered again after they had been applied")
			.register(registry);
		this.optimisticRetries = Counter.builder("contactsync.store.conflict.retries")
			.description("Command groups re-read and merged again after losing a write race")
			.register(registry);
		this.eventsPublished = Counter.builder("contactsync.events.published")
			.description("Contact events acknowledged by the broker")
			.register(registry);
		this.batchRetries = Counter.builder("contactsync.batch.retries")
			.description("Failed attempts at a batch that is being retried after a back-off")
			.register(registry);
		this.eventsUndeliverable = Counter.builder("contactsync.events.undeliverable")
			.description("Events dropped from outboxes because the broker can never take them")
			.register(registry);
		this.batchSize = DistributionSummary.builder("contactsync.batch.size")
			.description("Records per consumed batch")
			.register(registry);
		this.batchDuration = Timer.builder("contactsync.batch.duration")
			.description("Time to process one batch, dead letters and events included")
			.register(registry);
		this.endToEndLag = Timer.builder("contactsync.event.lag")
			.description("From the command's time at the source to its event being published")
			.register(registry);
	}

	private Counter outcome(String outcome) {
		return Counter.builder("contactsync.commands")
			.description("Commands processed, by outcome")
			.tag("outcome", outcome)
			.register(this.registry);
	}

	/** Counts what one command did to its contact, once per command. */
	public void outcome(MergeOutcome outcome) {
		switch (outcome) {
			case Created created -> {
				this.created.increment();
				this.collisions.increment(created.ignored().size());
			}
			case Updated updated -> {
				this.updated.increment();
				this.collisions.increment(updated.ignored().size());
				this.staleFields.increment(updated.staleFieldsDropped());
			}
			case Rejected rejected -> {
				// Counted when it is dead-lettered, once, like the records rejected
				// before the merge.
			}
			case Unchanged unchanged -> {
				this.unchanged.increment();
				if (unchanged.duplicate()) {
					this.duplicates.increment();
				}
				this.collisions.increment(unchanged.ignored().size());
				this.staleFields.increment(unchanged.staleFieldsDropped());
			}
		}
	}

	public void rejected() {
		this.rejected.increment();
	}

	public void eventsUndeliverable(int count) {
		this.eventsUndeliverable.increment(count);
	}

	/** Registers the gauge of the oldest unfinished batch's age, in seconds. */
	public void oldestBatchAge(DoubleSupplier seconds) {
		Gauge.builder("contactsync.batch.oldest.unfinished.age", seconds, DoubleSupplier::getAsDouble)
			.description("Age of the oldest batch in hand, first attempt included; grows while a batch is retried")
			.baseUnit("seconds")
			.register(this.registry);
	}

	/** A failed attempt at a batch, about to be retried after a back-off. */
	public void batchRetried() {
		this.batchRetries.increment();
	}

	/** Failed batch attempts so far. */
	public long batchRetries() {
		return (long) this.batchRetries.count();
	}

	public void conflictRetries(int groups) {
		this.optimisticRetries.increment(groups);
	}

	public void deadLettered(String reason) {
		this.deadLetters
			.computeIfAbsent(reason,
					(r) -> Counter.builder("contactsync.deadletter.records")
						.description("Records sent to the dead-letter topic, by reason")
						.tag("reason", r)
						.register(this.registry))
			.increment();
	}

	public void batch(int size, Duration took) {
		this.batchSize.record(size);
		this.batchDuration.record(took);
	}

	/** Time spent in one step of a batch: decode, load, merge, write, publish, clear. */
	public void phase(String phase, long nanos) {
		this.phases
			.computeIfAbsent(phase,
					(p) -> Timer.builder("contactsync.batch.phase")
						.description("Time per batch step")
						.tag("phase", p)
						.register(this.registry))
			.record(nanos, TimeUnit.NANOSECONDS);
	}

	/**
	 * Records the time since {@code since} as one step of a batch.
	 * @return now, the start of the next step
	 */
	public long lap(String phase, long since) {
		long now = System.nanoTime();
		phase(phase, now - since);
		return now;
	}

	public void eventPublished(Duration lag) {
		this.eventsPublished.increment();
		this.endToEndLag.record(lag.isNegative() ? Duration.ZERO : lag);
	}

}
