package io.contactsync.producer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

import io.contactsync.contracts.ContactUpsertCommand;
import io.contactsync.contracts.CustomField;
import io.contactsync.contracts.Gender;
import io.contactsync.contracts.NumberValue;
import io.contactsync.contracts.PartitionKeys;
import io.contactsync.contracts.SourceRef;
import io.contactsync.contracts.TextValue;
import net.datafaker.Faker;

/**
 * Realistic, reproducible command traffic: the same seed gives the same commands. Each
 * command is one of the kinds below, drawn with the rates of a {@link Mix}, over a number
 * of tenants whose people accumulate as traffic goes on.
 */
public final class TrafficGenerator {

	/** What a generated command is meant to exercise. */
	public enum Kind {

		/** A person never seen before, with email and phone. */
		NEW_PERSON,
		/** A known person by email, one attribute changed. */
		UPDATE,
		/** A known person by phone only, in another notation. */
		OTHER_IDENTIFIER,
		/** Email of one known person, phone of another. */
		COLLISION,
		/** The previous command again, same command id. */
		DUPLICATE,
		/** A known person, written a day in the past. */
		STALE,
		/** Breaks a rule (bad email, name too long, impossible phone). */
		INVALID

	}

	/**
	 * Relative weights of each kind (they need not add up to 1).
	 *
	 * @param newPeople weight of {@link Kind#NEW_PERSON}
	 * @param updates weight of {@link Kind#UPDATE}
	 * @param otherIdentifier weight of {@link Kind#OTHER_IDENTIFIER}
	 * @param collisions weight of {@link Kind#COLLISION}
	 * @param duplicates weight of {@link Kind#DUPLICATE}
	 * @param stale weight of {@link Kind#STALE}
	 * @param invalid weight of {@link Kind#INVALID}
	 */
	public record Mix(double newPeople, double updates, double otherIdentifier, double collisions, double duplicates,
			double stale, double invalid) {

		/** A bit of everything, mostly updates. */
		public static Mix realistic() {
			return new Mix(0.25, 0.40, 0.12, 0.04, 0.08, 0.06, 0.05);
		}

		double total() {
			return this.newPeople + this.updates + this.otherIdentifier + this.collisions + this.duplicates + this.stale
					+ this.invalid;
		}

	}

	/** A generated command, its record key and its kind. */
	public record Generated(Kind kind, String key, ContactUpsertCommand command) {
	}

	private record Person(String tenant, String email, String phoneDigits, String recordId) {
	}

	private static final String[] AREA_CODES = { "212", "312", "415", "503", "617", "646", "702", "720", "808", "917" };

	private static final String[] SYSTEMS = { "highlevel", "notifuse", "chatbotx", "csv-import" };

	private static final String[] TAGS = { "lead", "customer", "vip", "newsletter", "trial", "churn-risk" };

	private final Random random;

	private final Faker faker;

	private final Mix mix;

	private final List<String> tenants = new ArrayList<>();

	private final List<Person> people = new ArrayList<>();

	private final Instant start;

	private long sequence;

	private Generated previous;

	public TrafficGenerator(long seed, int tenantCount, Mix mix, Instant start) {
		this.random = new Random(seed);
		this.faker = new Faker(Locale.US, new Random(seed ^ 0x5DEECE66DL));
		this.mix = mix;
		this.start = start;
		for (int i = 1; i <= tenantCount; i++) {
			this.tenants.add("tenant-" + i);
		}
	}

	public Generated next() {
		Kind kind = pick();
		Generated generated = switch (kind) {
			case NEW_PERSON -> newPerson();
			case UPDATE -> update(known(), Duration.ZERO);
			case OTHER_IDENTIFIER -> byPhone(known());
			case COLLISION -> collision();
			case DUPLICATE -> new Generated(Kind.DUPLICATE, this.previous.key(), this.previous.command());
			case STALE -> update(known(), Duration.ofDays(-1));
			case INVALID -> invalid();
		};
		this.previous = generated;
		return new Generated(kind, generated.key(), generated.command());
	}

	private Kind pick() {
		if (this.people.size() < 2 || this.previous == null) {
			return Kind.NEW_PERSON;
		}
		double roll = this.random.nextDouble() * this.mix.total();
		double[] weights = { this.mix.newPeople(), this.mix.updates(), this.mix.otherIdentifier(),
				this.mix.collisions(), this.mix.duplicates(), this.mix.stale(), this.mix.invalid() };
		for (int i = 0; i < weights.length; i++) {
			roll -= weights[i];
			if (roll < 0) {
				return Kind.values()[i];
			}
		}
		return Kind.UPDATE;
	}

