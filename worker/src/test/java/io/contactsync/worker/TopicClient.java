package io.contactsync.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.contactsync.contracts.ContactEvent;
import io.contactsync.contracts.ContactUpsertCommand;
import io.contactsync.contracts.PartitionKeys;
import io.contactsync.contracts.RegistrySerdes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes commands and reads what the worker produced, on the devstack. */
public final class TopicClient implements AutoCloseable {

	private final Endpoints stack;

	private final KafkaProducer<String, Object> avro;

	private final KafkaProducer<String, byte[]> raw;

	public TopicClient(Endpoints stack) {
		this.stack = stack;
		Map<String, Object> avroSettings = new HashMap<>(RegistrySerdes.producerSettings(stack.registryUrl()));
		avroSettings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
		avroSettings.put(ProducerConfig.LINGER_MS_CONFIG, 5);
		this.avro = new KafkaProducer<>(avroSettings);
		this.raw = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()),
				new StringSerializer(), new ByteArraySerializer());
	}

	public RecordMetadata publish(String topic, ContactUpsertCommand command) {
		return publish(topic, PartitionKeys.forCommand(command), command);
	}

	public RecordMetadata publish(String topic, String key, ContactUpsertCommand command) {
		try {
			return this.avro.send(new ProducerRecord<>(topic, key, command)).get(30, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("could not publish to " + topic, ex);
		}
	}

	public RecordMetadata publishRaw(String topic, String key, byte[] value) {
		try {
			return this.raw.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("could not publish to " + topic, ex);
		}
	}

	/** Every event on the topic so far (reads from the beginning until idle). */
	public List<ContactEvent> events(String topic) {
		Map<String, Object> settings = new HashMap<>(RegistrySerdes.consumerSettings(this.stack.registryUrl()));
		List<ContactEvent> events = new ArrayList<>();
		for (ConsumerRecord<String, Object> record : readAll(topic, settings)) {
			events.add((ContactEvent) record.value());
		}
		return events;
	}

	/** Every record value of an Avro topic so far, keyed reads in offset order. */
	public List<ConsumerRecord<String, Object>> avroRecords(String topic) {
		return readAll(topic, new HashMap<>(RegistrySerdes.consumerSettings(this.stack.registryUrl())));
	}

	/** Every record of the topic so far, value bytes as they are. */
	public List<ConsumerRecord<String, byte[]>> rawRecords(String topic) {
		Map<String, Object> settings = new HashMap<>();
		settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		return readAll(topic, settings);
	}

	private <V> List<ConsumerRecord<String, V>> readAll(String topic, Map<String, Object> settings) {
		settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.stack.bootstrapServers());
		settings.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
		settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		List<ConsumerRecord<String, V>> records = new ArrayList<>();
		try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(settings)) {
			var partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10))
				.stream()
				.map((p) -> new org.apache.kafka.common.TopicPartition(topic, p.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<org.apache.kafka.common.TopicPartition, Long> end = consumer.endOffsets(partitions);
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
			while (partitions.stream().anyMatch((tp) -> consumer.position(tp) < end.get(tp))
					&& System.nanoTime() < deadline) {
				consumer.poll(Duration.ofMillis(200)).forEach(records::add);
			}
		}
		return records;
	}

	@Override
	public void close() {
		this.avro.close();
		this.raw.close();
	}

}
