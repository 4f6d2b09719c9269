package io.contactsync.benchmarks;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.contactsync.contracts.RegistrySerdes;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes the workload once, before any system runs: our Avro commands to one topic
 * (Confluent wire format through the registry, as our producers do) and the same commands
 * as JSON to another. Both go out with the same producer settings, so that the systems
 * read alike-sized, alike-compressed batches.
 */
final class Publisher {

	/** What was published: counts and mean serialized value sizes. */
	record Published(long records, double meanAvroBytes, double meanJsonBytes, double seconds) {
	}

	private Publisher() {
	}

	static Published publish(Workload workload, String bootstrapServers, String registryUrl, String avroTopic,
			String jsonTopic) {
		Map<String, Object> avroSettings = new HashMap<>(RegistrySerdes.producerSettings(registryUrl));
		avroSettings.putAll(common(bootstrapServers));
		Map<String, Object> jsonSettings = new HashMap<>(common(bootstrapServers));
		jsonSettings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		jsonSettings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		AtomicLong avroBytes = new AtomicLong();
		AtomicLong jsonBytes = new AtomicLong();
		AtomicLong records = new AtomicLong();
		AtomicReference<Exception> failure = new AtomicReference<>();
		long start = System.nanoTime();
		try (KafkaProducer<String, Object> avro = new KafkaProducer<>(avroSettings);
				KafkaProducer<String, String> json = new KafkaProducer<>(jsonSettings)) {
			workload.forEach((upsert) -> {
				avro.send(new ProducerRecord<>(avroTopic, upsert.avroKey(), upsert.avro()), sized(avroBytes, failure));
				json.send(new ProducerRecord<>(jsonTopic, upsert.jsonKey(), upsert.json()), sized(jsonBytes, failure));
				records.incrementAndGet();
			});
			avro.flush();
			json.flush();
		}
		if (failure.get() != null) {
			throw new IllegalStateException("publishing the workload failed", failure.get());
		}
		long n = records.get();
		return new Published(n, (double) avroBytes.get() / n, (double) jsonBytes.get() / n,
				(System.nanoTime() - start) / 1e9);
	}

	/** What CommandPublisher in producer-demo recommends to our producers. */
	private static Map<String, Object> common(String bootstrapServers) {
		return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all",
				ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd",
				ProducerConfig.LINGER_MS_CONFIG, 10, ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024,
				ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
	}

	private static Callback sized(AtomicLong bytes, AtomicReference<Exception> failure) {
		return (metadata, exception) -> {
			if (exception != null) {
				failure.compareAndSet(null, exception);
			}
			else {
				bytes.addAndGet(metadata.serializedValueSize());
			}
		};
	}

}
