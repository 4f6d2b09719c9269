package io.contactsync.worker.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.contactsync.worker.deadletter.DeadLetter;
import io.contactsync.worker.deadletter.DeadLetterSink;
import io.contactsync.worker.failure.Failures;
import io.contactsync.worker.failure.TransientFailureException;
import io.contactsync.worker.merge.Rejected;
import io.contactsync.worker.merge.Violation;
import io.contactsync.worker.observability.WorkerMetrics;
import io.contactsync.worker.outbox.OutboxRelay;
import io.contactsync.worker.store.StoreRefusedException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumed batch, start to finish, in the steps of "One batch" in
 * docs/architecture.md. Returns only when everything is durable, so committing the
 * offsets afterwards (step 8) loses nothing.
 *
 * <p>
 * A failure that goes away by itself is thrown, and the whole batch is retried with
 * back-off: every step is idempotent. Any other failure is caused by some record: the
 * batch is split in halves until the records that fail alone are found; those are
 * dead-lettered and the rest applies, so one bad record never blocks its partition. Dead
 * letters go out last, once per record however often the batch was tried.
 */
public class BatchProcessor {

	private static final Logger log = LoggerFactory.getLogger(BatchProcessor.class);

	/**
	 * When this many records fail alone and none applies, the cause may not be in the
	 * records (a store that refuses everyone, a defect hit by every command): wait a
	 * while ({@code outage-patience}) before dead-lettering them.
	 */
	static final int OUTAGE_THRESHOLD = 8;

	private final RecordDecoder decoder;

	private final DeadLetterSink deadLetters;

	private final ConflictRounds rounds;

	private final OutboxRelay relay;

	private final OutboxLedger ledger;

	private final String group;

	private final WorkerMetrics metrics;

	private final BatchTracker tracker;

	private final PipelineSettings.Mode mode;

	private final Duration outagePatience;

	/**
	 * @param ledger told which batches are out, so their outbox entries go sooner
	 * @param group the consumer group the batches are read with
	 */
	public BatchProcessor(RecordDecoder decoder, DeadLetterSink deadLetters, ConflictRounds rounds, OutboxRelay relay,
			OutboxLedger ledger, String group, WorkerMetrics metrics, BatchTracker tracker, PipelineSettings settings) {
		this.decoder = decoder;
		this.deadLetters = deadLetters;
		this.rounds = rounds;
		this.relay = relay;
		this.ledger = ledger;
		this.group = group;
		this.metrics = metrics;
		this.tracker = tracker;
		this.mode = settings.mode();
		this.outagePatience = settings.outagePatience();
	}

	public void process(List<ConsumerRecord<String, DecodedCommand>> records) {
		long started = System.nanoTime();
		this.tracker.started(records);
		try {
			Isolation isolation = new Isolation();
			run(records, isolation);
			if (isolation.looksLikeAnOutage() && this.tracker.currentAge().compareTo(this.outagePatience) < 0) {
				throw new TransientFailureException(
						"every record of the batch fails alone (" + isolation.lastFailure + "): retried for up to "
								+ this.outagePatience + " in case it is an outage, then dead-lettered");
			}
			if (isolation.looksLikeAnOutage()) {
				log.error("Every record of a batch from {}-{}@{} still fails alone ({}) after {}: dead-lettering them",
						records.get(0).topic(), records.get(0).partition(), records.get(0).offset(),
						isolation.lastFailure, this.outagePatience);
			}
			long t = System.nanoTime();
			this.deadLetters.publish(isolation.dead);
			isolation.dead.forEach((letter) -> this.metrics.rejected());
			this.metrics.lap("deadletter", t);
		}
		catch (RuntimeException ex) {
			// Only transient failures get here: the error handler retries them all.
			throw (ex instanceof TransientFailureException transientFailure) ? transientFailure
					: new TransientFailureException("batch failed: " + Failures.kind(ex), ex);
		}
		this.ledger.published(this.group, records);
		this.tracker.finished(records);
		this.metrics.batch(records.size(), Duration.ofNanos(System.nanoTime() - started));
	}

