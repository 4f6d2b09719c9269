package io.contactsync.worker.replay;

import java.util.List;

import io.contactsync.worker.merge.MergeOutcome;
import io.contactsync.worker.outbox.OutboxRelay;
import io.contactsync.worker.pipeline.OutboxLedger;
import io.contactsync.worker.pipeline.ConflictRounds;
import io.contactsync.worker.pipeline.DecodedCommand;
import io.contactsync.worker.pipeline.RecordDecoder;
import io.contactsync.worker.store.Contacts;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The live pipeline's steps for a replayed batch: the same decoding, conflict rounds and
 * outbox relay, with events marked as replayed. Invalid records are counted, not
 * dead-lettered again: the live pipeline did that when it first saw them (refused
 * commands count as invalid too). A dry run merges against its in-memory {@link DryRun}
 * and publishes nothing.
 */
public class ReplayPipeline {

	private final RecordDecoder decoder;

	private final ConflictRounds rounds;

	private final OutboxRelay relay;

	private final OutboxLedger ledger;

	private final Contacts contacts;

	public ReplayPipeline(RecordDecoder decoder, ConflictRounds rounds, OutboxRelay relay, OutboxLedger ledger,
			Contacts contacts) {
		this.decoder = decoder;
		this.rounds = rounds;
		this.relay = relay;
		this.ledger = ledger;
		this.contacts = contacts;
	}

	/** What one replayed batch did. */
	public record ReplayedBatch(int records, int skipped, int invalid, List<MergeOutcome> outcomes) {
	}

	/**
	 * Replays records.
	 * @param records consumed records
	 * @param tenant only this tenant's commands (others are skipped); null for all
	 * @param dryRun the dry run's state, or null to write and publish
	 * @param group the replay's consumer group
	 * @return counts and outcomes
	 */
	public ReplayedBatch replay(List<ConsumerRecord<String, DecodedCommand>> records, String tenant, DryRun dryRun,
			String group) {
		List<ConsumerRecord<String, DecodedCommand>> selected = records.stream()
			.filter((record) -> tenant == null || record.value() == null
					|| tenant.equals(record.value().command().getTenantId()))
			.toList();
		RecordDecoder.DecodedBatch batch = this.decoder.decode(selected);
		List<MergeOutcome> outcomes = List.of();
		int refused = 0;
		if (!batch.valid().isEmpty()) {
			ConflictRounds.Applied applied = this.rounds.against((dryRun != null) ? dryRun : this.contacts)
				.apply(batch.valid(), true, group);
			if (dryRun != null) {
				applied.outcomes().forEach(dryRun::sample);
			}
			else {
				this.relay.relay(applied.toPublish());
				this.ledger.published(group, records);
			}
			outcomes = applied.outcomes();
			refused = applied.refused().size();
		}
		return new ReplayedBatch(records.size(), records.size() - selected.size(), batch.deadLetters().size() + refused,
				outcomes);
	}

}
