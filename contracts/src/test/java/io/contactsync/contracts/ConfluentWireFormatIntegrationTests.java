package io.contactsync.contracts;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsync.devstack.DevStack;
import io.contactsync.devstack.DevStackExtension;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves the wire format on the real broker and the real registry: what our serde writes
 * is Confluent's format, its schema id resolves through the Confluent-compatible API, and
 * plain Avro decodes it.
 */
@ExtendWith(DevStackExtension.class)
class ConfluentWireFormatIntegrationTests {

	@Test
	void commandIsReadBackAsTheGeneratedClass(DevStack stack) {
		String topic = freshTopic(stack);
		ContactUpsertCommand sent = ContactFixtures.fullCommand();

		publish(stack, topic, PartitionKeys.forCommand(sent), sent);

		Map<String, Object> settings = consumerBase(stack, RegistrySerdes.consumerSettings(stack.registryUrl()));
		try (var consumer = new KafkaConsumer<String, Object>(settings)) {
			ConsumerRecord<String, Object> received = pollOne(consumer, topic);
			assertThat(received.key()).isEqualTo("tenant-1|e|rosan@deos.com");
			assertThat(received.value()).isInstanceOf(ContactUpsertCommand.class).isEqualTo(sent);
		}
	}

	@Test
	void schemaIdInTheRecordResolvesThroughTheConfluentApiAndPlainAvroDecodesThePayload(DevStack stack)
			throws Exception {
		String topic = freshTopic(stack);
		ContactEvent sent = ContactFixtures.createdEvent();

		publish(stack, topic, sent.getContactId(), sent);

		Map<String, Object> raw = consumerBase(stack, new HashMap<>());
		raw.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		raw.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		byte[] bytes;
		try (var consumer = new KafkaConsumer<String, byte[]>(raw)) {
			ConsumerRecord<String, byte[]> received = pollOne(consumer, topic);
			assertThat(received.headers().toArray())
				.as("Confluent format carries the id in the payload, not in headers")
				.isEmpty();
			bytes = received.value();
		}

		ByteBuffer buffer = ByteBuffer.wrap(bytes);
		assertThat(buffer.get()).as("magic byte").isZero();
		int schemaId = buffer.getInt();
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(stack.registryCcompatUrl() + "/schemas/ids/" + schemaId)).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		Schema writerSchema = new Schema.Parser()
			.parse(new ObjectMapper().readTree(response.body()).get("schema").asText());
		assertThat(writerSchema.getFullName()).isEqualTo("io.contactsync.contracts.ContactEvent");

		GenericRecord decoded = new GenericDatumReader<GenericRecord>(writerSchema).read(null,
				DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null));
		assertThat(decoded.get("eventId")).hasToString(sent.getEventId());
		assertThat(decoded.get("eventType")).hasToString("CREATED");
		assertThat(decoded.get("contactVersion")).isEqualTo(1L);
		assertThat(((GenericRecord) decoded.get("contact")).get("email")).hasToString("rosan@deos.com");
	}

	private static String freshTopic(DevStack stack) {
		String topic = "wire-format-" + UUID.randomUUID();
		stack.createTopic(topic, 1, Map.of());
		return topic;
	}

	private static void publish(DevStack stack, String topic, String key, Object value) {
		Map<String, Object> settings = new HashMap<>(RegistrySerdes.producerSettings(stack.registryUrl()));
		settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
		try (var producer = new KafkaProducer<String, Object>(settings)) {
			producer.send(new ProducerRecord<>(topic, key, value)).get();
		}
		catch (Exception ex) {
			throw new AssertionError("could not publish to " + topic, ex);
		}
	}

	private static Map<String, Object> consumerBase(DevStack stack, Map<String, Object> settings) {
		Map<String, Object> all = new HashMap<>(settings);
		all.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
		all.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
		all.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		return all;
	}

	private static <V> ConsumerRecord<String, V> pollOne(KafkaConsumer<String, V> consumer, String topic) {
		consumer.subscribe(List.of(topic));
		List<ConsumerRecord<String, V>> received = new ArrayList<>();
		Instant deadline = Instant.now().plusSeconds(30);
		while (received.isEmpty() && Instant.now().isBefore(deadline)) {
			consumer.poll(Duration.ofMillis(500)).forEach(received::add);
		}
		assertThat(received).hasSize(1);
		return received.get(0);
	}

}