	/** Applies the records, splitting them when some fail for good. */
	private void run(List<ConsumerRecord<String, DecodedCommand>> records, Isolation isolation) {
		try {
			isolation.succeeded(records.size(), attempt(records, isolation));
		}
		catch (RuntimeException ex) {
			if (Failures.isTransient(ex)) {
				throw ex;
			}
			if (records.size() == 1) {
				isolation.failed(records.get(0), ex);
				return;
			}
			if (!isolation.isolating) {
				log.warn(
						"A batch of {} records from {}-{}@{} failed with {}, not a transient failure: "
								+ "looking for the records that cause it",
						records.size(), records.get(0).topic(), records.get(0).partition(), records.get(0).offset(),
						Failures.kind(ex));
				isolation.isolating = true;
			}
			int half = records.size() / 2;
			run(records.subList(0, half), isolation);
			run(records.subList(half, records.size()), isolation);
		}
	}

	/**
	 * Steps 1 to 7 for these records. Their dead letters join the batch's only when the
	 * attempt succeeds, so a record is never dead-lettered twice.
	 * @return how many of them were applied
	 */
	private int attempt(List<ConsumerRecord<String, DecodedCommand>> records, Isolation isolation) {
		// 1-2. Decode and validate; what cannot be applied goes to the dead-letter topic.
		RecordDecoder.DecodedBatch batch = this.decoder.decode(records);
		List<DeadLetter> dead = new ArrayList<>(batch.deadLetters());
		if (this.mode == PipelineSettings.Mode.NAIVE) {
			// The benchmark's baseline: every step a round trip per record.
			batch.valid().forEach((pending) -> dead.addAll(applyAndPublish(List.of(pending))));
		}
		else {
			dead.addAll(applyAndPublish(batch.valid()));
		}
		isolation.dead.addAll(dead);
		return batch.valid().size() - (dead.size() - batch.deadLetters().size());
	}

	private List<DeadLetter> applyAndPublish(List<Pending> commands) {
		if (commands.isEmpty()) {
			return List.of();
		}
		// 3-6. Load, group and merge, write, and go round again for lost races.
		ConflictRounds.Applied applied = this.rounds.apply(commands, false, this.group);
		// 7. Publish the events and wait for the broker.
		this.relay.relay(applied.toPublish());
		return applied.refused().stream().map(BatchProcessor::refused).toList();
	}

	private static DeadLetter refused(ConflictRounds.Refusal refusal) {
		ConsumerRecord<String, ?> record = refusal.command().record();
		return new DeadLetter(record, refusal.command().value().raw(), DeadLetter.Reason.REJECTED,
				Rejected.class.getName(),
				refusal.rejected().violations().stream().map(Violation::toString).collect(Collectors.joining("; ")));
	}

	/** What splitting a failing batch found. */
	private static final class Isolation {

		final List<DeadLetter> dead = new ArrayList<>();

		boolean isolating;

		int applied;

		int failedAlone;

		String lastFailure;

		void succeeded(int records, int applied) {
			this.applied += applied;
		}

		void failed(ConsumerRecord<String, DecodedCommand> record, RuntimeException ex) {
			this.failedAlone++;
			this.lastFailure = Failures.kind(ex);
			byte[] raw = (record.value() != null) ? record.value().raw() : null;
			this.dead.add(new DeadLetter(record, raw, DeadLetter.Reason.UNPROCESSABLE, rootClass(ex), describe(ex)));
		}

		boolean looksLikeAnOutage() {
			return this.failedAlone >= OUTAGE_THRESHOLD && this.applied == 0;
		}

		private static String rootClass(Throwable ex) {
			Throwable root = ex;
			while (root.getCause() != null && root.getCause() != root) {
				root = root.getCause();
			}
			return (ex instanceof StoreRefusedException) ? ex.getClass().getName() : root.getClass().getName();
		}

		/** Why, without the failure's message: a store's message can quote values. */
		private static String describe(RuntimeException ex) {
			if (ex instanceof StoreRefusedException refused) {
				return "contact: the store refused the contact's document (error code " + refused.code() + ")";
			}
			return "command: processing it fails every time (" + Failures.kind(ex) + ")";
		}

	}

}
