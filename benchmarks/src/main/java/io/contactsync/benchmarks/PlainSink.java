package io.contactsync.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bson.Document;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The least a Kafka-to-MongoDB sink can do, as a ceiling for the others: per poll, one
 * unordered bulk write replacing each person's document by email (upsert), then a commit.
 * No matching, no merge, no events. Runs until SIGTERM.
 */
@Command(name = "plain-sink", description = "Copies JSON records keyed by email into MongoDB, one bulk write per poll.")
public final class PlainSink implements Callable<Integer> {

	@Option(names = "--bootstrap-servers", required = true)
	String bootstrapServers;

	@Option(names = "--topic", required = true)
	String topic;

	@Option(names = "--group", required = true)
	String group;

	@Option(names = "--mongo-uri", required = true)
	String mongoUri;

	@Option(names = "--database", required = true)
	String database;

	@Option(names = "--collection", required = true)
	String collection;

	public static void main(String[] args) {
		int code = new CommandLine(new PlainSink()).execute(args);
		// Not System.exit(0): stopped by SIGTERM, the shutdown hook waits for this
		// thread, and exit would wait for the hook.
		if (code != 0) {
			System.exit(code);
		}
	}

	@Override
	public Integer call() throws InterruptedException {
		Map<String, Object> settings = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers,
				ConsumerConfig.GROUP_ID_CONFIG, this.group, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
				ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
				StringDeserializer.class, ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		Thread main = Thread.currentThread();
		try (MongoClient mongo = MongoClients.create(this.mongoUri);
				KafkaConsumer<String, String> consumer = new KafkaConsumer<>(settings)) {
			MongoCollection<Document> people = mongo.getDatabase(this.database).getCollection(this.collection);
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				consumer.wakeup();
				joinQuietly(main);
			}, "plain-sink-shutdown"));
			consumer.subscribe(List.of(this.topic));
			while (true) {
				ConsumerRecords<String, String> records = consumer.poll(Duration.ofSeconds(1));
				if (!records.isEmpty()) {
					people.bulkWrite(replacements(records), new BulkWriteOptions().ordered(false));
					consumer.commitSync();
				}
			}
		}
		catch (WakeupException stopping) {
			return 0;
		}
	}

	/**
	 * One replacement per person: an unordered bulk may apply two writes to one key in
	 * any order, so only the last of a poll is kept (a partition keeps a key's order).
	 */
	static List<WriteModel<Document>> replacements(Iterable<ConsumerRecord<String, String>> records) {
		Map<String, Document> latest = new LinkedHashMap<>();
		for (ConsumerRecord<String, String> record : records) {
			latest.put(record.key(), Document.parse(record.value()));
		}
		ReplaceOptions upsert = new ReplaceOptions().upsert(true);
		List<WriteModel<Document>> writes = new ArrayList<>(latest.size());
		latest.forEach(
				(email, document) -> writes.add(new ReplaceOneModel<>(Filters.eq("email", email), document, upsert)));
		return writes;
	}

	private static void joinQuietly(Thread thread) {
		try {
			thread.join(10_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
