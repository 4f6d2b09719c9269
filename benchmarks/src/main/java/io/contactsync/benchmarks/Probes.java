package io.contactsync.benchmarks;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;

/**
 * The harness's view of the broker and the store: what it creates before a run, and what
 * tells it that a system is up and that it is done. Every probe is one cheap request (a
 * count the store keeps, offsets the broker keeps), so polling costs the measured
 * processes next to nothing.
 */
final class Probes implements AutoCloseable {

	private static final long TIMEOUT_SECONDS = 30;

	private final Admin admin;

	private final MongoClient mongo;

	Probes(String bootstrapServers, String mongoUri) {
		this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
		this.mongo = MongoClients.create(mongoUri);
	}

	void createTopic(String topic, int partitions) {
		get(this.admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all());
	}

	/** The end offset of every partition of {@code topic}. */
	Map<TopicPartition, Long> endOffsets(String topic) {
		int partitions = get(this.admin.describeTopics(List.of(topic)).allTopicNames()).get(topic).partitions().size();
		Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
		for (int p = 0; p < partitions; p++) {
			latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
		}
		Map<TopicPartition, Long> ends = new HashMap<>();
		get(this.admin.listOffsets(latest).all()).forEach((tp, info) -> ends.put(tp, info.offset()));
		return ends;
	}

	/** Records on a topic; 0 if it does not exist. */
	long records(String topic) {
		if (!get(this.admin.listTopics().names()).contains(topic)) {
			return 0;
		}
		return endOffsets(topic).values().stream().mapToLong(Long::longValue).sum();
	}

	/** Whether {@code group} has committed the end of every partition. */
	boolean committed(String group, Map<TopicPartition, Long> ends) {
		Map<TopicPartition, OffsetAndMetadata> committed = get(
				this.admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
		return ends.entrySet().stream().allMatch((end) -> {
			OffsetAndMetadata done = committed.get(end.getKey());
			return done != null && done.offset() >= end.getValue();
		});
	}

	/** Whether {@code group} has members with partitions assigned: the system is up. */
	boolean consuming(String group) {
		ConsumerGroupDescription description = get(this.admin.describeConsumerGroups(List.of(group)).all()).get(group);
		return description.groupState() == GroupState.STABLE && !description.members().isEmpty();
	}

	/** Documents in a collection, as the store counts them (no scan). */
	long documents(String database, String collection) {
		return this.mongo.getDatabase(database).getCollection(collection).estimatedDocumentCount();
	}

	/** The unique index the connector's business key and the plain consumer need. */
	void createUniqueIndex(String database, String collection, String field) {
		this.mongo.getDatabase(database)
			.getCollection(collection)
			.createIndex(Indexes.ascending(field), new IndexOptions().unique(true));
	}

	void dropDatabase(String database) {
		this.mongo.getDatabase(database).drop();
	}

	private static <T> T get(org.apache.kafka.common.KafkaFuture<T> future) {
		try {
			return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
		catch (Exception ex) {
			throw new IllegalStateException("the broker did not answer: " + ex, ex);
		}
	}

	@Override
	public void close() {
		this.admin.close();
		this.mongo.close();
	}

}
