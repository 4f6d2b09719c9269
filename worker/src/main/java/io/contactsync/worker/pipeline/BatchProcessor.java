package io.contactsync.worker.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.contactsync.contracts.ContactEvent;
import io.contactsync.worker.deadletter.DeadLetter;
import io.contactsync.worker.deadletter.DeadLetters;
import io.contactsync.worker.events.ContactEvents;
import io.contactsync.worker.events.EventPublisher;
import io.contactsync.worker.merge.ContactId;
import io.contactsync.worker.merge.Created;
import io.contactsync.worker.merge.MergeEngine;
import io.contactsync.worker.merge.MergeOutcome;
import io.contactsync.worker.merge.Normalized;
import io.contactsync.worker.merge.NormalizedCommand;
import io.contactsync.worker.merge.Rejected;
import io.contactsync.worker.merge.Unchanged;
import io.contactsync.worker.merge.Updated;
import io.contactsync.worker.merge.Violation;
import io.contactsync.worker.observability.WorkerMetrics;
import io.contactsync.worker.store.ContactStore;
import io.contactsync.worker.store.OutboxDelivery;
import io.contactsync.worker.store.StoredContact;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;

/**
 * One consumed batch, start to finish: decode failures and invalid commands to the
 * dead-letter topic; valid commands grouped by identity, merged against contacts read
 * with one query, written with one bulk request (each change with its event in the same
 * document), events published, outboxes cleared. Returns only when all of that is
 * durable, so committing the offsets afterwards loses nothing. Any failure throws, and
 * the whole batch is retried: every step is idempotent.
 */
public class BatchProcessor {

	private static final Logger log = LoggerFactory.getLogger(BatchProcessor.class);

	private static final org.springframework.core.log.LogAccessor springLog = new org.springframework.core.log.LogAccessor(
			BatchProcessor.class);

	private final MergeEngine engine;

	private final ContactStore store;

	private final EventPublisher events;

	private final DeadLetters deadLetters;

	private final WorkerMetrics metrics;

	private final PipelineSettings settings;

	private final Clock clock;

	public BatchProcessor(MergeEngine engine, ContactStore store, EventPublisher events, DeadLetters deadLetters,
			WorkerMetrics metrics, PipelineSettings settings, Clock clock) {
		this.engine = engine;
		this.store = store;
		this.events = events;
		this.deadLetters = deadLetters;
		this.metrics = metrics;
		this.settings = settings;
		this.clock = clock;
	}

	/** Processes consumed records; {@code replay} marks the events they cause. */
	public void process(List<ConsumerRecord<String, DecodedCommand>> records, boolean replay) {
		long started = System.nanoTime();
		List<DeadLetter> dead = new ArrayList<>();
		List<Pending> valid = new ArrayList<>(records.size());
		long t = System.nanoTime();
		for (ConsumerRecord<String, DecodedCommand> record : records) {
			decode(record, dead, valid);
		}
		t = lap("decode", t);
		this.deadLetters.publish(dead);
		lap("deadletter", t);
		if (this.settings.mode() == PipelineSettings.Mode.NAIVE) {
			for (Pending pending : valid) {
				merge(List.of(pending), replay);
			}
		}
		else {
			merge(valid, replay);
		}
		this.metrics.batch(records.size(), Duration.ofNanos(System.nanoTime() - started));
	}

	private void decode(ConsumerRecord<String, DecodedCommand> record, List<DeadLetter> dead, List<Pending> valid) {
		if (record.value() == null) {
			DeserializationException failure = SerializationUtils.getExceptionFromHeader(record,
					SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, springLog);
			if (failure == null) {
				dead.add(new DeadLetter(record, null, DeadLetter.Reason.UNDECODABLE, "NullValue",
						"record has no value (tombstone)"));
				this.metrics.rejected();
				return;
			}
			if (Failures.isTransient(failure)) {
				throw new TransientFailureException("the schema registry is unavailable", failure);
			}
			Throwable cause = (failure.getCause() != null) ? failure.getCause() : failure;
			dead.add(new DeadLetter(record, failure.getData(), DeadLetter.Reason.UNDECODABLE,
					cause.getClass().getName(), "not a decodable ContactUpsertCommand: " + Failures.describe(cause)));
			this.metrics.rejected();
			return;
		}
		Normalized normalized;
		try {
			normalized = this.engine.normalize(CommandMapping.toDomain(record.value().command()));
		}
		catch (InvalidCommandException ex) {
			normalized = new Rejected(List.of(new Violation(ex.field(), ex.reason())));
		}
		switch (normalized) {
			case NormalizedCommand command -> valid.add(new Pending(record, command));
			case Rejected rejected -> {
				dead.add(new DeadLetter(record, record.value().raw(), DeadLetter.Reason.REJECTED,
						"io.contactsync.worker.merge.Rejected",
						rejected.violations().stream().map(Violation::toString).collect(Collectors.joining("; "))));
				this.metrics.rejected();
			}
		}
	}

