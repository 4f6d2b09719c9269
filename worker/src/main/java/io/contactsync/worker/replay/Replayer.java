package io.contactsync.worker.replay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import io.contactsync.worker.merge.Created;
import io.contactsync.worker.merge.MergeOutcome;
import io.contactsync.worker.merge.Unchanged;
import io.contactsync.worker.merge.Updated;
import io.contactsync.worker.pipeline.DecodedCommand;
import io.contactsync.worker.pipeline.PipelineConfiguration;
import io.contactsync.worker.pipeline.PipelineSettings;
import io.contactsync.worker.pipeline.RegistrySettings;
import io.contactsync.worker.store.Contacts;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

/**
 * Reprocesses a range of the command topic with its own consumer group, through the same
 * merge and store path as the live worker. Merges are idempotent and stale-safe, so
 * commands that already applied change nothing and emit nothing; commands that never
 * applied (a gap, a lost store range) apply, and their events are marked as replayed.
 * Offsets are committed after each batch, so an interrupted replay resumes where it
 * stopped when run again with the same group.
 */
public class Replayer {

	/** Progress callback: records done so far and in total. */
	public interface Progress {

		void update(long done, long total);

	}

	/**
	 * About a minute without records before the end of the range: give up (resumable).
	 */
	private static final int MAX_IDLE_POLLS = 120;

	private final KafkaProperties kafka;

	private final RegistrySettings registry;

	private final PipelineSettings pipeline;

	private final ReplayPipeline replay;

	private final Contacts contacts;

	public Replayer(KafkaProperties kafka, RegistrySettings registry, PipelineSettings pipeline, ReplayPipeline replay,
			Contacts contacts) {
		this.kafka = kafka;
		this.registry = registry;
		this.pipeline = pipeline;
		this.replay = replay;
		this.contacts = contacts;
	}

	public ReplayReport run(ReplayRequest request, Progress progress, BooleanSupplier stopRequested) {
		Map<String, Object> settings = PipelineConfiguration.commandConsumerSettings(this.kafka, this.registry);
		settings.put(ConsumerConfig.GROUP_ID_CONFIG, request.group());
		settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
		String topic = this.pipeline.commandsTopic();
		try (KafkaConsumer<String, DecodedCommand> consumer = new KafkaConsumer<>(settings)) {
			List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30))
				.stream()
				.map((info) -> new TopicPartition(topic, info.partition()))
				.toList();
			consumer.assign(partitions);
			Map<TopicPartition, Long> end = endOffsets(consumer, partitions, request);
			Map<TopicPartition, OffsetAndMetadata> committed = request.dryRun() ? Map.of()
					: consumer.committed(new java.util.HashSet<>(partitions));
			boolean resumed = committed.values().stream().anyMatch((offset) -> offset != null);
			Map<TopicPartition, Long> start = resumed ? resumePositions(partitions, committed)
					: startOffsets(consumer, partitions, request, end);
			start.forEach(consumer::seek);
			long total = 0;
			for (TopicPartition partition : partitions) {
				total += Math.max(0, end.get(partition) - start.get(partition));
			}

