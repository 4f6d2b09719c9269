package io.contactsync.worker.pipeline;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.contactsync.contracts.ContactUpsertCommand;
import io.contactsync.worker.failure.Failures;
import io.contactsync.worker.failure.TransientFailureException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Decodes a command through the schema registry and keeps the original bytes. Wrapped in
 * Spring Kafka's {@code ErrorHandlingDeserializer}, so an undecodable record reaches the
 * listener as a failure instead of blocking its partition. Bytes that are not in the
 * Confluent wire format, and schema ids the registry has just said it does not know, fail
 * at once with a sentence, without a round trip to the registry: a producer sending
 * garbage must not slow the partition down.
 */
public class CommandDeserializer implements Deserializer<DecodedCommand> {

	/** How long an id the registry does not know is taken as unknown without asking. */
	private static final Duration UNKNOWN_ID_MEMORY = Duration.ofMinutes(5);

	/** Ids the registry answered 404 for, and until when to believe it. */
	private static final Map<Integer, Long> unknownIds = new ConcurrentHashMap<>();

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
		if (data.length < 5 || data[0] != 0) {
			throw new SerializationException("not in the Confluent wire format (a 0 byte, then a 4-byte schema id)");
		}
		int id = ByteBuffer.wrap(data, 1, 4).getInt();
		Long until = unknownIds.get(id);
		if (until != null && until > System.currentTimeMillis()) {
			throw new SerializationException("schema id " + id + " is not in the registry");
		}
		Object decoded;
		try {
			decoded = this.avro.deserialize(topic, headers, data);
		}
		catch (RuntimeException ex) {
			// Spring carries the failure to the listener serialized in a header:
			// only serializable exceptions without the registry client's causes
			// survive that, so say what happened in our own, by kind.
			if (isNotFound(ex)) {
				unknownIds.put(id, System.currentTimeMillis() + UNKNOWN_ID_MEMORY.toMillis());
				throw new SerializationException("schema id " + id + " is not in the registry");
			}
			if (Failures.isTransient(ex)) {
				throw new TransientFailureException("the schema registry is unavailable (" + Failures.kind(ex) + ")");
			}
			throw new SerializationException("not a decodable ContactUpsertCommand (" + Failures.kind(ex) + ")");
		}
		if (!(decoded instanceof ContactUpsertCommand command)) {
			throw new IllegalArgumentException("record is not a ContactUpsertCommand but "
					+ ((decoded != null) ? decoded.getClass().getSimpleName() : "null"));
		}
		return new DecodedCommand(data, command);
	}

	/**
	 * Whether the registry answered 404 (Kiota's ApiException, somewhere in the causes).
	 */
	private static boolean isNotFound(Throwable failure) {
		for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
			try {
				Object status = cause.getClass().getMethod("getResponseStatusCode").invoke(cause);
				if (Integer.valueOf(404).equals(status)) {
					return true;
				}
			}
			catch (ReflectiveOperationException | RuntimeException ex) {
				// Not an HTTP failure: look at its cause.
			}
		}
		return false;
	}

	@Override
	public void close() {
		this.avro.close();
	}

}