	/**
	 * Merges and writes; groups that lose a write race are re-read and merged again, up
	 * to {@code maxConflictRounds} rounds.
	 */
	private List<MergeOutcome> merge(List<Pending> commands, boolean replay) {
		List<MergeOutcome> applied = new ArrayList<>(commands.size());
		if (commands.isEmpty()) {
			return applied;
		}
		Map<ContactId, OutboxDelivery> toPublish = new LinkedHashMap<>();
		// Commands whose effect is stored: counted once, even if their group goes round
		// again.
		Set<Pending> settled = Collections.newSetFromMap(new IdentityHashMap<>());
		List<Pending> remaining = commands;
		for (int round = 1; !remaining.isEmpty(); round++) {
			if (round > this.settings.maxConflictRounds()) {
				throw new TransientFailureException(remaining.size() + " commands still lost write races after "
						+ this.settings.maxConflictRounds() + " rounds");
			}
			long t = System.nanoTime();
			Map<ContactId, StoredContact> loaded = this.store
				.load(remaining.stream().map((pending) -> pending.command().lookupKeys()).toList());
			t = lap("load", t);
			// Taken after the load, so a version computed from a stored one never
			// carries an earlier time than it (recordedAt, updatedAt).
			Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
			List<List<Pending>> groups = Grouping.groups(remaining,
					loaded.values().stream().map(StoredContact::contact).toList());
			WorkingSet working = new WorkingSet(loaded.values());
			List<GroupResult> results = new ArrayList<>(groups.size());
			for (List<Pending> group : groups) {
				results.add(apply(group, working, now, replay));
			}
			t = lap("merge", t);
			Set<ContactId> lost = this.store.write(working.writes());
			lap("write", t);
			// A later round re-read the contact: its delivery replaces the earlier one.
			working.toPublish(lost, now, this.settings.leftoverGrace())
				.forEach((delivery) -> toPublish.put(delivery.contact().id(), delivery));
			List<Pending> retry = new ArrayList<>();
			int lostGroups = 0;
			for (GroupResult result : results) {
				boolean groupLost = result.touched().stream().anyMatch(lost::contains);
				for (int i = 0; i < result.group().size(); i++) {
					Pending pending = result.group().get(i);
					MergeOutcome outcome = result.outcomes().get(i);
					ContactId written = writtenContact(outcome);
					if (!settled.contains(pending) && (!groupLost || (written != null && !lost.contains(written)))) {
						count(outcome);
						applied.add(outcome);
						settled.add(pending);
					}
				}
				if (groupLost) {
					retry.addAll(result.group());
					lostGroups++;
				}
			}
			if (lostGroups > 0) {
				this.metrics.conflictRetries(lostGroups);
				log.debug("{} command groups lost a write race in round {}; merging them again", lostGroups, round);
			}
			remaining = retry;
		}
		publish(toPublish);
		return applied;
	}

	/**
	 * Processes records for an operator replay: the same merge and store path as the live
	 * pipeline, with events marked as replayed, or (with a {@link DryRun}) merges in
	 * memory only. Records of other tenants are skipped when {@code tenant} is set.
	 * Invalid records are counted, not dead-lettered again: the live pipeline did that
	 * when it first saw them.
	 */
	public ReplayedBatch replay(List<ConsumerRecord<String, DecodedCommand>> records, String tenant, DryRun dryRun) {
		List<DeadLetter> invalid = new ArrayList<>();
		List<Pending> valid = new ArrayList<>(records.size());
		int skipped = 0;
		for (ConsumerRecord<String, DecodedCommand> record : records) {
			if (tenant != null && record.value() != null && !tenant.equals(record.value().command().getTenantId())) {
				skipped++;
				continue;
			}
			decode(record, invalid, valid);
		}
		List<MergeOutcome> outcomes = (dryRun != null) ? dryRun(valid, dryRun) : merge(valid, true);
		return new ReplayedBatch(records.size(), skipped, invalid.size(), outcomes);
	}

	/** What one replayed batch did. */
	public record ReplayedBatch(int records, int skipped, int invalid, List<MergeOutcome> outcomes) {
	}

