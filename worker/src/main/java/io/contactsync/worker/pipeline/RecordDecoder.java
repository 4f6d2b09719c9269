package io.contactsync.worker.pipeline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
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
import org.apache.kafka.common.serialization.Deserializer;

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

	private final int maxCommandBytes;

	private final ThreadLocal<Deserializer<DecodedCommand>> deserializers;

	/**
	 * @param engine normalizes commands
	 * @param metrics times the step
	 * @param maxCommandBytes largest command accepted
	 * @param deserializers a fresh, configured value deserializer for each consumer
	 * thread: a record whose decoding failed transiently (a registry outage) is decoded
	 * again from its bytes on every attempt at its batch
	 */
	public RecordDecoder(MergeEngine engine, WorkerMetrics metrics, int maxCommandBytes,
			Supplier<Deserializer<DecodedCommand>> deserializers) {
		this.engine = engine;
		this.metrics = metrics;
		this.maxCommandBytes = maxCommandBytes;
		this.deserializers = ThreadLocal.withInitial(deserializers);
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
			}
		}
		this.metrics.lap("decode", started);
		return new DecodedBatch(valid, dead);
	}

	/** Adds the record's command to {@code valid}, or says why it cannot be applied. */
	private DeadLetter decode(ConsumerRecord<String, DecodedCommand> record, List<Pending> valid) {
		DecodedCommand value = record.value();
		if (value == null) {
			DeserializationException failure = SerializationUtils.getExceptionFromHeader(record,
					SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, log);
			if (failure == null) {
				return new DeadLetter(record, null, DeadLetter.Reason.UNDECODABLE, "NullValue",
						"record has no value (tombstone)");
			}
			value = decodeAgain(record, failure);
			if (value == null) {
				Throwable cause = (failure.getCause() != null) ? failure.getCause() : failure;
				return new DeadLetter(record, failure.getData(), DeadLetter.Reason.UNDECODABLE,
						cause.getClass().getName(),
						"not a decodable ContactUpsertCommand: " + Failures.describe(cause));
			}
		}
		if (value.raw().length > this.maxCommandBytes) {
			return new DeadLetter(record, value.raw(), DeadLetter.Reason.REJECTED, Rejected.class.getName(),
					"command: must be at most " + this.maxCommandBytes
							+ " bytes (contact-sync.pipeline.max-command-bytes)");
		}
		// The record's own time bounds how far in the future the command may be: the
		// same on every delivery and every replay, unlike the worker's clock.
		Instant producedAt = (record.timestamp() >= 0) ? Instant.ofEpochMilli(record.timestamp()) : null;
		Normalized normalized;
		try {
			normalized = this.engine.normalize(CommandMapping.toDomain(value.command()), producedAt);
		}
		catch (InvalidCommandException ex) {
			normalized = new Rejected(List.of(new Violation(ex.field(), ex.reason())));
		}
		return switch (normalized) {
			case NormalizedCommand command -> {
				valid.add(new Pending(record, value, command));
				yield null;
			}
			case Rejected rejected ->
				new DeadLetter(record, value.raw(), DeadLetter.Reason.REJECTED, Rejected.class.getName(),
						rejected.violations().stream().map(Violation::toString).collect(Collectors.joining("; ")));
		};
	}

	/**
	 * The record decoded now, when its decoding failed for a reason that goes away by
	 * itself (the registry was unreachable when it was polled); null when it failed for
	 * good. The error handler retries a batch in memory, without polling and so without
	 * decoding its records again: this does it on every attempt.
	 * @throws TransientFailureException while the cause persists
	 */
	private DecodedCommand decodeAgain(ConsumerRecord<String, DecodedCommand> record,
			DeserializationException failure) {
		if (!Failures.isTransient(failure)) {
			return null;
		}
		try {
			return this.deserializers.get().deserialize(record.topic(), record.headers(), failure.getData());
		}
		catch (RuntimeException ex) {
			if (Failures.isTransient(ex)) {
				throw new TransientFailureException("the schema registry is unavailable", ex);
			}
			return null;
		}
	}

}
