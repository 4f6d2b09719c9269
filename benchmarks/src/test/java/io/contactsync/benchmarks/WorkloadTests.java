package io.contactsync.benchmarks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import io.contactsync.contracts.ContactUpsertCommand;
import io.contactsync.contracts.NumberValue;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class WorkloadTests {

	@Test
	void sameSeedGivesSameCommands() {
		assertThat(all(new Workload(7, 2_000))).isEqualTo(all(new Workload(7, 2_000)));
		assertThat(all(new Workload(7, 2_000))).isNotEqualTo(all(new Workload(8, 2_000)));
	}

	@Test
	void givesEveryPersonTwoUpsertsTheSecondOneLater() {
		Map<String, List<ContactUpsertCommand>> byEmail = new HashMap<>();
		new Workload(7, 10_000).forEach(
				(upsert) -> byEmail.computeIfAbsent(upsert.jsonKey(), (k) -> new ArrayList<>()).add(upsert.avro()));
		assertThat(byEmail).hasSize(5_000);
		assertThat(byEmail.values()).allSatisfy((commands) -> {
			assertThat(commands).hasSize(2);
			assertThat(commands.get(1).getOccurredAt()).isAfter(commands.get(0).getOccurredAt());
			assertThat(commands.get(1).getCommandId()).isNotEqualTo(commands.get(0).getCommandId());
			assertThat(commands.get(1).getPhone()).isEqualTo(commands.get(0).getPhone());
			assertThat(commands.get(1).getTags()).containsAll(commands.get(0).getTags());
		});
	}

	@Test
	void rendersTheSameContentAsAvroAndJson() {
		Workload.Upsert upsert = new Workload(7, 100).upsert(42, 1);
		ContactUpsertCommand avro = upsert.avro();
		Document json = Document.parse(upsert.json());
		assertThat(json.getString("email")).isEqualTo(avro.getEmail()).isEqualTo(upsert.jsonKey());
		assertThat(json.getString("phone")).isEqualTo(avro.getPhone());
		assertThat(json.getString("addressLine1")).isEqualTo(avro.getAddressLine1());
		assertThat(json.getString("postalCode")).isEqualTo(avro.getPostalCode());
		assertThat(json.getLong("occurredAt")).isEqualTo(avro.getOccurredAt().toEpochMilli());
		assertThat(json.getList("tags", String.class)).isEqualTo(avro.getTags());
		assertThat(json.get("customFields", Document.class).getInteger("score").toString())
			.isEqualTo(((NumberValue) avro.getCustomFields().get(1).getValue()).getValue());
		assertThat(upsert.avroKey()).isEqualTo(avro.getTenantId() + "|e|" + avro.getEmail());
	}

	@Test
	void jsonValuesAreAboutFiveHundredBytes() {
		Workload workload = new Workload(7, 2_000);
		double mean = IntStream.range(0, 1_000)
			.mapToDouble((person) -> workload.upsert(person, person % 2).json().length())
			.average()
			.orElseThrow();
		assertThat(mean).isBetween(400.0, 520.0);
	}

	@Test
	void givesEveryPersonItsOwnPhone() {
		Set<String> phones = new HashSet<>();
		IntStream.range(0, 200_000).forEach((person) -> phones.add(Workload.phone(person)));
		assertThat(phones).hasSize(200_000);
		assertThat(Workload.phone(123_456)).matches("\\+1 \\d{3}-[2-9]\\d{2}-\\d{4}");
	}

	@Test
	void refusesAnOddNumberOfCommands() {
		assertThatIllegalArgumentException().isThrownBy(() -> new Workload(7, 3))
			.withMessage("commands must be an even number of at least 2, not 3");
	}

	private static List<String> all(Workload workload) {
		List<String> json = new ArrayList<>();
		workload.forEach((upsert) -> json.add(upsert.avroKey() + " " + upsert.json()));
		return json;
	}

}