	private List<MergeOutcome> dryRun(List<Pending> commands, DryRun state) {
		List<MergeOutcome> outcomes = new ArrayList<>(commands.size());
		if (commands.isEmpty()) {
			return outcomes;
		}
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		state.working()
			.addIfAbsent(this.store.load(commands.stream().map((pending) -> pending.command().lookupKeys()).toList())
				.values());
		for (Pending pending : commands) {
			NormalizedCommand command = pending.command();
			MergeOutcome outcome = this.engine.apply(command, state.working().candidates(pending.keys()), now);
			switch (outcome) {
				case Created created -> {
					state.working().created(created.contact(), null, now);
					state.sample(created.contact().id(), created.changes());
				}
				case Updated updated -> {
					state.working().updated(updated.before(), updated.after(), null, now);
					state.sample(updated.after().id(), updated.changes());
				}
				default -> {
				}
			}
			outcomes.add(outcome);
		}
		return outcomes;
	}

	private record GroupResult(List<Pending> group, Set<ContactId> touched, List<MergeOutcome> outcomes) {
	}

	private GroupResult apply(List<Pending> group, WorkingSet working, Instant now, boolean replay) {
		Set<ContactId> touched = new HashSet<>();
		List<MergeOutcome> outcomes = new ArrayList<>(group.size());
		for (Pending pending : group) {
			NormalizedCommand command = pending.command();
			MergeOutcome outcome = this.engine.apply(command, working.candidates(pending.keys()), now);
			switch (outcome) {
				case Created created -> {
					ContactEvent event = ContactEvents.event(true, created.contact(), command, created.changes(),
							created.ignored(), now, replay);
					working.created(created.contact(), event, now);
					touched.add(created.contact().id());
				}
				case Updated updated -> {
					ContactEvent event = updated.changes().isEmpty() ? null : ContactEvents.event(false,
							updated.after(), command, updated.changes(), updated.ignored(), now, replay);
					working.updated(updated.before(), updated.after(), event, now);
					touched.add(updated.after().id());
				}
				case Unchanged unchanged -> touched.add(unchanged.contact().id());
				case Rejected rejected -> log.warn("Command {} of tenant {} rejected while merging: {}",
						command.commandId().value(), command.tenantId().value(), rejected.violations());
			}
			outcomes.add(outcome);
			if (log.isDebugEnabled()) {
				// Ids and coordinates only: never field values.
				log.debug("command {} of tenant {} from {}-{}@{}: {}", command.commandId().value(),
						command.tenantId().value(), pending.record().topic(), pending.record().partition(),
						pending.record().offset(), summary(outcome));
			}
		}
		return new GroupResult(group, touched, outcomes);
	}

	/** The contact a created or updated outcome wrote; null for the others. */
	private static ContactId writtenContact(MergeOutcome outcome) {
		return switch (outcome) {
			case Created created -> created.contact().id();
			case Updated updated -> updated.after().id();
			default -> null;
		};
	}

	private static String summary(MergeOutcome outcome) {
		return switch (outcome) {
			case Created created -> "created contact " + created.contact().id();
			case Updated updated -> "updated contact " + updated.after().id() + " to v" + updated.after().version();
			case Unchanged unchanged ->
				"unchanged contact " + unchanged.contact().id() + (unchanged.duplicate() ? " (duplicate)" : "");
			case Rejected rejected -> "rejected";
		};
	}

	private void count(MergeOutcome outcome) {
		switch (outcome) {
			case Created created -> {
				this.metrics.created();
				this.metrics.collisions(created.ignored().size());
			}
			case Updated updated -> {
				this.metrics.updated();
				this.metrics.collisions(updated.ignored().size());
				this.metrics.staleFields(updated.staleFieldsDropped());
			}
			case Unchanged unchanged -> {
				this.metrics.unchanged(unchanged.duplicate());
				this.metrics.collisions(unchanged.ignored().size());
				this.metrics.staleFields(unchanged.staleFieldsDropped());
			}
			case Rejected rejected -> this.metrics.rejected();
		}
	}

	private void publish(Map<ContactId, OutboxDelivery> deliveries) {
		long t = System.nanoTime();
		this.events.publish(deliveries.values());
		t = lap("publish", t);
		this.store.clearOutbox(deliveries.values());
		lap("clear", t);
	}

	private long lap(String phase, long since) {
		long now = System.nanoTime();
		this.metrics.phase(phase, now - since);
		return now;
	}

}