	private Generated newPerson() {
		String tenant = this.tenants.get(this.random.nextInt(this.tenants.size()));
		String first = this.faker.name().firstName();
		String last = this.faker.name().lastName();
		long n = this.sequence;
		String email = (first + "." + last + "." + n + "@" + this.faker.internet().domainName())
			.toLowerCase(Locale.ROOT)
			.replaceAll("[^a-z0-9.@-]", "");
		String phone = AREA_CODES[this.random.nextInt(AREA_CODES.length)] + (2 + this.random.nextInt(8))
				+ String.format("%06d", this.random.nextInt(1_000_000));
		Person person = new Person(tenant, email, phone, "rec-" + n);
		this.people.add(person);
		ContactUpsertCommand command = base(person, Duration.ZERO).setEmail(email)
			.setPhone("+1 " + phone.substring(0, 3) + "-" + phone.substring(3, 6) + "-" + phone.substring(6))
			.setFirstName(first)
			.setLastName(last)
			.setName(first + " " + last)
			.setGender(this.random.nextBoolean() ? Gender.FEMALE : Gender.MALE)
			.setCity(this.faker.address().city())
			.setState(this.faker.address().stateAbbr())
			.setPostalCode(this.faker.address().zipCode())
			.setCountry("US")
			.setCompanyName(this.faker.company().name())
			.setTimezone("America/New_York")
			.setTags(List.of(TAGS[this.random.nextInt(TAGS.length)]))
			.setCustomFields(
					List.of(new CustomField("plan", new TextValue(this.random.nextBoolean() ? "pro" : "free"))))
			.build();
		return new Generated(Kind.NEW_PERSON, PartitionKeys.forCommand(command), command);
	}

	private Generated update(Person person, Duration shift) {
		ContactUpsertCommand.Builder command = base(person, shift).setEmail(person.email());
		switch (this.random.nextInt(5)) {
			case 0 -> command.setJobTitle(this.faker.job().title());
			case 1 -> command.setCity(this.faker.address().city());
			case 2 -> command.setAddTags(List.of(TAGS[this.random.nextInt(TAGS.length)]));
			case 3 -> command.setCustomFields(
					List.of(new CustomField("orders", new NumberValue(Integer.toString(this.random.nextInt(50))))));
			default -> command.setLastName(this.faker.name().lastName());
		}
		ContactUpsertCommand built = command.build();
		return new Generated(shift.isNegative() ? Kind.STALE : Kind.UPDATE, PartitionKeys.forCommand(built), built);
	}

	private Generated byPhone(Person person) {
		String p = person.phoneDigits();
		ContactUpsertCommand command = base(person, Duration.ZERO)
			.setPhone("(" + p.substring(0, 3) + ") " + p.substring(3, 6) + "-" + p.substring(6))
			.setAvatarUrl("https://avatars.example.com/" + person.recordId() + ".png")
			.build();
		return new Generated(Kind.OTHER_IDENTIFIER, PartitionKeys.forCommand(command), command);
	}

	private Generated collision() {
		Person a = known();
		Person b = known();
		for (int i = 0; i < 10 && (b == a || !b.tenant().equals(a.tenant())); i++) {
			b = known();
		}
		ContactUpsertCommand command = base(a, Duration.ZERO).setSource(new SourceRef("csv-import", null))
			.setEmail(a.email())
			.setPhone("+1" + b.phoneDigits())
			.setCompanyName(this.faker.company().name())
			.build();
		return new Generated(Kind.COLLISION, PartitionKeys.forCommand(command), command);
	}

	private Generated invalid() {
		Person person = known();
		ContactUpsertCommand.Builder command = base(person, Duration.ZERO);
		switch (this.random.nextInt(3)) {
			case 0 -> command.setEmail("not-an-email-" + this.sequence);
			case 1 -> command.setEmail(person.email()).setFirstName("x".repeat(101));
			default -> command.setEmail(person.email()).setPhone("12");
		}
		ContactUpsertCommand built = command.build();
		return new Generated(Kind.INVALID, PartitionKeys.forCommand(built), built);
	}

	private Person known() {
		return this.people.get(this.random.nextInt(this.people.size()));
	}

	private ContactUpsertCommand.Builder base(Person person, Duration shift) {
		long n = this.sequence++;
		return ContactUpsertCommand.newBuilder()
			.setCommandId(new UUID(this.random.nextLong(), n).toString())
			.setTenantId(person.tenant())
			.setSource(new SourceRef(SYSTEMS[this.random.nextInt(SYSTEMS.length)], person.recordId()))
			.setOccurredAt(this.start.plusMillis(n).plus(shift));
	}

}
