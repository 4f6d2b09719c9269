package io.contactsync.devstack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(DevStackExtension.class)
class DevStackIntegrationTests {

	@Test
	void kafkaBrokerStoresAndServesRecords(DevStack stack) throws Exception {
		stack.createTopic("devstack-roundtrip", 3, Map.of());
		try (var producer = new KafkaProducer<String, String>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
				stack.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(),
				new StringSerializer())) {
			producer.send(new ProducerRecord<>("devstack-roundtrip", "k", "hello")).get();
		}
		try (var consumer = new KafkaConsumer<String, String>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
				stack.bootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG, "devstack-roundtrip",
				ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
				new StringDeserializer())) {
			consumer.subscribe(List.of("devstack-roundtrip"));
			ConsumerRecords<String, String> records = ConsumerRecords.empty();
			for (int i = 0; i < 30 && records.isEmpty(); i++) {
				records = consumer.poll(Duration.ofSeconds(1));
			}
			assertThat(records).extracting(r -> r.value()).containsExactly("hello");
		}
	}

	@Test
	void registryAnswersOnItsConfluentCompatibleApi(DevStack stack) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(stack.registryCcompatUrl() + "/subjects")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).startsWith("[");
	}

	@Test
	void mongoWireStoreAcceptsTheRealDriver(DevStack stack) {
		try (MongoClient client = MongoClients.create(stack.mongoUri())) {
			var collection = client.getDatabase("devstack").getCollection("probe");
			collection.insertOne(new Document("_id", "a").append("n", 1));
			assertThat(collection.find(new Document("_id", "a")).first()).containsEntry("n", 1);
		}
	}

}
