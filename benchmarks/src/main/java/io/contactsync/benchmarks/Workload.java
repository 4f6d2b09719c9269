package io.contactsync.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;

import io.contactsync.contracts.ContactUpsertCommand;
import io.contactsync.contracts.CustomField;
import io.contactsync.contracts.NumberValue;
import io.contactsync.contracts.PartitionKeys;
import io.contactsync.contracts.SourceRef;
import io.contactsync.contracts.TextValue;

/**
 * The comparison's input: two full upserts per person, every one valid, the same seed
 * giving the same commands. Each command is rendered twice with the same content: as our
 * Avro {@link ContactUpsertCommand} and as a flat JSON object keyed by email, for systems
 * that cannot read our Avro.
 *
 * <p>
 * A person's second upsert (moved, a new tag, a new score and job title, one day later)
 * follows its first {@code lag} people later, so that batches mix new people and updates,
 * as live traffic does. Phones are unique per person: a shared phone would make the
 * worker match two people into one contact, which the other systems would not.
 */
final class Workload {

	/** One command in both renderings. */
	record Upsert(String avroKey, ContactUpsertCommand avro, String jsonKey, String json) {
	}

	private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

	private static final String[] FIRST_NAMES = { "Ava", "Liam", "Olivia", "Noah", "Emma", "Mateo", "Sophia", "Lucas",
			"Isabella", "Ethan", "Mia", "James", "Amelia", "Benjamin", "Harper", "Elijah", "Evelyn", "Henry", "Abigail",
			"Samuel" };

	private static final String[] LAST_NAMES = { "Smith", "Johnson", "Garcia", "Miller", "Davis", "Rodriguez",
			"Martinez", "Hernandez", "Lopez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
			"Lee", "Perez", "Thompson", "White" };

	private static final String[] DOMAINS = { "example.com", "example.org", "example.net", "mail.example.com" };

	private static final String[] STREETS = { "Maple Avenue", "Oak Street", "Cedar Lane", "Pine Road", "Elm Street",
			"Lakeview Drive", "Sunset Boulevard", "Hillcrest Way" };

	private record City(String name, String state, String zipPrefix) {
	}

	private static final City[] CITIES = { new City("Portland", "OR", "972"), new City("Austin", "TX", "787"),
			new City("Denver", "CO", "802"), new City("Boston", "MA", "021"), new City("Chicago", "IL", "606"),
			new City("Seattle", "WA", "981"), new City("Atlanta", "GA", "303"), new City("Phoenix", "AZ", "850") };

	private static final String[] AREA_CODES = { "212", "312", "415", "503", "617", "646", "702", "720", "808", "917" };

	private static final String[] COMPANIES = { "Northwind Traders", "Contoso Ltd", "Fabrikam Inc", "Tailspin Toys",
			"Wide World Importers", "Adventure Works" };

	private static final String[] JOB_TITLES = { "Account Manager", "Software Engineer", "Head of Marketing",
			"Operations Lead", "Sales Director", "Customer Success Manager" };

	private static final String[] TAGS = { "lead", "customer", "newsletter", "webinar", "trial", "partner", "vip" };

	private static final String[] PLANS = { "free", "starter", "pro", "enterprise" };

	private static final int TENANTS = 5;

	private final long seed;

	private final int people;

	private final int lag;

	/** {@code commands} upserts for {@code commands / 2} people. */
	Workload(long seed, int commands) {
		if (commands < 2 || commands % 2 != 0) {
			throw new IllegalArgumentException("commands must be an even number of at least 2, not " + commands);
		}
		this.seed = seed;
		this.people = commands / 2;
		this.lag = Math.max(1, Math.min(5_000, this.people / 4));
	}

	int people() {
		return this.people;
	}

	int commands() {
		return 2 * this.people;
	}

	/** Every command, in publishing order. */
	void forEach(Consumer<Upsert> sink) {
		for (int step = 0; step < this.people + this.lag; step++) {
			if (step < this.people) {
				sink.accept(upsert(step, 0));
			}
			if (step >= this.lag) {
				sink.accept(upsert(step - this.lag, 1));
			}
		}
	}

