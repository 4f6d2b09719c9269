package io.contactsync.worker.pipeline;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.contactsync.contracts.ContactEvent;
import io.contactsync.contracts.ContactUpsertCommand;
import io.contactsync.contracts.CustomField;
import io.contactsync.contracts.Gender;
import io.contactsync.contracts.NumberValue;
import io.contactsync.contracts.RegistrySerdes;
import io.contactsync.contracts.SourceRef;
import io.contactsync.devstack.DevStackExtension;
import io.contactsync.worker.Endpoints;
import io.contactsync.worker.TopicClient;
import io.contactsync.worker.WorkerInstance;
import io.contactsync.worker.deadletter.DeadLetters;
import io.contactsync.worker.events.SingleObjectEncoder;
import io.contactsync.worker.merge.ContactField;
import io.contactsync.worker.merge.TenantId;
import io.contactsync.worker.store.StoredContact;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.contactsync.worker.pipeline.AvroCommands.T0;
import static io.contactsync.worker.pipeline.AvroCommands.command;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The cases of issue [2/5], end to end: a record that cannot be applied is dead-lettered
 * once with a reason naming the field and never the value, and the records behind it on
 * its partition apply; values from other versions (a newer producer's enum symbol, a
 * newer or older worker's outbox entries) never get the worker stuck nor overwrite data.
 */
class NeverStuckIntegrationTests {

	private static final WorkerInstance.Topology topology = WorkerInstance.Topology.fresh("never-stuck");

	private static Endpoints stack;

	private static WorkerInstance worker;

	private static TopicClient topics;

	@BeforeAll
	static void startWorker() {
		stack = Endpoints.of(DevStackExtension.shared());
		topics = new TopicClient(stack);
		worker = WorkerInstance.start(stack, topology, Map.of("contact-sync.pipeline.leftover-grace", "1s"));
	}

	@AfterAll
	static void stopWorker() {
		worker.close();
		topics.close();
	}

	@Test
	void aNumberTooLargeToWriteOutIsDeadLetteredAndThePartitionGoesOn() {
		String tenant = AvroCommands.tenant();
		var poison = topics.publish(topology.commands(), "one-key",
				command(tenant, T0).setEmail("big@example.org")
					.setCustomFields(List.of(new CustomField("score", new NumberValue("1E+2147483647"))))
					.build());
		topics.publish(topology.commands(), "one-key",
				command(tenant, T0.plusSeconds(1)).setEmail("next@example.org").build());

		await().atMost(Duration.ofSeconds(30)).until(() -> worker.store().count(new TenantId(tenant)) == 1);
		ConsumerRecord<String, byte[]> letter = deadLetterOf(poison.partition(), poison.offset());
		assertThat(header(letter, DeadLetters.DETAIL_HEADER)).startsWith("customFields").doesNotContain("2147483647");
		assertThat(onlyContact(tenant).contact().email()).hasValue("next@example.org");
	}

	@Test
	void separatorsInIdsNeverMakeTwoContactsOneNorBlockAPartition() {
		String tenant = AvroCommands.tenant();
		// The issue's pair: the first names no valid system any more, the second is
		// fine; neither stops the partition.
		var bad = topics.publish(topology.commands(), "one-key",
				command(tenant, T0).setSource(new SourceRef("crm|x", "1")).setEmail("first@example.org").build());
		topics.publish(topology.commands(), "one-key",
				command(tenant, T0.plusSeconds(1)).setSource(new SourceRef("crm", "x|1"))
					.setEmail("second@example.org")
					.build());
		// A tenant whose name spells another tenant's source key.
		String spelled = tenant + "|s|crm";
		topics.publish(topology.commands(), "one-key",
				command(spelled, T0.plusSeconds(2)).setEmail("third@example.org").build());
		topics.publish(topology.commands(), "one-key",
				command(tenant, T0.plusSeconds(3)).setSource(new SourceRef("crm", "e|third@example.org"))
					.setEmail("fourth@example.org")
					.build());

		await().atMost(Duration.ofSeconds(30))
			.until(() -> worker.store().count(new TenantId(tenant)) == 2
					&& worker.store().count(new TenantId(spelled)) == 1);
		assertThat(header(deadLetterOf(bad.partition(), bad.offset()), DeadLetters.DETAIL_HEADER))
			.startsWith("source.system");
	}

	@Test
	void aFarFutureStampIsDeadLetteredSoItCannotFreezeAField() {
		String tenant = AvroCommands.tenant();
		var future = topics.publish(topology.commands(),
				command(tenant, Instant.parse("3000-01-01T00:00:00Z")).setEmail("ann@example.org")
					.setFirstName("Frozen")
					.build());
		topics.publish(topology.commands(),
				command(tenant, Instant.now()).setEmail("ann@example.org").setFirstName("Ann").build());

		await().atMost(Duration.ofSeconds(30)).until(() -> worker.store().count(new TenantId(tenant)) == 1);
		assertThat(onlyContact(tenant).contact().value(ContactField.FIRST_NAME)).hasValue("Ann");
		assertThat(header(deadLetterOf(future.partition(), future.offset()), DeadLetters.DETAIL_HEADER))
			.startsWith("occurredAt must not be more than 10m after the record was produced");
	}

	@Test
	void aGenderSymbolNewerThanTheWorkerLeavesTheStoredGender() throws Exception {
		String tenant = AvroCommands.tenant();
		topics.publish(topology.commands(),
				command(tenant, T0).setEmail("gen@example.org").setGender(Gender.FEMALE).build());
		await().atMost(Duration.ofSeconds(30)).until(() -> worker.store().count(new TenantId(tenant)) == 1);

		// A producer on a newer contract whose Gender has one more symbol.
		Schema newer = new Schema.Parser().parse(ContactUpsertCommand.getClassSchema()
			.toString()
			.replace("\"UNKNOWN\",\"UNRECOGNIZED\"", "\"UNKNOWN\",\"UNRECOGNIZED\",\"NON_BINARY\""));
		GenericRecord record = new GenericRecordBuilder(newer).set("commandId", "newer-1")
			.set("tenantId", tenant)
			.set("source", new GenericRecordBuilder(newer.getField("source").schema()).set("system", "test").build())
			.set("occurredAt", T0.plusSeconds(5).toEpochMilli())
			.set("email", "gen@example.org")
			.set("city", "Oslo")
			.set("gender",
					new GenericData.EnumSymbol(newer.getField("gender").schema().getTypes().get(1), "NON_BINARY"))
			.build();
		publishGeneric(topology.commands(), record);

		await().atMost(Duration.ofSeconds(30))
			.until(() -> onlyContact(tenant).contact().value(ContactField.CITY).orElse("").equals("Oslo"));
		assertThat(onlyContact(tenant).contact().value(ContactField.GENDER)).hasValue("FEMALE");
	}

	@Test
	void outboxEntriesOfANewerAndAnOlderWorkerArePublished() throws Exception {
		String tenant = AvroCommands.tenant();
		topics.publish(topology.commands(), command(tenant, T0).setEmail("box@example.org").build());
		await().atMost(Duration.ofSeconds(30)).until(() -> worker.store().count(new TenantId(tenant)) == 1);
		StoredContact stored = onlyContact(tenant);
		ContactEvent template = topics.events(topology.events())
			.stream()
			.filter((event) -> event.getContactId().equals(stored.contact().id().value()))
			.findFirst()
			.orElseThrow();

		// A newer worker's event: its schema gained an optional field; its bytes
		// carry that schema's registry id.
		Schema newerSchema = new Schema.Parser().parse(ContactEvent.getClassSchema()
			.toString()
			.replaceFirst("\"fields\":\\[",
					"\"fields\":[{\"name\":\"region\",\"type\":[\"null\",\"string\"],\"default\":null},"));
		GenericRecord newer = asSchema(template, newerSchema);
		newer.put("eventId", "from-newer-worker");
		newer.put("region", "eu");
		ContactEvent olderEvent = ContactEvent.newBuilder(template).setEventId("from-older-worker").build();
		byte[] wire = wireBytes(newer);
		byte[] single = new SingleObjectEncoder().event(olderEvent);
		// Both left over (stored two minutes ago, their batches never finished): the
		// newer worker's names its record; the older worker's predates origins.
		Instant old = Instant.now().minusSeconds(120);
		try (MongoClient client = MongoClients.create(stack.mongoUri())) {
			client.getDatabase(topology.database())
				.getCollection("contacts")
				.updateOne(new Document("_id", stored.contact().id().value()),
						new Document("$set", new Document("_sync.outbox", List.of(
								new Document("id", "from-older-worker").append("v", 1L)
									.append("at", java.util.Date.from(old))
									.append("avro", new Binary(single)),
								new Document("id", "from-newer-worker").append("v", 1L)
									.append("at", java.util.Date.from(old))
									.append("origin",
											new Document("group", "another-group").append("topic", topology.commands())
												.append("partition", 0)
												.append("offset", 0L))
									.append("wire", new Binary(wire))
									.append("future", "a field this version does not know")))));
		}
		// No sweeper: whoever loads the contact next publishes what was left over.
		topics.publish(topology.commands(),
				command(tenant, T0.plusSeconds(1)).setEmail("box@example.org").setFirstName("Box").build());

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(topics.events(topology.events()).stream().map(ContactEvent::getEventId))
				.contains("from-older-worker", "from-newer-worker"));
		// Out now: the contact's next write leaves them behind.
		topics.publish(topology.commands(),
				command(tenant, T0.plusSeconds(2)).setEmail("box@example.org").setFirstName("Boxer").build());
		await().atMost(Duration.ofSeconds(30))
			.until(() -> onlyContact(tenant).outbox().stream().noneMatch((event) -> event.eventId().startsWith("from-"))
					&& onlyContact(tenant).contact().version() == 3);
	}

	/**
	 * The event read with another schema, as a worker built on that schema would hold it.
	 */
	private static GenericRecord asSchema(ContactEvent event, Schema schema) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
		new SpecificDatumWriter<ContactEvent>(ContactEvent.getClassSchema()).write(event, encoder);
		encoder.flush();
		return new GenericDatumReader<GenericRecord>(ContactEvent.getClassSchema(), schema).read(null,
				DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
	}

	private static byte[] wireBytes(GenericRecord record) {
		AvroKafkaSerializer<Object> serializer = new AvroKafkaSerializer<>();
		serializer.configure(RegistrySerdes.producerSettings(stack.registryUrl()), false);
		try {
			return serializer.serialize(topology.events(), record);
		}
		finally {
			serializer.close();
		}
	}

	private static void publishGeneric(String topic, GenericRecord record) throws Exception {
		Map<String, Object> settings = new HashMap<>(RegistrySerdes.producerSettings(stack.registryUrl()));
		settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
		try (KafkaProducer<String, Object> producer = new KafkaProducer<>(settings)) {
			producer.send(new ProducerRecord<>(topic, "gen-key", record)).get(30, TimeUnit.SECONDS);
		}
	}

	private static StoredContact onlyContact(String tenant) {
		List<StoredContact> all = worker.store().findAll(new TenantId(tenant));
		assertThat(all).hasSize(1);
		return all.get(0);
	}

	private static ConsumerRecord<String, byte[]> deadLetterOf(int partition, long offset) {
		String origin = topology.commands() + "-" + partition + "@" + offset;
		List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			found.clear();
			topics.rawRecords(topology.deadLetters())
				.stream()
				.filter((record) -> origin.equals(header(record, DeadLetters.ORIGIN_HEADER)))
				.forEach(found::add);
			return !found.isEmpty();
		});
		assertThat(found).as("dead letters of %s", origin).hasSize(1);
		return found.get(0);
	}

	private static String header(ConsumerRecord<String, byte[]> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

}
