package io.contactsync.benchmarks;

import java.util.List;

import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.WriteModel;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PlainSinkTests {

	@Test
	void writesOnlyTheLastRecordOfAPersonInAPoll() {
		List<WriteModel<Document>> writes = PlainSink.replacements(List.of(record(0, "a@example.com", "Old Town"),
				record(1, "b@example.com", "Denver"), record(2, "a@example.com", "New Town")));
		assertThat(writes).hasSize(2);
		ReplaceOneModel<Document> first = (ReplaceOneModel<Document>) writes.get(0);
		assertThat(first.getReplacement().getString("city")).isEqualTo("New Town");
		assertThat(first.getReplaceOptions().isUpsert()).isTrue();
	}

	private static ConsumerRecord<String, String> record(long offset, String email, String city) {
		return new ConsumerRecord<>("people", 0, offset, email,
				"{\"email\":\"" + email + "\",\"city\":\"" + city + "\"}");
	}

}
