package io.contactsync.worker.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import io.contactsync.worker.failure.Failures;
import io.contactsync.worker.observability.WorkerMetrics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.listener.RetryListener;

/**
 * Says loudly that the worker waits: one log line per back-off (which records, the
 * failure's kind, the attempt, the next delay; never a value), the retry counter, the age
 * of the oldest unfinished batch, and for the health indicator the partitions whose batch
 * keeps failing and since when.
 */
public class BatchTracker implements RetryListener {

	private static final Logger log = LoggerFactory.getLogger(BatchTracker.class);

	private final WorkerMetrics metrics;

	private final PipelineSettings settings;

	private final Clock clock;

	/** The batch in hand per consumer thread: its first record and its first attempt. */
	private final Map<Thread, InFlight> inFlight = new ConcurrentHashMap<>();

	private final Map<TopicPartition, Waiting> waiting = new ConcurrentHashMap<>();

	private record InFlight(TopicPartition partition, long offset, Instant since) {
	}

	/**
	 * A partition whose batch keeps failing.
	 *
	 * @param since the batch's first attempt
	 * @param attempts failed attempts so far
	 * @param failure the kind of the last failure (classes, no messages)
	 */
	public record Waiting(Instant since, int attempts, String failure) {
	}

	public BatchTracker(WorkerMetrics metrics, PipelineSettings settings, Clock clock) {
		this.metrics = metrics;
		this.settings = settings;
		this.clock = clock;
		metrics.oldestBatchAge(this::oldestAgeSeconds);
	}

	/** A batch starts, or the same batch starts again after a failure. */
	void started(List<? extends ConsumerRecord<?, ?>> records) {
		if (records.isEmpty()) {
			return;
		}
		ConsumerRecord<?, ?> first = records.get(0);
		TopicPartition partition = new TopicPartition(first.topic(), first.partition());
		this.inFlight.compute(Thread.currentThread(),
				(thread, current) -> (current != null && current.partition().equals(partition)
						&& current.offset() == first.offset()) ? current
								: new InFlight(partition, first.offset(), this.clock.instant()));
	}

	/** The batch is done: it will be committed. */
	void finished(List<? extends ConsumerRecord<?, ?>> records) {
		this.inFlight.remove(Thread.currentThread());
		for (ConsumerRecord<?, ?> record : records) {
			this.waiting.remove(new TopicPartition(record.topic(), record.partition()));
		}
	}

	@Override
	public void failedDelivery(ConsumerRecord<?, ?> record, Exception ex, int attempt) {
		failed(List.of(record), ex, attempt);
	}

	@Override
	public void failedDelivery(ConsumerRecords<?, ?> records, Exception ex, int attempt) {
		List<ConsumerRecord<?, ?>> all = new ArrayList<>(records.count());
		records.forEach(all::add);
		failed(all, ex, attempt);
	}

	private void failed(List<ConsumerRecord<?, ?>> records, Exception ex, int attempt) {
		this.metrics.batchRetried();
		String kind = Failures.kind(ex);
		InFlight batch = this.inFlight.get(Thread.currentThread());
		Instant since = (batch != null) ? batch.since() : this.clock.instant();
		Map<TopicPartition, long[]> ranges = ranges(records);
		ranges.keySet().forEach((partition) -> this.waiting.put(partition, new Waiting(since, attempt, kind)));
		log.warn("Batch of {} records ({}) failed on attempt {} with {}; retrying in {} ms, waiting since {}",
				records.size(), describe(ranges), attempt, kind, nextDelay(attempt).toMillis(), since);
	}

	/** The delay the error handler's exponential back-off waits after this attempt. */
	Duration nextDelay(int attempt) {
		long delay = this.settings.retryInitialInterval().toMillis();
		for (int i = 1; i < attempt && delay < this.settings.retryMaxInterval().toMillis(); i++) {
			delay *= 2;
		}
		return Duration.ofMillis(Math.min(delay, this.settings.retryMaxInterval().toMillis()));
	}

	/**
	 * How long the batch in hand on this thread has been tried, first attempt included.
	 */
	Duration currentAge() {
		InFlight batch = this.inFlight.get(Thread.currentThread());
		return (batch != null) ? Duration.between(batch.since(), this.clock.instant()) : Duration.ZERO;
	}

	/** Partitions whose batch keeps failing, longest waiting first. */
	public Map<TopicPartition, Waiting> waiting() {
		Map<TopicPartition, Waiting> sorted = new LinkedHashMap<>();
		this.waiting.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByValue(Comparator.comparing(Waiting::since)))
			.forEach((entry) -> sorted.put(entry.getKey(), entry.getValue()));
		return sorted;
	}

	/** How long the longest-failing partition has waited. */
	public Optional<Duration> longestWait() {
		Instant now = this.clock.instant();
		return this.waiting.values()
			.stream()
			.map((wait) -> Duration.between(wait.since(), now))
			.max(Comparator.naturalOrder());
	}

	private double oldestAgeSeconds() {
		Instant now = this.clock.instant();
		return this.inFlight.values()
			.stream()
			.mapToDouble((batch) -> Duration.between(batch.since(), now).toMillis() / 1000.0)
			.max()
			.orElse(0);
	}

	private static Map<TopicPartition, long[]> ranges(List<ConsumerRecord<?, ?>> records) {
		Map<TopicPartition, long[]> ranges = new TreeMap<>(
				Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
		for (ConsumerRecord<?, ?> record : records) {
			long[] range = ranges.computeIfAbsent(new TopicPartition(record.topic(), record.partition()),
					(partition) -> new long[] { record.offset(), record.offset() });
			range[0] = Math.min(range[0], record.offset());
			range[1] = Math.max(range[1], record.offset());
		}
		return ranges;
	}

	private static String describe(Map<TopicPartition, long[]> ranges) {
		List<String> parts = new ArrayList<>();
		ranges.forEach((partition, range) -> parts.add(partition + "@" + range[0] + ".." + range[1]));
		return String.join(", ", parts);
	}

}