			DryRun dryRun = request.dryRun() ? new DryRun(this.contacts, request.sampledContacts()) : null;
			Counts counts = new Counts();
			long done = 0;
			int idlePolls = 0;
			progress.update(0, total);
			while (!finished(consumer, partitions, end)) {
				if (stopRequested.getAsBoolean() || idlePolls > MAX_IDLE_POLLS) {
					return counts.report(resumed, false, dryRun);
				}
				ConsumerRecords<String, DecodedCommand> polled = consumer.poll(Duration.ofMillis(500));
				idlePolls = polled.isEmpty() ? idlePolls + 1 : 0;
				List<ConsumerRecord<String, DecodedCommand>> inRange = new ArrayList<>(polled.count());
				for (ConsumerRecord<String, DecodedCommand> record : polled) {
					if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
						inRange.add(record);
					}
				}
				for (TopicPartition partition : partitions) {
					// Past the end of the range: stop reading this partition.
					if (consumer.position(partition) >= end.get(partition)) {
						consumer.pause(List.of(partition));
					}
				}
				if (!inRange.isEmpty()) {
					counts.add(this.replay.replay(inRange, request.tenant(), dryRun, request.group()));
					done += inRange.size();
				}
				if (!request.dryRun()) {
					commit(consumer, partitions, end);
				}
				progress.update(Math.min(done, total), total);
			}
			return counts.report(resumed, true, dryRun);
		}
	}

	private static boolean finished(KafkaConsumer<?, ?> consumer, List<TopicPartition> partitions,
			Map<TopicPartition, Long> end) {
		for (TopicPartition partition : partitions) {
			if (consumer.position(partition) < end.get(partition)) {
				return false;
			}
		}
		return true;
	}

	private static void commit(KafkaConsumer<?, ?> consumer, List<TopicPartition> partitions,
			Map<TopicPartition, Long> end) {
		Map<TopicPartition, OffsetAndMetadata> positions = new HashMap<>();
		for (TopicPartition partition : partitions) {
			positions.put(partition, new OffsetAndMetadata(Math.min(consumer.position(partition), end.get(partition))));
		}
		consumer.commitSync(positions);
	}

	private static Map<TopicPartition, Long> endOffsets(KafkaConsumer<?, ?> consumer, List<TopicPartition> partitions,
			ReplayRequest request) {
		Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
		if (request.until() != null) {
			Map<TopicPartition, Long> query = new HashMap<>();
			partitions.forEach((partition) -> query.put(partition, request.until().toEpochMilli()));
			consumer.offsetsForTimes(query).forEach((partition, found) -> {
				if (found != null) {
					end.put(partition, found.offset());
				}
			});
		}
		return end;
	}

	private static Map<TopicPartition, Long> startOffsets(KafkaConsumer<?, ?> consumer, List<TopicPartition> partitions,
			ReplayRequest request, Map<TopicPartition, Long> end) {
		Map<TopicPartition, Long> start = new LinkedHashMap<>(consumer.beginningOffsets(partitions));
		if (!request.offsets().isEmpty()) {
			request.offsets()
				.forEach((partition, offset) -> start.put(new TopicPartition(partitions.get(0).topic(), partition),
						offset));
			return start;
		}
		Map<TopicPartition, Long> query = new HashMap<>();
		partitions.forEach((partition) -> query.put(partition, request.from().toEpochMilli()));
		Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
		for (TopicPartition partition : partitions) {
			OffsetAndTimestamp at = found.get(partition);
			start.put(partition, (at != null) ? at.offset() : end.get(partition));
		}
		return start;
	}

	private static Map<TopicPartition, Long> resumePositions(List<TopicPartition> partitions,
			Map<TopicPartition, OffsetAndMetadata> committed) {
		Map<TopicPartition, Long> positions = new LinkedHashMap<>();
		for (TopicPartition partition : partitions) {
			OffsetAndMetadata offset = committed.get(partition);
			positions.put(partition, (offset != null) ? offset.offset() : 0L);
		}
		return positions;
	}

	private static final class Counts {

		long records;

		long skipped;

		long created;

		long updated;

		long unchanged;

		long invalid;

		void add(ReplayPipeline.ReplayedBatch batch) {
			this.records += batch.records();
			this.skipped += batch.skipped();
			this.invalid += batch.invalid();
			for (MergeOutcome outcome : batch.outcomes()) {
				if (outcome instanceof Created) {
					this.created++;
				}
				else if (outcome instanceof Updated) {
					this.updated++;
				}
				else if (outcome instanceof Unchanged) {
					this.unchanged++;
				}
			}
		}

		ReplayReport report(boolean resumed, boolean completed, DryRun dryRun) {
			return new ReplayReport(this.records, this.skipped, this.created, this.updated, this.unchanged,
					this.invalid, resumed, completed, (dryRun != null) ? dryRun.samples() : Map.of());
		}

	}

}
