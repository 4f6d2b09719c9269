package io.contactsync.worker.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.contactsync.worker.outbox.Origin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link OutboxLedger}: a record is out once this process published its batch, or once
 * its group's committed offset has passed it, and never before either.
 */
class OutboxLedgerTests {

	private static final String GROUP = "contact-sync";

	private final FakeOffsets committed = new FakeOffsets();

	private final OutboxLedger ledger = new OutboxLedger(this.committed);

	@Test
	void aRecordOfAPublishedBatchIsOut() {
		this.ledger.published(GROUP, records("commands", 0, 10, 14));

		assertThat(this.ledger.isOut(origin(GROUP, "commands", 0, 10))).isTrue();
		assertThat(this.ledger.isOut(origin(GROUP, "commands", 0, 12))).isTrue();
		assertThat(this.ledger.isOut(origin(GROUP, "commands", 0, 14))).isTrue();
	}

	@Test
	void aRecordOutsideThePublishedOffsetsIsNotOut() {
		this.ledger.published(GROUP, records("commands", 0, 10, 14));

		assertThat(this.ledger.isOut(origin(GROUP, "commands", 0, 9))).isFalse();
		assertThat(this.ledger.isOut(origin(GROUP, "commands", 0, 15))).isFalse();
	}

	@Test
	void aRecordOfAnotherGroupTopicOrPartitionIsNotOut() {
		this.ledger.published(GROUP, records("commands", 0, 10, 14));

		// A replay reads the same records with its own group: its batches are its own.
		assertThat(this.ledger.isOut(origin("contact-sync-replay", "commands", 0, 12))).isFalse();
		assertThat(this.ledger.isOut(origin(GROUP, "other-commands", 0, 12))).isFalse();
		assertThat(this.ledger.isOut(origin(GROUP, "commands", 1, 12))).isFalse();
	}

	@Test
	void theBatchesOfOnePartitionAddUp() {
		this.ledger.published(GROUP, records("commands", 0, 10, 14));
		this.ledger.published(GROUP, records("commands", 0, 15, 19));

		assertThat(this.ledger.isOut(origin(GROUP, "commands", 0, 10))).isTrue();
		assertThat(this.ledger.isOut(origin(GROUP, "commands", 0, 19))).isTrue();
		assertThat(this.ledger.isOut(origin(GROUP, "commands", 0, 20))).isFalse();
	}

	@Test
	void aBatchOfSeveralPartitionsIsOutOnEach() {
		List<ConsumerRecord<String, String>> batch = new ArrayList<>(records("commands", 0, 10, 11));
		batch.addAll(records("commands", 1, 40, 41));
		this.ledger.published(GROUP, batch);

		assertThat(this.ledger.isOut(origin(GROUP, "commands", 0, 11))).isTrue();
		assertThat(this.ledger.isOut(origin(GROUP, "commands", 1, 40))).isTrue();
		// Offsets of one partition say nothing of another's.
		assertThat(this.ledger.isOut(origin(GROUP, "commands", 1, 11))).isFalse();
		assertThat(this.ledger.isOut(origin(GROUP, "commands", 0, 40))).isFalse();
	}

	@Test
	void fallsBackToTheCommittedOffsetsForRecordsItDidNotPublish() {
		// Published by another instance, or by this one before a restart; the group
		// will read offset 8 next.
		this.committed.commit(GROUP, "commands", 0, 8);

		assertThat(this.ledger.isOut(origin(GROUP, "commands", 0, 7))).isTrue();
		assertThat(this.ledger.isOut(origin(GROUP, "commands", 0, 8))).isFalse();
		assertThat(this.ledger.isOut(origin(GROUP, "commands", 1, 7))).isFalse();
		assertThat(this.committed.asked).hasSize(3);
	}

	@Test
	void asksTheBrokerNothingAboutARecordItPublished() {
		this.ledger.published(GROUP, records("commands", 0, 10, 14));

		assertThat(this.ledger.isOut(origin(GROUP, "commands", 0, 12))).isTrue();
		// Each question to the broker is an Admin round trip.
		assertThat(this.committed.asked).isEmpty();
	}

	private static Origin origin(String group, String topic, int partition, long offset) {
		return new Origin(group, topic, partition, offset);
	}

	/** The records of a batch: offsets {@code from} to {@code to} of one partition. */
	private static List<ConsumerRecord<String, String>> records(String topic, int partition, long from, long to) {
		List<ConsumerRecord<String, String>> records = new ArrayList<>();
		for (long offset = from; offset <= to; offset++) {
			records.add(new ConsumerRecord<>(topic, partition, offset, "key", "value"));
		}
		return records;
	}

	/**
	 * Committed offsets without a broker: each partition's, as the tests commit them.
	 */
	private static final class FakeOffsets extends GroupOffsets {

		private final Map<List<Object>, Long> committed = new HashMap<>();

		final List<Origin> asked = new ArrayList<>();

		FakeOffsets() {
			super(null, Duration.ZERO, Clock.systemUTC());
		}

		/** Commits, as a consumer does, the offset the group reads next. */
		void commit(String group, String topic, int partition, long next) {
			this.committed.put(List.of(group, topic, partition), next);
		}

		@Override
		public boolean isCommitted(Origin origin) {
			this.asked.add(origin);
			Long next = this.committed.get(List.of(origin.group(), origin.topic(), origin.partition()));
			return next != null && next > origin.offset();
		}

	}

}
