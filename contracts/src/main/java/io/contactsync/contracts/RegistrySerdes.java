package io.contactsync.contracts;

import java.util.HashMap;
import java.util.Map;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.apicurio.registry.serde.config.SerdeConfig;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Kafka client settings for our Avro values on a schema registry, in the Confluent wire
 * format (magic byte 0, 4-byte schema id, Avro binary; no headers). Records written with
 * these settings are readable by Confluent's {@code KafkaAvroDeserializer}, and records
 * written by Confluent's serializer are readable with them.
 *
 * <p>
 * Keys are plain strings. The registry URL is Apicurio's native API, e.g.
 * {@code http://localhost:8081/apis/registry/v3}; its Confluent-compatible API serves the
 * same ids at {@code /apis/ccompat/v7/schemas/ids/{id}}.
 */
public final class RegistrySerdes {

	private static volatile boolean contractClassesTrusted;

	private RegistrySerdes() {
	}

	/**
	 * Lets Avro 1.12 instantiate the generated contract classes. Avro refuses classes
	 * outside its trusted packages unless told otherwise (system property
	 * {@code org.apache.avro.SERIALIZABLE_PACKAGES} or this call). Idempotent; the
	 * settings methods below call it.
	 */
	public static synchronized void trustContractClasses() {
		if (contractClassesTrusted) {
			return;
		}
		ClassSecurityValidator.ClassSecurityPredicate previous = ClassSecurityValidator.getGlobal();
		ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(previous,
				type -> type.getPackageName().equals(ContactEvent.class.getPackageName())));
		contractClassesTrusted = true;
	}

	/** Serializer settings; merge them into your producer config. */
	public static Map<String, Object> producerSettings(String registryUrl) {
		Map<String, Object> settings = common(registryUrl);
		settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroKafkaSerializer.class);
		settings.put(SerdeConfig.AUTO_REGISTER_ARTIFACT, true);
		// Register one self-contained schema per subject: plain Avro readers (and
		// Confluent clients without reference support) can then use it as is.
		settings.put(SerdeConfig.DEREFERENCE_SCHEMA, true);
		return settings;
	}

	/** Deserializer settings yielding the generated classes (e.g. ContactEvent). */
	public static Map<String, Object> consumerSettings(String registryUrl) {
		Map<String, Object> settings = common(registryUrl);
		settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, AvroKafkaDeserializer.class);
		settings.put(AvroSerdeConfig.USE_SPECIFIC_AVRO_READER, true);
		return settings;
	}

	private static Map<String, Object> common(String registryUrl) {
		trustContractClasses();
		if (registryUrl == null || registryUrl.isBlank()) {
			throw new IllegalArgumentException(
					"a schema registry URL is required, e.g. http://localhost:8081/apis/registry/v3");
		}
		Map<String, Object> settings = new HashMap<>();
		settings.put(SerdeConfig.REGISTRY_URL, registryUrl);
		settings.put(AvroSerdeConfig.AVRO_DATUM_PROVIDER, CachingAvroDatumProvider.class.getName());
		return settings;
	}

}
