package io.contactsync.worker.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.contactsync.worker.deadletter.DeadLetter;
import io.contactsync.worker.failure.Failures;
import io.contactsync.worker.failure.TransientFailureException;
import io.contactsync.worker.merge.MergeEngine;
import io.contactsync.worker.merge.Normalized;
import io.contactsync.worker.merge.NormalizedCommand;
import io.contactsync.worker.merge.Rejected;
import io.contactsync.worker.merge.Violation;
import io.contactsync.worker.observability.WorkerMetrics;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;

/**
 * Steps 1 and 2 of a batch: sorts consumed records into valid commands, normalized and
 * ready to merge, and dead letters (undecodable records, invalid commands). A registry
 * outage is not the record's fault: it throws, so the batch is retried.
 */
public class RecordDecoder {

	private static final LogAccessor log = new LogAccessor(RecordDecoder.class);

	private final MergeEngine engine;

	private final WorkerMetrics metrics;

	public RecordDecoder(MergeEngine engine, WorkerMetrics metrics) {
		this.engine = engine;
		this.metrics = metrics;
	}

	/**
	 * Valid commands of a batch, and the records to dead-letter.
	 *
	 * @param valid commands to merge, in batch order
	 * @param deadLetters records that cannot be applied, with the reason
	 */
	public record DecodedBatch(List<Pending> valid, List<DeadLetter> deadLetters) {
	}

	/**
	 * Decodes and checks every record.
	 * @param records a consumed batch
	 * @return the valid commands and the dead letters
	 * @throws TransientFailureException when the schema registry cannot be reached
	 */
	public DecodedBatch decode(List<ConsumerRecord<String, DecodedCommand>> records) {
		long started = System.nanoTime();
		List<Pending> valid = new ArrayList<>(records.size());
		List<DeadLetter> dead = new ArrayList<>();
		for (ConsumerRecord<String, DecodedCommand> record : records) {
			DeadLetter letter = decode(record, valid);
			if (letter != null) {
				dead.add(letter);
				this.metrics.rejected();
			}
		}
		this.metrics.lap("decode", started);
		return new DecodedBatch(valid, dead);
	}

	/**
	 * Adds the record's command to {@code valid}, or returns why it cannot be applied.
	 */
	private DeadLetter decode(ConsumerRecord<String, DecodedCommand> record, List<Pending> valid) {
		if (record.value() == null) {
			return undecodable(record);
		}
		Normalized normalized;
		try {
			normalized = this.engine.normalize(CommandMapping.toDomain(record.value().command()));
		}
		catch (InvalidCommandException ex) {
			normalized = new Rejected(List.of(new Violation(ex.field(), ex.reason())));
		}
		return switch (normalized) {
			case NormalizedCommand command -> {
				valid.add(new Pending(record, command));
				yield null;
			}
			case Rejected rejected ->
				new DeadLetter(record, record.value().raw(), DeadLetter.Reason.REJECTED, Rejected.class.getName(),
						rejected.violations().stream().map(Violation::toString).collect(Collectors.joining("; ")));
		};
	}

	private static DeadLetter undecodable(ConsumerRecord<String, DecodedCommand> record) {
		DeserializationException failure = SerializationUtils.getExceptionFromHeader(record,
				SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, log);
		if (failure == null) {
			return new DeadLetter(record, null, DeadLetter.Reason.UNDECODABLE, "NullValue",
					"record has no value (tombstone)");
		}
		if (Failures.isTransient(failure)) {
			throw new TransientFailureException("the schema registry is unavailable", failure);
		}
		Throwable cause = (failure.getCause() != null) ? failure.getCause() : failure;
		return new DeadLetter(record, failure.getData(), DeadLetter.Reason.UNDECODABLE, cause.getClass().getName(),
				"not a decodable ContactUpsertCommand: " + Failures.describe(cause));
	}

}
