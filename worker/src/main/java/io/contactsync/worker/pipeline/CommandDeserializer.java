package io.contactsync.worker.pipeline;

import java.util.Map;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.contactsync.contracts.ContactUpsertCommand;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Decodes a command through the schema registry and keeps the original bytes. Wrapped in
 * Spring Kafka's {@code ErrorHandlingDeserializer}, so an undecodable record reaches the
 * listener as a failure instead of blocking its partition.
 */
public class CommandDeserializer implements Deserializer<DecodedCommand> {

	private final AvroKafkaDeserializer<Object> avro = new AvroKafkaDeserializer<>();

	@Override
	public void configure(Map<String, ?> configs, boolean isKey) {
		this.avro.configure(configs, isKey);
	}

	@Override
	public DecodedCommand deserialize(String topic, byte[] data) {
		return deserialize(topic, null, data);
	}

	@Override
	public DecodedCommand deserialize(String topic, Headers headers, byte[] data) {
		if (data == null) {
			throw new IllegalArgumentException("record has no value (tombstone)");
		}
		Object decoded = this.avro.deserialize(topic, headers, data);
		if (!(decoded instanceof ContactUpsertCommand command)) {
			throw new IllegalArgumentException("record is not a ContactUpsertCommand but "
					+ ((decoded != null) ? decoded.getClass().getSimpleName() : "null"));
		}
		return new DecodedCommand(data, command);
	}

	@Override
	public void close() {
		this.avro.close();
	}

}
