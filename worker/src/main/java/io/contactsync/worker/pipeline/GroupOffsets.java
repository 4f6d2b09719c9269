package io.contactsync.worker.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.contactsync.worker.failure.TransientFailureException;
import io.contactsync.worker.outbox.Origin;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The committed offsets of consumer groups, read with the Admin API and kept for a
 * moment: a stale answer only keeps an outbox entry a little longer. One look-up per
 * group and {@code refresh} at most.
 */
public class GroupOffsets implements AutoCloseable {

	private final Admin admin;

	private final Duration refresh;

	private final Clock clock;

	private final Map<String, Snapshot> groups = new ConcurrentHashMap<>();

	private record Snapshot(Instant readAt, Map<TopicPartition, OffsetAndMetadata> offsets) {
	}

	public GroupOffsets(Admin admin, Duration refresh, Clock clock) {
		this.admin = admin;
		this.refresh = refresh;
		this.clock = clock;
	}

	/**
	 * Whether the group's committed offset on the record's partition has passed it. May
	 * answer false for up to {@code refresh} after it has.
	 */
	public boolean isCommitted(Origin origin) {
		OffsetAndMetadata committed = offsets(origin.group())
			.get(new TopicPartition(origin.topic(), origin.partition()));
		return committed != null && committed.offset() > origin.offset();
	}

	private Map<TopicPartition, OffsetAndMetadata> offsets(String group) {
		Instant now = this.clock.instant();
		Snapshot snapshot = this.groups.get(group);
		if (snapshot != null && snapshot.readAt().plus(this.refresh).isAfter(now)) {
			return snapshot.offsets();
		}
		try {
			Map<TopicPartition, OffsetAndMetadata> offsets = this.admin.listConsumerGroupOffsets(group)
				.partitionsToOffsetAndMetadata()
				.get(30, TimeUnit.SECONDS);
			// Partitions without a commit come back as null values: leave them out.
			offsets.values().removeIf((offset) -> offset == null);
			this.groups.put(group, new Snapshot(now, Map.copyOf(offsets)));
			return offsets;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new TransientFailureException("interrupted while reading the committed offsets of " + group, ex);
		}
		catch (Exception ex) {
			throw new TransientFailureException("could not read the committed offsets of " + group, ex);
		}
	}

	@Override
	public void close() {
		this.admin.close();
	}

}
