package io.contactsync.worker.pipeline;

import java.time.Duration;
import java.util.List;

import io.contactsync.worker.deadletter.DeadLetters;
import io.contactsync.worker.observability.WorkerMetrics;
import io.contactsync.worker.outbox.OutboxRelay;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One consumed batch, start to finish, in the steps of "One batch" in
 * docs/architecture.md. Returns only when everything is durable, so committing the
 * offsets afterwards (step 9) loses nothing. Any failure throws and the whole batch is
 * retried: every step is idempotent.
 */
public class BatchProcessor {

	private final RecordDecoder decoder;

	private final DeadLetters deadLetters;

	private final ConflictRounds rounds;

	private final OutboxRelay relay;

	private final WorkerMetrics metrics;

	private final PipelineSettings.Mode mode;

	public BatchProcessor(RecordDecoder decoder, DeadLetters deadLetters, ConflictRounds rounds, OutboxRelay relay,
			WorkerMetrics metrics, PipelineSettings.Mode mode) {
		this.decoder = decoder;
		this.deadLetters = deadLetters;
		this.rounds = rounds;
		this.relay = relay;
		this.metrics = metrics;
		this.mode = mode;
	}

	public void process(List<ConsumerRecord<String, DecodedCommand>> records) {
		long started = System.nanoTime();
		// 1-2. Decode and validate; what cannot be applied goes to the dead-letter topic.
		RecordDecoder.DecodedBatch batch = this.decoder.decode(records);
		long t = System.nanoTime();
		this.deadLetters.publish(batch.deadLetters());
		this.metrics.lap("deadletter", t);
		if (this.mode == PipelineSettings.Mode.NAIVE) {
			// The benchmark's baseline: every step a round trip per record.
			batch.valid().forEach((pending) -> applyAndPublish(List.of(pending)));
		}
		else {
			applyAndPublish(batch.valid());
		}
		this.metrics.batch(records.size(), Duration.ofNanos(System.nanoTime() - started));
	}

	private void applyAndPublish(List<Pending> commands) {
		if (commands.isEmpty()) {
			return;
		}
		// 3-6. Load, group and merge, write, and go round again for lost races.
		ConflictRounds.Applied applied = this.rounds.apply(commands, false);
		// 7-8. Publish the events, then clear them from the outboxes.
		this.relay.relay(applied.toPublish());
	}

}
