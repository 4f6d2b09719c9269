package io.contactsync.worker.pipeline;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.contactsync.worker.outbox.EventLedger;
import io.contactsync.worker.outbox.Origin;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Which records' events are out. This process knows its own batches: once a batch's
 * events are acknowledged, the range of offsets it covered on each partition is out. For
 * any other record it asks the broker: a record below its group's committed offset
 * belongs to a batch that finished, events included. Both only speed up pruning: a
 * restarted process knows nothing and asks the broker.
 */
public class OutboxLedger implements EventLedger {

	private final GroupOffsets committed;

	private final Map<Partition, Range> published = new ConcurrentHashMap<>();

	private record Partition(String group, String topic, int partition) {
	}

	/** Offsets {@code from} to {@code to}, both included. */
	private record Range(long from, long to) {

		boolean contains(long offset) {
			return this.from <= offset && offset <= this.to;
		}

		/** This range and the next one, when they touch; else the next one alone. */
		Range followedBy(Range next) {
			if (next.from > this.to + 1 || next.to < this.from - 1) {
				return next;
			}
			return new Range(Math.min(this.from, next.from), Math.max(this.to, next.to));
		}

	}

	public OutboxLedger(GroupOffsets committed) {
		this.committed = committed;
	}

	/**
	 * Records that every event of these records is acknowledged by the broker.
	 * @param group the consumer group that read them
	 * @param records the records of a finished batch
	 */
	public void published(String group, List<? extends ConsumerRecord<?, ?>> records) {
		Map<Partition, Range> batch = new HashMap<>();
		for (ConsumerRecord<?, ?> record : records) {
			batch.merge(new Partition(group, record.topic(), record.partition()),
					new Range(record.offset(), record.offset()), Range::followedBy);
		}
		batch.forEach((partition, range) -> this.published.merge(partition, range, Range::followedBy));
	}

	@Override
	public boolean isOut(Origin origin) {
		Range range = this.published.get(new Partition(origin.group(), origin.topic(), origin.partition()));
		return (range != null && range.contains(origin.offset())) || this.committed.isCommitted(origin);
	}

}
