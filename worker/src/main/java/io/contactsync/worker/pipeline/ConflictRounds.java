package io.contactsync.worker.pipeline;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.contactsync.worker.events.EventEncoder;
import io.contactsync.worker.failure.TransientFailureException;
import io.contactsync.worker.merge.ContactId;
import io.contactsync.worker.merge.TenantId;
import io.contactsync.worker.merge.MergeEngine;
import io.contactsync.worker.merge.MergeOutcome;
import io.contactsync.worker.merge.Rejected;
import io.contactsync.worker.observability.WorkerMetrics;
import io.contactsync.worker.outbox.EventLedger;
import io.contactsync.worker.outbox.Origin;
import io.contactsync.worker.outbox.OutboxDelivery;
import io.contactsync.worker.outbox.OutboxSettings;
import io.contactsync.worker.store.ContactWrite;
import io.contactsync.worker.store.Contacts;
import io.contactsync.worker.store.StoredContact;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Steps 3 to 6 of a batch: load every contact the commands can match, group the commands
 * that may touch the same contact, merge each group in memory, write every change with
 * one request, and send the groups that lost a write race round again (re-read, merged
 * anew) until all are stored or {@code maxConflictRounds} is reached.
 */
public class ConflictRounds {

	private static final Logger log = LoggerFactory.getLogger(ConflictRounds.class);

	private final GroupMerge merge;

	private final OutboxRules outboxRules;

	private final Contacts contacts;

	private final WorkerMetrics metrics;

	private final PipelineSettings settings;

	private final Clock clock;

	public ConflictRounds(MergeEngine engine, EventEncoder encoder, Contacts contacts, EventLedger ledger,
			WorkerMetrics metrics, PipelineSettings settings, OutboxSettings outbox, Clock clock) {
		this(new EventMaker(encoder, settings.maxEventSize()), engine, contacts, ledger, metrics, settings, outbox,
				clock);
	}

	private ConflictRounds(EventMaker events, MergeEngine engine, Contacts contacts, EventLedger ledger,
			WorkerMetrics metrics, PipelineSettings settings, OutboxSettings outbox, Clock clock) {
		this(new GroupMerge(engine, events),
				new OutboxRules(ledger, events, settings.leftoverGrace(), outbox.retention()), contacts, metrics,
				settings, clock);
	}

	private ConflictRounds(GroupMerge merge, OutboxRules outboxRules, Contacts contacts, WorkerMetrics metrics,
			PipelineSettings settings, Clock clock) {
		this.merge = merge;
		this.outboxRules = outboxRules;
		this.contacts = contacts;
		this.metrics = metrics;
		this.settings = settings;
		this.clock = clock;
	}

	/** The same rounds against other contacts, e.g. the in-memory copy of a dry run. */
	public ConflictRounds against(Contacts other) {
		return new ConflictRounds(this.merge, this.outboxRules, other, this.metrics, this.settings, this.clock);
	}

	/**
	 * What the commands did once stored, and the events to publish.
	 *
	 * @param outcomes one per command applied, in the order they were stored
	 * @param refused commands that would break a limit of their contact: they changed
	 * nothing and go to the dead-letter topic
	 * @param toPublish events per contact, for the outbox relay
	 */
	public record Applied(List<MergeOutcome> outcomes, List<Refusal> refused, Collection<OutboxDelivery> toPublish) {
	}

	/**
	 * A command that would break a limit of its contact.
	 *
	 * @param command the command and its record
	 * @param rejected why
	 */
	public record Refusal(Pending command, Rejected rejected) {
	}

	/**
	 * Applies valid commands; each is counted once, in the round its effect is stored.
	 * @param commands the commands, in batch order
	 * @param replay whether the events they cause are marked as replayed
	 * @param consumerGroup the consumer group that read the commands
	 * @return the outcomes and the events to publish
	 * @throws TransientFailureException when groups still lose after the last round
	 */
	public Applied apply(List<Pending> commands, boolean replay, String consumerGroup) {
		List<MergeOutcome> applied = new ArrayList<>(commands.size());
		List<Refusal> refused = new ArrayList<>();
		Set<Origin> own = new HashSet<>(commands.size() * 2);
		commands.forEach((pending) -> own.add(pending.origin(consumerGroup)));
		// A later round re-read the contact: its delivery replaces the earlier one.
		Map<ContactId, OutboxDelivery> toPublish = new LinkedHashMap<>();
		Set<Pending> settled = Collections.newSetFromMap(new IdentityHashMap<>());
		List<Pending> remaining = commands;
		for (int round = 1; !remaining.isEmpty(); round++) {
			if (round > this.settings.maxConflictRounds()) {
				throw new TransientFailureException(remaining.size() + " commands still lost write races after "
						+ this.settings.maxConflictRounds() + " rounds");
			}
			long t = System.nanoTime();
			Map<TenantId, Set<Origin>> records = new HashMap<>();
			remaining
				.forEach((pending) -> records.computeIfAbsent(pending.command().tenantId(), (tenant) -> new HashSet<>())
					.add(pending.origin(consumerGroup)));
			Map<ContactId, StoredContact> loaded = this.contacts
				.load(remaining.stream().map((pending) -> pending.command().lookupKeys()).toList(), records);
			t = this.metrics.lap("load", t);
			// Taken after the load, so a version computed from a stored one never
			// carries an earlier time than it (recordedAt, updatedAt).
			Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
			WorkingSet working = new WorkingSet(loaded.values(), this.outboxRules, now);
			List<GroupMerge.Result> results = new ArrayList<>();
			for (List<Pending> group : Grouping.groups(remaining,
					loaded.values().stream().map(StoredContact::contact).toList())) {
				results.add(this.merge.apply(group, working, now, replay, consumerGroup));
			}
			List<ContactWrite> writes = working.writes(own);
			t = this.metrics.lap("merge", t);
			Set<ContactId> lost = this.contacts.write(writes);
			this.metrics.lap("write", t);
			working.toPublish(lost, own).forEach((delivery) -> toPublish.put(delivery.contact().id(), delivery));
			remaining = settle(results, lost, settled, applied, refused, round);
		}
		return new Applied(applied, refused, List.copyOf(toPublish.values()));
	}

	/**
	 * Counts the commands whose effect is stored and returns the groups to go round
	 * again. A command of a lost group whose own contact was written is settled already;
	 * it goes round with its group but is not counted twice.
	 */
	private List<Pending> settle(List<GroupMerge.Result> results, Set<ContactId> lost, Set<Pending> settled,
			List<MergeOutcome> applied, List<Refusal> refused, int round) {
		List<Pending> retry = new ArrayList<>();
		int lostGroups = 0;
		for (GroupMerge.Result result : results) {
			boolean groupLost = result.touched().stream().anyMatch(lost::contains);
			for (int i = 0; i < result.group().size(); i++) {
				Pending pending = result.group().get(i);
				MergeOutcome outcome = result.outcomes().get(i);
				ContactId written = GroupMerge.writtenContact(outcome);
				if (!settled.contains(pending) && (!groupLost || (written != null && !lost.contains(written)))) {
					if (outcome instanceof Rejected rejected) {
						refused.add(new Refusal(pending, rejected));
					}
					else {
						this.metrics.outcome(outcome);
						applied.add(outcome);
					}
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
		return retry;
	}

}
