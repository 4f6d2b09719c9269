package io.contactsync.producer;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Future;

import io.contactsync.contracts.ContactUpsertCommand;
import io.contactsync.contracts.PartitionKeys;
import io.contactsync.contracts.RegistrySerdes;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Publishes upsert commands the way a producer should: idempotent, {@code acks=all},
 * compressed and batched, keyed by {@link PartitionKeys} so commands about one person
 * tend to share a partition.
 */
public final class CommandPublisher implements AutoCloseable {

	private final KafkaProducer<String, Object> producer;

	private final String topic;

	public CommandPublisher(String bootstrapServers, String registryUrl, String topic) {
		this.topic = topic;
		this.producer = new KafkaProducer<>(settings(bootstrapServers, registryUrl));
	}

	/** Producer settings users should start from. */
	public static Map<String, Object> settings(String bootstrapServers, String registryUrl) {
		Map<String, Object> settings = new HashMap<>(RegistrySerdes.producerSettings(registryUrl));
		settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		settings.put(ProducerConfig.ACKS_CONFIG, "all");
		settings.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
		settings.put(ProducerConfig.LINGER_MS_CONFIG, 10);
		settings.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
		settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
		return settings;
	}

	public Future<RecordMetadata> publish(ContactUpsertCommand command) {
		return this.producer.send(new ProducerRecord<>(this.topic, PartitionKeys.forCommand(command), command));
	}

	/**
	 * Publishes without waiting; the callback runs on the producer's I/O thread when the
	 * broker has acknowledged the record (or the producer gave up on it).
	 */
	public Future<RecordMetadata> publish(ContactUpsertCommand command, Callback callback) {
		return this.producer.send(new ProducerRecord<>(this.topic, PartitionKeys.forCommand(command), command),
				callback);
	}

	public void flush() {
		this.producer.flush();
	}

	@Override
	public void close() {
		this.producer.close();
	}

}