	/** The {@code version}th upsert (0 or 1) of person {@code person}. */
	Upsert upsert(int person, int version) {
		// A generator per person: any command is made without the others.
		Random random = new Random(this.seed * 1_000_003L + person);
		String first = pick(random, FIRST_NAMES);
		String last = pick(random, LAST_NAMES);
		String email = (first + "." + last + "." + person + "@" + pick(random, DOMAINS)).toLowerCase();
		City city = pick(random, CITIES);
		int houseNumber = 1 + random.nextInt(9_899);
		String street = pick(random, STREETS);
		String company = pick(random, COMPANIES);
		String jobTitle = pick(random, JOB_TITLES);
		List<String> tags = new ArrayList<>(List.of(TAGS[random.nextInt(3)], TAGS[3 + random.nextInt(2)]));
		String plan = pick(random, PLANS);
		int score = random.nextInt(100);
		UUID commandId = new UUID(random.nextLong(), random.nextLong() + version);
		if (version == 1) {
			city = pick(random, CITIES);
			houseNumber = 1 + random.nextInt(9_899);
			street = pick(random, STREETS);
			jobTitle = pick(random, JOB_TITLES);
			tags.add(TAGS[5 + random.nextInt(2)]);
			score = 100 + random.nextInt(100);
		}
		Person p = new Person("tenant-" + (1 + person % TENANTS), "crm-" + person, commandId.toString(),
				START.plusMillis(10L * person).plus(Duration.ofDays(version)), first, last, email, phone(person),
				houseNumber + " " + street, city, company, jobTitle, tags, plan, score);
		ContactUpsertCommand command = p.avro();
		return new Upsert(PartitionKeys.forCommand(command), command, email, p.json());
	}

	/** A distinct, possible US number for each of the first 80 million people. */
	static String phone(int person) {
		int line = person % 10_000;
		int rest = person / 10_000;
		// Exchanges 200-999: a first digit of 2-9 keeps the number possible.
		int exchange = 200 + rest % 800;
		String area = AREA_CODES[(rest / 800) % AREA_CODES.length];
		return "+1 " + area + "-" + exchange + "-" + String.format("%04d", line);
	}

	private static <T> T pick(Random random, T[] values) {
		return values[random.nextInt(values.length)];
	}

	private record Person(String tenant, String recordId, String commandId, Instant occurredAt, String first,
			String last, String email, String phone, String addressLine1, City city, String company, String jobTitle,
			List<String> tags, String plan, int score) {

		String postalCode() {
			return this.city.zipPrefix() + String.format("%02d", Math.abs(this.addressLine1.hashCode()) % 100);
		}

		ContactUpsertCommand avro() {
			return ContactUpsertCommand.newBuilder()
				.setCommandId(this.commandId)
				.setTenantId(this.tenant)
				.setSource(new SourceRef("crm", this.recordId))
				.setOccurredAt(this.occurredAt)
				.setEmail(this.email)
				.setPhone(this.phone)
				.setFirstName(this.first)
				.setLastName(this.last)
				.setAddressLine1(this.addressLine1)
				.setCity(this.city.name())
				.setState(this.city.state())
				.setPostalCode(postalCode())
				.setCountry("US")
				.setCompanyName(this.company)
				.setJobTitle(this.jobTitle)
				.setTags(this.tags)
				.setCustomFields(List.of(new CustomField("plan", new TextValue(this.plan)),
						new CustomField("score", new NumberValue(Integer.toString(this.score))),
						new CustomField("channel", new TextValue("webinar"))))
				.build();
		}

		/** The same content as {@link #avro()}; custom fields as an object by key. */
		String json() {
			StringBuilder json = new StringBuilder(512);
			json.append('{');
			field(json, "commandId", this.commandId).append(',');
			field(json, "tenantId", this.tenant).append(',');
			json.append("\"source\":{");
			field(json, "system", "crm").append(',');
			field(json, "recordId", this.recordId).append("},");
			json.append("\"occurredAt\":").append(this.occurredAt.toEpochMilli()).append(',');
			field(json, "email", this.email).append(',');
			field(json, "phone", this.phone).append(',');
			field(json, "firstName", this.first).append(',');
			field(json, "lastName", this.last).append(',');
			field(json, "addressLine1", this.addressLine1).append(',');
			field(json, "city", this.city.name()).append(',');
			field(json, "state", this.city.state()).append(',');
			field(json, "postalCode", postalCode()).append(',');
			field(json, "country", "US").append(',');
			field(json, "companyName", this.company).append(',');
			field(json, "jobTitle", this.jobTitle).append(',');
			json.append("\"tags\":[");
			for (int i = 0; i < this.tags.size(); i++) {
				json.append((i > 0) ? "," : "");
				string(json, this.tags.get(i));
			}
			json.append("],\"customFields\":{");
			field(json, "plan", this.plan).append(',');
			json.append("\"score\":").append(this.score).append(',');
			field(json, "channel", "webinar").append("}}");
			return json.toString();
		}

		private static StringBuilder field(StringBuilder json, String name, String value) {
			string(json, name).append(':');
			return string(json, value);
		}

		private static StringBuilder string(StringBuilder json, String value) {
			json.append('"');
			for (char c : value.toCharArray()) {
				if (c == '"' || c == '\\') {
					json.append('\\');
				}
				json.append(c);
			}
			return json.append('"');
		}

	}

}
