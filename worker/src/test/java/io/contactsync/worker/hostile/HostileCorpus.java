package io.contactsync.worker.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.UnaryOperator;

import io.contactsync.contracts.BooleanValue;
import io.contactsync.contracts.ContactField;
import io.contactsync.contracts.ContactUpsertCommand;
import io.contactsync.contracts.CustomField;
import io.contactsync.contracts.DateTimeValue;
import io.contactsync.contracts.DndChannel;
import io.contactsync.contracts.DndSetting;
import io.contactsync.contracts.DndStatus;
import io.contactsync.contracts.JsonValue;
import io.contactsync.contracts.ListValue;
import io.contactsync.contracts.MonetaryValue;
import io.contactsync.contracts.NumberValue;
import io.contactsync.contracts.PartitionKeys;
import io.contactsync.contracts.SourceRef;
import io.contactsync.contracts.TextValue;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.KafkaUtils;

/**
 * A seeded corpus of hostile Kafka records mixed with valid commands. Each record carries
 * the outcome the worker must give it: applied, or dead-lettered once as REJECTED or
 * UNDECODABLE. The same seed and size give the same records, so a failing run can be
 * replayed (docs/hostile-input.md).
 *
 * <p>
 * The expected outcomes follow the rules of docs/semantics.md and the limits of
 * {@code CommandNormalizer}, {@code JsonDocuments}, {@code CustomValue} and
 * {@code Limits.defaults()}; contacts driven to their budgets are modelled here, so a
 * command past a budget is expected to be refused. Every person's commands share one
 * record key where the order matters (budgets), so one consumer sees them in order.
 */
final class HostileCorpus {

	/** What the worker must do with a record. */
	enum Outcome {

		/** Decoded and valid: merged (possibly changing nothing), never dead-lettered. */
		APPLIED,

		/** Decoded, but breaks a rule: dead-lettered once with reason REJECTED. */
		REJECTED,

		/** Not a decodable command: dead-lettered once with reason UNDECODABLE. */
		UNDECODABLE

	}

	/** A record value as it goes onto the topic. */
	sealed interface Payload {

		/** A command, published through the registry's serializer. */
		record Avro(ContactUpsertCommand command) implements Payload {
		}

		/**
		 * A record encoded by the registry's serializer (Confluent wire format), then
		 * changed, and published as bytes.
		 */
		record Mangled(IndexedRecord record, UnaryOperator<byte[]> change) implements Payload {
		}

		/** Bytes as they are. */
		record Raw(byte[] bytes) implements Payload {
		}

		/** No value at all: a Kafka tombstone. */
		record Tombstone() implements Payload {
		}

	}

	/**
	 * One record of the corpus.
	 *
	 * @param index position in the corpus; records are published in this order
	 * @param label what it exercises, e.g. {@code over-limit/city-1001}
	 * @param expected the outcome the worker must give it
	 * @param field for a rejection, a field its dead-letter detail must name, else null
	 * @param key the record key (may be null)
	 * @param payload the value
	 * @param headers the record headers
	 * @param personal the emails and phones it carries, as written: none may show up in a
	 * log line or a dead-letter header
	 */
	record Hostile(int index, String label, Outcome expected, String field, String key, Payload payload,
			List<Header> headers, List<String> personal) {

		/** The command, when the value is one published through the serializer. */
		ContactUpsertCommand command() {
			return (this.payload instanceof Payload.Avro avro) ? avro.command() : null;
		}

	}

	/** The domain of every generated email: no other value contains it. */
	static final String EMAIL_DOMAIN = "hostile-corpus.example.org";

	/** Area codes of generated phones; all numbers are 555 exchanges. */
	static final List<String> AREA_CODES = List.of("646", "415", "312", "212", "718", "917", "202", "617", "305",
			"702");

	/** Stamps of valid traffic start here, well in the past of any real clock. */
	static final Instant BASE = Instant.parse("2024-01-01T00:00:00Z");

	/** A budget scenario starts after about this many records. */
	private static final int BUDGET_EVERY = 400;

	private static final String[] TAGS = { "lead", "vip", "trial", "churned", "newsletter", "partner" };

	private static final String[] CITIES = { "Austin", "Boston", "Chicago", "Denver", "Zürich", "São Paulo" };

	private static final String[] SYSTEMS = { "crm-a", "crm-b" };

	private static final int MAIN_TENANTS = 3;

	private final long seed;

	private final SplittableRandom random;

	private final List<Hostile> records = new ArrayList<>();

	private final List<List<Person>> pools = new ArrayList<>();

	private final List<Draft> validSoFar = new ArrayList<>();

	private final String prefix;

	private int serial;

	private int budgets;

	private int nextBudget = 100;

	private long step;

	private HostileCorpus(long seed) {
		this.seed = seed;
		this.random = new SplittableRandom(seed);
		this.prefix = "h" + Long.toUnsignedString(seed, 36);
		for (int i = 0; i < MAIN_TENANTS; i++) {
			this.pools.add(new ArrayList<>());
		}
	}

	/**
	 * The corpus of a seed.
	 * @param seed the seed
	 * @param records how many records
	 * @return the records, in publishing order
	 */
	static List<Hostile> generate(long seed, int records) {
		HostileCorpus corpus = new HostileCorpus(seed);
		while (corpus.records.size() < records) {
			corpus.next();
		}
		return List.copyOf(corpus.records);
	}

	/** A record before it gets its index. */
	private record Draft(String label, Outcome expected, String field, String key, Payload payload,
			List<Header> headers, List<String> personal) {

		Draft withHeaders(List<Header> headers) {
			return new Draft(this.label, this.expected, this.field, this.key, this.payload, headers, this.personal);
		}

	}

	/** A person the corpus writes about. */
	private record Person(String tenant, int serial, String email, String phone, String recordId, boolean unicode) {

		/** The national digits of the phone, or null. */
		String phoneDigits() {
			return this.phone;
		}

	}

	private void next() {
		if (this.records.size() >= this.nextBudget) {
			// Budget scenarios take turns at fixed places, so that even a short
			// corpus drives a contact to each of its limits.
			add(switch (this.budgets++ % 4) {
				case 0 -> tagBudget();
				case 1 -> customFieldBudget();
				case 2 -> byteBudget();
				default -> sourceLinkBudget();
			});
			this.nextBudget += BUDGET_EVERY;
			return;
		}
		int roll = this.random.nextInt(100);
		if (roll < 44) {
			add(List.of(validUpdate()));
		}
		else if (roll < 48) {
			add(List.of(duplicate()));
		}
		else if (roll < 50) {
			add(unicodeEmails());
		}
		else if (roll < 52) {
			add(reusedCommandIds());
		}
		else if (roll < 53) {
			add(separatorsInIds());
		}
		else if (roll < 62) {
			add(List.of(atTheLimit()));
		}
		else if (roll < 81) {
			add(List.of(rejected()));
		}
		else {
			add(List.of(undecodable()));
		}
	}

	private void add(List<Draft> drafts) {
		for (Draft draft : drafts) {
			this.step++;
			this.records.add(new Hostile(this.records.size(), draft.label(), draft.expected(), draft.field(),
					draft.key(), draft.payload(), draft.headers(), draft.personal()));
			if (draft.expected() == Outcome.APPLIED && draft.payload() instanceof Payload.Avro) {
				this.validSoFar.add(draft);
			}
		}
	}

	// ---------------------------------------------------------------- people

	private Person newPerson(int tenant, boolean withPhone, boolean unicode) {
		return newPerson(mainTenant(tenant), withPhone, unicode);
	}

	private Person newPerson(String tenant, boolean withPhone, boolean unicode) {
		int n = this.serial++;
		String local = (unicode ? "jos\u00e9." : "p.") + n;
		String phone = withPhone ? AREA_CODES.get((n / 10_000) % AREA_CODES.size()) + "555" + pad4(n % 10_000) : null;
		return new Person(tenant, n, local + "@" + EMAIL_DOMAIN, phone, "rec-" + n, unicode);
	}

	private String mainTenant(int i) {
		return this.prefix + "-main-" + i;
	}

	private Person pooled() {
		int tenant = this.random.nextInt(MAIN_TENANTS);
		List<Person> pool = this.pools.get(tenant);
		if (pool.size() < 3 || this.random.nextInt(4) == 0) {
			Person person = newPerson(tenant, this.random.nextBoolean(), false);
			pool.add(person);
			return person;
		}
		return pool.get(this.random.nextInt(pool.size()));
	}

	/** The email as a producer might write it: cased or padded differently. */
	private String emailForm(Person person) {
		String email = person.email();
		if (person.unicode() && this.random.nextBoolean()) {
			email = decomposed(email);
		}
		return switch (this.random.nextInt(4)) {
			case 0 -> email.toUpperCase(Locale.ROOT);
			case 1 -> "  " + email + " ";
			default -> email;
		};
	}

	private String phoneForm(Person person) {
		String p = person.phoneDigits();
		return switch (this.random.nextInt(4)) {
			case 0 -> "+1 " + p.substring(0, 3) + "-" + p.substring(3, 6) + "-" + p.substring(6);
			case 1 -> "(" + p.substring(0, 3) + ") " + p.substring(3, 6) + "-" + p.substring(6);
			case 2 -> p.substring(0, 3) + "." + p.substring(3, 6) + "." + p.substring(6);
			default -> "+1" + p;
		};
	}

	private static String decomposed(String email) {
		return email.replace("\u00e9", "e\u0301").replace("\u00c9", "E\u0301");
	}

	// ---------------------------------------------------------------- commands

	private Instant now(int jitterSeconds) {
		long jitter = (jitterSeconds > 0) ? this.random.nextInt(-jitterSeconds, jitterSeconds + 1) : 0;
		return BASE.plusSeconds(this.step * 7 + jitter);
	}

	private String commandId() {
		return new UUID(this.random.nextLong(), this.random.nextLong()).toString();
	}

	/** A command about a person: tenant, source, time and email set. */
	private ContactUpsertCommand.Builder about(Person person, String system) {
		return ContactUpsertCommand.newBuilder()
			.setCommandId(commandId())
			.setTenantId(person.tenant())
			.setSource(new SourceRef(system, person.recordId()))
			.setOccurredAt(now(300))
			.setEmail(emailForm(person));
	}

	private ContactUpsertCommand.Builder about(Person person) {
		return about(person, SYSTEMS[this.random.nextInt(SYSTEMS.length)]);
	}

	private static Draft applied(String label, ContactUpsertCommand command, List<String> personal) {
		return new Draft(label, Outcome.APPLIED, null, key(command), new Payload.Avro(command), List.of(), personal);
	}

	private static Draft rejected(String label, String field, ContactUpsertCommand command, List<String> personal) {
		return new Draft(label, Outcome.REJECTED, field, key(command), new Payload.Avro(command), List.of(), personal);
	}

	private static String key(ContactUpsertCommand command) {
		try {
			return PartitionKeys.forCommand(command);
		}
		catch (RuntimeException ex) {
			// A blank tenant has no partition key; the command is rejected anyway.
			return "no-tenant";
		}
	}

	private static List<String> personal(ContactUpsertCommand command) {
		List<String> values = new ArrayList<>(2);
		if (command.getEmail() != null) {
			values.add(command.getEmail());
		}
		if (command.getPhone() != null) {
			values.add(command.getPhone());
		}
		return values;
	}

	/** Valid traffic about the pool: a few attributes changed, sometimes stale. */
	private Draft validUpdate() {
		Person person = pooled();
		ContactUpsertCommand.Builder command = about(person);
		if (person.phone() != null && this.random.nextBoolean()) {
			command.setPhone(phoneForm(person));
		}
		int changes = 1 + this.random.nextInt(3);
		boolean citySet = false;
		String removed = null;
		List<String> added = new ArrayList<>();
		List<CustomField> custom = new ArrayList<>();
		for (int i = 0; i < changes; i++) {
			switch (this.random.nextInt(9)) {
				case 0 -> {
					command.setCity(CITIES[this.random.nextInt(CITIES.length)]);
					citySet = true;
				}
				case 1 -> command.setFirstName("Name" + this.random.nextInt(20));
				case 2 -> command.setJobTitle("Title " + this.random.nextInt(20));
				case 3 -> {
					String tag = TAGS[this.random.nextInt(TAGS.length)];
					if (!added.contains(tag)) {
						added.add(tag);
					}
				}
				case 4 -> removed = TAGS[this.random.nextInt(TAGS.length)];
				case 5 -> custom.add(poolCustomField(custom));
				case 6 -> command.setDndSettings(List.of(dnd()));
				case 7 -> command.setDnd(this.random.nextBoolean());
				default -> {
					if (!citySet) {
						command.setClear(List.of(ContactField.CITY));
					}
				}
			}
		}
		if (citySet) {
			command.setClear(List.of());
		}
		command.setAddTags(added);
		if (removed != null && !added.contains(removed)) {
			// Case differs on purpose: tags compare case-insensitively.
			command.setRemoveTags(List.of(removed.toUpperCase(Locale.ROOT)));
		}
		List<CustomField> distinct = new ArrayList<>();
		for (CustomField field : custom) {
			if (distinct.stream().noneMatch((f) -> f.getKey().equals(field.getKey()))) {
				distinct.add(field);
			}
		}
		command.setCustomFields(distinct);
		ContactUpsertCommand built = command.build();
		return applied("valid/update", built, personal(built));
	}

	private CustomField poolCustomField(List<CustomField> taken) {
		int kind = this.random.nextInt(8);
		return switch (kind) {
			case 0 -> new CustomField("plan", new TextValue("plan-" + this.random.nextInt(4)));
			case 1 ->
				new CustomField("score", new NumberValue(this.random.nextInt(1000) + "." + this.random.nextInt(100)));
			case 2 -> new CustomField("vip", new BooleanValue(this.random.nextBoolean()));
			case 3 -> new CustomField("seen", new DateTimeValue(BASE.plusSeconds(this.random.nextInt(1_000_000))));
			case 4 -> new CustomField("prefs", new JsonValue("{ \"n\" : " + this.random.nextInt(10) + " }"));
			case 5 -> new CustomField("langs", new ListValue(List.of("en", "de-" + this.random.nextInt(3))));
			case 6 -> new CustomField("ltv", new MonetaryValue(this.random.nextInt(500) + ".50", "usd"));
			default -> new CustomField("plan", null);
		};
	}

	private DndSetting dnd() {
		DndChannel channel = DndChannel.values()[this.random.nextInt(DndChannel.INBOUND_ALL.ordinal() + 1)];
		DndStatus status = (channel == DndChannel.INBOUND_ALL)
				? (this.random.nextBoolean() ? DndStatus.ACTIVE : DndStatus.INACTIVE)
				: DndStatus.values()[this.random.nextInt(DndStatus.values().length)];
		return new DndSetting(channel, status, "msg " + this.random.nextInt(5), null);
	}

	/** The same command again, same id: a redelivery; applied and changes nothing. */
	private Draft duplicate() {
		if (this.validSoFar.isEmpty()) {
			return validUpdate();
		}
		Draft original = this.validSoFar.get(this.random.nextInt(this.validSoFar.size()));
		String of = original.label().replaceFirst("^valid/duplicate-of-", "");
		return new Draft("valid/duplicate-of-" + of, Outcome.APPLIED, null, original.key(), original.payload(),
				List.of(), original.personal());
	}

	/**
	 * One person written once with a composed and once with a decomposed email: one
	 * identifier, so one contact. The two records have different keys and may race.
	 */
	private List<Draft> unicodeEmails() {
		Person person = newPerson(this.random.nextInt(MAIN_TENANTS), false, true);
		ContactUpsertCommand composed = about(person).setEmail(person.email()).setCity("Lyon").build();
		ContactUpsertCommand decomposed = about(person).setEmail(decomposed(person.email()).toUpperCase(Locale.ROOT))
			.setJobTitle("Chef")
			.build();
		return List.of(applied("unicode/email-composed", composed, personal(composed)),
				applied("unicode/email-decomposed-upper", decomposed, personal(decomposed)));
	}

	/** Two source systems use one command id for two different people: two contacts. */
	private List<Draft> reusedCommandIds() {
		int tenant = this.random.nextInt(MAIN_TENANTS);
		Person first = newPerson(tenant, false, false);
		Person second = newPerson(tenant, false, false);
		String id = commandId();
		ContactUpsertCommand a = about(first, "crm-a").setCommandId(id).setFirstName("First").build();
		ContactUpsertCommand b = about(second, "crm-b").setCommandId(id)
			.setOccurredAt(a.getOccurredAt())
			.setFirstName("Second")
			.build();
		return List.of(applied("reused-command-id/system-a", a, personal(a)),
				applied("reused-command-id/system-b", b, personal(b)));
	}

	/**
	 * Separators in ids. Unescaped, tenant {@code T} with record {@code s|zz|r} of system
	 * {@code crm} and tenant {@code T|s|crm} with record {@code r} of system {@code zz}
	 * spell one identity key; so do record ids {@code r|1} and {@code r%7C1} once the
	 * first is escaped; and tenants {@code T|x} and {@code T%7Cx} with one email. Six
	 * different contacts.
	 */
	private List<Draft> separatorsInIds() {
		int n = this.serial++;
		String tenant = this.prefix + "-sep-" + n;
		Instant at = now(0);
		ContactUpsertCommand x = sourceOnly(tenant, "crm", "s|zz|r", "cmd|" + n + "|%", at);
		ContactUpsertCommand y = sourceOnly(tenant + "|s|crm", "zz", "r", "cmd|" + n + "|%", at);
		ContactUpsertCommand pipe = sourceOnly(tenant, "crm", "r|1", "%7C" + n, at);
		ContactUpsertCommand escaped = sourceOnly(tenant, "crm", "r%7C1", "%257C" + n, at);
		// Unescaped, tenant "T%7Cx" spells the keys of tenant "T|x".
		String email = "sep." + n + "@" + EMAIL_DOMAIN;
		ContactUpsertCommand pipeTenant = ContactUpsertCommand
			.newBuilder(sourceOnly(tenant + "|x", "crm", null, "e" + n, at))
			.setEmail(email)
			.build();
		ContactUpsertCommand percentTenant = ContactUpsertCommand
			.newBuilder(sourceOnly(tenant + "%7Cx", "crm", null, "e" + n, at))
			.setEmail(email)
			.build();
		return List.of(applied("separators/tenant-record", x, List.of()),
				applied("separators/tenant-with-pipes", y, List.of()),
				applied("separators/record-with-pipe", pipe, List.of()),
				applied("separators/record-with-escape", escaped, List.of()),
				applied("separators/tenant-with-pipe-and-email", pipeTenant, List.of(email)),
				applied("separators/tenant-with-escape-and-email", percentTenant, List.of(email)));
	}

	private static ContactUpsertCommand sourceOnly(String tenant, String system, String recordId, String commandId,
			Instant at) {
		return ContactUpsertCommand.newBuilder()
			.setCommandId(commandId)
			.setTenantId(tenant)
			.setSource(new SourceRef(system, recordId))
			.setOccurredAt(at)
			.setCompanyName("Pipe & Percent Ltd")
			.build();
	}

	// ---------------------------------------------------------------- at a limit

	/** A valid command at one of the limits, about a new person. */
	private Draft atTheLimit() {
		Person person = newPerson(this.random.nextInt(MAIN_TENANTS), this.random.nextBoolean(), false);
		ContactUpsertCommand.Builder c = about(person);
		String label;
		switch (this.random.nextInt(24)) {
			case 0 -> {
				label = "at-limit/city-1000";
				c.setCity(text(1000));
			}
			case 1 -> {
				label = "at-limit/firstName-100";
				c.setFirstName(text(100));
			}
			case 2 -> {
				label = "at-limit/tags-100-per-command";
				c.setAddTags(tags("t", 0, 100));
			}
			case 3 -> {
				label = "at-limit/tag-100-chars";
				c.setAddTags(List.of(text(100)));
			}
			case 4 -> {
				label = "at-limit/custom-keys-100-per-command";
				c.setCustomFields(texts("k-", 0, 100, 10));
			}
			case 5 -> {
				label = "at-limit/custom-key-100-chars";
				c.setCustomFields(List.of(new CustomField(text(100), new TextValue("v"))));
			}
			case 6 -> {
				label = "at-limit/json-16384-bytes";
				c.setCustomFields(List.of(new CustomField("doc", new JsonValue(jsonOfBytes(16_384)))));
			}
			case 7 -> {
				label = "at-limit/json-depth-10";
				c.setCustomFields(List.of(new CustomField("doc", new JsonValue(nested(10)))));
			}
			case 8 -> {
				label = "at-limit/custom-text-10000";
				c.setCustomFields(List.of(new CustomField("note", new TextValue(text(10_000)))));
			}
			case 9 -> {
				label = "at-limit/list-100-items-of-1000-chars";
				List<String> items = new ArrayList<>();
				for (int i = 0; i < 100; i++) {
					items.add(i + text(1000 - Integer.toString(i).length()));
				}
				c.setCustomFields(List.of(new CustomField("list", new ListValue(items))));
			}
			case 10 -> {
				label = "at-limit/number-100-digits";
				c.setCustomFields(List.of(new CustomField("n", new NumberValue("9".repeat(100)))));
			}
			case 11 -> {
				label = "at-limit/number-1E+99";
				c.setCustomFields(List.of(new CustomField("n", new NumberValue("1E+99"))));
			}
			case 12 -> {
				label = "at-limit/number-scale-100";
				c.setCustomFields(List.of(new CustomField("n", new NumberValue("-0." + "0".repeat(99) + "1"))));
			}
			case 13 -> {
				label = "at-limit/number-forms";
				c.setCustomFields(List.of(new CustomField("a", new NumberValue("1.005E+2")),
						new CustomField("b", new NumberValue("  +100.50 ")),
						new CustomField("c", new NumberValue("-0")),
						new CustomField("d", new MonetaryValue("1E+99", "eur"))));
			}
			case 14 -> {
				label = "at-limit/occurredAt-1970-01-01";
				c.setOccurredAt(Instant.EPOCH);
			}
			case 15 -> {
				label = "at-limit/occurredAt-2000";
				c.setOccurredAt(Instant.parse("2000-02-29T23:59:59.999Z"));
			}
			case 16 -> {
				label = "at-limit/custom-datetime-extremes";
				c.setCustomFields(
						List.of(new CustomField("max", new DateTimeValue(Instant.ofEpochMilli(Long.MAX_VALUE))),
								new CustomField("min", new DateTimeValue(Instant.ofEpochMilli(Long.MIN_VALUE))),
								new CustomField("y1900", new DateTimeValue(Instant.parse("1900-01-01T00:00:00Z")))));
			}
			case 17 -> {
				label = "at-limit/ids-at-max-length";
				c.setCommandId(text(256));
				c.setSource(new SourceRef("s" + text(63), "r" + text(255)));
			}
			case 18 -> {
				label = "at-limit/tenant-128-chars";
				String tenant = this.prefix + "-long-" + person.serial() + "-";
				person = new Person(tenant + text(128 - tenant.length()), person.serial(), person.email(), null,
						person.recordId(), false);
				c = about(person).setCity("Long Tenant City");
			}
			case 19 -> {
				label = "hostile-ok/custom-keys-like-operators";
				c.setCustomFields(List.of(new CustomField("$set", new TextValue("x")),
						new CustomField("a.b", new TextValue("y")), new CustomField("_id", new TextValue("z")),
						new CustomField("__proto__", new TextValue("w")),
						new CustomField("k|e|x%7C", new TextValue("v"))));
				c.setAddTags(List.of("$in", "a.b", "|e|", "%25"));
			}
			case 20 -> {
				label = "hostile-ok/tab-and-newlines-in-free-text";
				c.setCity("Line\tone\r\nline two");
				c.setCustomFields(List.of(new CustomField("note", new TextValue("a\tb\nc"))));
			}
			case 21 -> {
				label = "hostile-ok/placeholder-phone-and-blocked-email-with-record";
				c.setEmail("test@test.com").setPhone("n/a").setCity("Placeholder");
			}
			case 22 -> {
				label = "hostile-ok/forged-headers";
				ContactUpsertCommand built = c.setCity("Forged").build();
				return applied(label, built, personal(built)).withHeaders(forgedHeaders(built));
			}
			default -> {
				label = "hostile-ok/clears-every-field-but-email";
				List<ContactField> clear = new ArrayList<>(Arrays.asList(ContactField.values()));
				clear.remove(ContactField.EMAIL);
				clear.remove(ContactField.UNKNOWN);
				c.setClear(clear).setClearDndChannels(Arrays.asList(DndChannel.values()));
			}
		}
		if (person.phone() != null && c.getPhone() == null
				&& (c.getClear() == null || !c.getClear().contains(ContactField.PHONE))) {
			c.setPhone(phoneForm(person));
		}
		ContactUpsertCommand built = c.build();
		return applied(label, built, personal(built));
	}

	/**
	 * Headers a hostile producer may add: Spring's deserialization-failure header (it
	 * must be ignored, never deserialized) and the worker's own dead-letter headers.
	 */
	private List<Header> forgedHeaders(ContactUpsertCommand command) {
		List<Header> headers = new ArrayList<>();
		headers.add(new RecordHeader(KafkaUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER,
				serializedFailure("forged: " + command.getEmail())));
		headers.add(new RecordHeader("contact-sync-origin", utf8("forged-0@0")));
		headers.add(new RecordHeader("contact-sync-error", utf8("NONE")));
		return headers;
	}

	private static byte[] serializedFailure(String message) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(
					new DeserializationException(message, utf8(message), false, new IllegalStateException(message)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	// ---------------------------------------------------------------- rejected

	/** A decodable command that breaks one rule, about a pooled person. */
	private Draft rejected() {
		Person person = pooled();
		ContactUpsertCommand.Builder c = about(person);
		String email = c.getEmail();
		String label;
		String field;
		switch (this.random.nextInt(54)) {
			case 0 -> {
				label = "over-limit/city-1001";
				field = "city";
				c.setCity(text(1001));
			}
			case 1 -> {
				label = "over-limit/firstName-101";
				field = "firstName";
				c.setFirstName(text(101));
			}
			case 2 -> {
				label = "over-limit/tags-101-per-command";
				field = "tags";
				c.setAddTags(tags("t", 0, 60)).setRemoveTags(tags("r", 0, 41));
			}
			case 3 -> {
				label = "over-limit/tag-101-chars";
				field = "addTags[";
				c.setAddTags(List.of("ok", text(101)));
			}
			case 4 -> {
				label = "over-limit/custom-keys-101-per-command";
				field = "customFields";
				c.setCustomFields(texts("k-", 0, 101, 3));
			}
			case 5 -> {
				label = "over-limit/custom-key-101-chars";
				field = "customFields";
				c.setCustomFields(List.of(new CustomField(text(101), new TextValue("v"))));
			}
			case 6 -> {
				label = "over-limit/json-16385-bytes";
				field = "customFields.doc";
				c.setCustomFields(List.of(new CustomField("doc", new JsonValue(jsonOfBytes(16_385)))));
			}
			case 7 -> {
				label = "over-limit/json-depth-11";
				field = "customFields.doc";
				c.setCustomFields(List.of(new CustomField("doc", new JsonValue(nested(11)))));
			}
			case 8 -> {
				label = "rule/json-malformed-quoting-the-email";
				field = "customFields.doc";
				c.setCustomFields(
						List.of(new CustomField("doc", new JsonValue("{\"email\": " + person.email() + "}"))));
			}
			case 9 -> {
				label = "over-limit/custom-text-10001";
				field = "customFields.note";
				c.setCustomFields(List.of(new CustomField("note", new TextValue(text(10_001)))));
			}
			case 10 -> {
				label = "over-limit/list-101-items";
				field = "customFields.list";
				c.setCustomFields(List.of(new CustomField("list", new ListValue(tags("i", 0, 101)))));
			}
			case 11 -> {
				label = "over-limit/list-item-1001-chars";
				field = "customFields.list";
				c.setCustomFields(List.of(new CustomField("list", new ListValue(List.of("a", text(1001))))));
			}
			case 12 -> {
				label = "over-limit/commandId-257";
				field = "commandId";
				c.setCommandId(text(257));
			}
			case 13 -> {
				label = "over-limit/tenantId-129";
				field = "tenantId";
				c.setTenantId(this.prefix + "-" + text(129 - this.prefix.length() - 1));
			}
			case 14 -> {
				label = "over-limit/system-65";
				field = "source.system";
				c.setSource(new SourceRef("s" + text(64), person.recordId()));
			}
			case 15 -> {
				label = "over-limit/recordId-257";
				field = "source.recordId";
				c.setSource(new SourceRef("crm-a", text(257)));
			}
			case 16 -> {
				label = "over-limit/email-255-chars";
				field = "email";
				c.setEmail("x".repeat(255 - EMAIL_DOMAIN.length() - 1) + "@" + EMAIL_DOMAIN);
			}
			case 17 -> {
				label = "over-limit/phone-51-chars";
				field = "phone";
				c.setPhone("+1 646 555 0100" + " ".repeat(20) + "ext. 1234567890123");
			}
			case 18 -> {
				label = "extreme-number/1E+2147483647";
				field = "customFields";
				c.setCustomFields(List.of(new CustomField("n", new NumberValue("1E+2147483647"))));
			}
			case 19 -> {
				label = "extreme-number/-1e-999999";
				field = "customFields";
				c.setCustomFields(List.of(new CustomField("n", new NumberValue("-1e-999999"))));
			}
			case 20 -> {
				label = "extreme-number/10000-digits";
				field = "customFields";
				c.setCustomFields(List.of(new CustomField("n", new NumberValue("7".repeat(10_000)))));
			}
			case 21 -> {
				label = "extreme-number/101-digits";
				field = "customFields";
				c.setCustomFields(List.of(new CustomField("n", new NumberValue("1" + "0".repeat(100)))));
			}
			case 22 -> {
				label = "extreme-number/1E+100";
				field = "customFields";
				c.setCustomFields(List.of(new CustomField("n", new NumberValue("1E+100"))));
			}
			case 23 -> {
				label = "extreme-number/scale-101";
				field = "customFields";
				c.setCustomFields(List.of(new CustomField("n", new NumberValue("0." + "0".repeat(100) + "1"))));
			}
			case 24 -> {
				label = "extreme-number/exponent-overflow";
				field = "customFields";
				c.setCustomFields(List.of(new CustomField("n", new NumberValue("1E+2147483648"))));
			}
			case 25 -> {
				label = "extreme-number/not-a-number";
				field = "customFields";
				String text = List.of("NaN", "Infinity", "", "0x10", "1,000", "1e", "--1").get(this.random.nextInt(7));
				c.setCustomFields(List.of(new CustomField("n", new NumberValue(text))));
			}
			case 26 -> {
				label = "extreme-number/monetary-1E+2147483647";
				field = "customFields";
				c.setCustomFields(List.of(new CustomField("m", new MonetaryValue("1E+2147483647", "USD"))));
			}
			case 27 -> {
				label = "rule/monetary-currency-not-iso";
				field = "customFields.m";
				c.setCustomFields(List.of(new CustomField("m", new MonetaryValue("10", "US$"))));
			}
			case 28 -> {
				label = "occurredAt/1900";
				field = "occurredAt";
				c.setOccurredAt(Instant.parse("1900-01-01T00:00:00Z"));
			}
			case 29 -> {
				label = "occurredAt/1ms-before-1970";
				field = "occurredAt";
				c.setOccurredAt(Instant.parse("1969-12-31T23:59:59.999Z"));
			}
			case 30 -> {
				label = "occurredAt/year-3000";
				field = "occurredAt";
				c.setOccurredAt(Instant.parse("3000-01-01T00:00:00Z"));
			}
			case 31 -> {
				label = "occurredAt/long-max-millis";
				field = "occurredAt";
				c.setOccurredAt(Instant.ofEpochMilli(Long.MAX_VALUE));
			}
			case 32 -> {
				label = "occurredAt/long-min-millis";
				field = "occurredAt";
				c.setOccurredAt(Instant.ofEpochMilli(Long.MIN_VALUE));
			}
			case 33 -> {
				label = "control/nul-in-commandId";
				field = "commandId";
				c.setCommandId("cmd\u0000" + commandId());
			}
			case 34 -> {
				label = "control/nul-in-tenantId";
				field = "tenantId";
				c.setTenantId(person.tenant() + "\u0000");
			}
			case 35 -> {
				label = "control/nul-in-recordId";
				field = "source.recordId";
				c.setSource(new SourceRef("crm-a", person.recordId() + "\u0000x"));
			}
			case 36 -> {
				label = "control/pipe-in-system";
				field = "source.system";
				c.setSource(new SourceRef("crm|a", person.recordId()));
			}
			case 37 -> {
				label = "control/nul-in-email";
				field = "email";
				c.setEmail(person.email().replace("@", "\u0000@"));
			}
			case 38 -> {
				label = "control/control-char-in-tag";
				field = "addTags[";
				c.setAddTags(List.of("bell\u0007"));
			}
			case 39 -> {
				label = "control/nul-in-custom-key";
				field = "customFields";
				c.setCustomFields(List.of(new CustomField("k\u0000", new TextValue("v"))));
			}
			case 40 -> {
				label = "control/nul-in-city";
				field = "city";
				c.setCity("Bos\u0000ton");
			}
			case 41 -> {
				label = "control/c1-next-line-in-firstName";
				field = "firstName";
				c.setFirstName("Ann\u0085");
			}
			case 42 -> {
				label = "control/nul-in-dnd-message";
				field = "dndSettings.CALL";
				c.setDndSettings(List.of(new DndSetting(DndChannel.CALL, DndStatus.ACTIVE, "stop\u0000", null)));
			}
			case 43 -> {
				label = "control/escape-in-custom-text";
				field = "customFields.note";
				c.setCustomFields(List.of(new CustomField("note", new TextValue("\u001b[31mred"))));
			}
			case 44 -> {
				label = "rule/email-invalid";
				field = "email";
				c.setEmail("not-an-email." + person.serial());
			}
			case 45 -> {
				label = "rule/phone-impossible";
				field = "phone";
				c.setPhone("12");
			}
			case 46 -> {
				label = "rule/field-set-and-cleared";
				field = "city";
				c.setCity("Both").setClear(List.of(ContactField.CITY));
			}
			case 47 -> {
				label = "rule/no-identifier";
				field = "identifiers";
				c.setEmail(null).setSource(new SourceRef("crm-a", null));
			}
			case 48 -> {
				label = "rule/placeholder-email-is-no-identifier";
				field = "identifiers";
				c.setEmail("N/A").setSource(new SourceRef("crm-a", "  "));
			}
			case 49 -> {
				label = "rule/inbound-dnd-permanent";
				field = "dndSettings.INBOUND_ALL";
				c.setDndSettings(List.of(new DndSetting(DndChannel.INBOUND_ALL, DndStatus.PERMANENT, null, null)));
			}
			case 50 -> {
				label = "size/command-over-256KiB";
				field = "command";
				c.setCustomFields(texts("big-", 0, 27, 10_000));
			}
			case 51 -> {
				label = "over-limit/contact-bytes-in-one-command";
				field = "contact";
				c.setCustomFields(texts("big-", 0, 14, 10_000));
			}
			case 52 -> {
				// Well-formed JSON (RFC 8259 puts no bound on exponents) that no
				// BigDecimal can hold: it must be refused like any other bad JSON.
				label = "rule/json-number-exponent-overflow";
				field = "customFields.doc";
				c.setCustomFields(List.of(new CustomField("doc", new JsonValue("{\"n\": 1e99999999999999999999}"))));
			}
			default -> {
				label = "size/200000-empty-tags";
				field = "tags";
				c.setAddTags(java.util.Collections.nCopies(200_000, ""));
			}
		}
		ContactUpsertCommand built = c.build();
		List<String> personal = new ArrayList<>(personal(built));
		if (!personal.contains(email)) {
			personal.add(email);
		}
		personal.add(person.email());
		if (this.random.nextInt(8) == 0) {
			// The dead letter keeps the record's headers: forged ones too.
			return new Draft(label + " +forged-headers", Outcome.REJECTED, field, key(built), new Payload.Avro(built),
					forgedHeaders(built), personal);
		}
		return rejected(label, field, built, personal);
	}

	// ---------------------------------------------------------------- undecodable

	/** A record that is not a decodable command. */
	private Draft undecodable() {
		Person person = pooled();
		ContactUpsertCommand valid = about(person).setCity("Undecodable").build();
		List<String> personal = personal(valid);
		String key = key(valid);
		String label;
		Payload payload;
		List<Header> headers = List.of();
		switch (this.random.nextInt(18)) {
			case 0 -> {
				label = "bytes/random";
				byte[] bytes = new byte[1 + this.random.nextInt(300)];
				this.random.nextBytes(bytes);
				// A first byte of 0 is the wire format's magic byte: see below.
				bytes[0] = (byte) (1 + this.random.nextInt(255));
				payload = new Payload.Raw(bytes);
			}
			case 1 -> {
				label = "bytes/empty";
				payload = new Payload.Raw(new byte[0]);
			}
			case 2 -> {
				label = "tombstone";
				payload = new Payload.Tombstone();
			}
			case 3 -> {
				label = "tombstone/forged-deserializer-failure-header";
				payload = new Payload.Tombstone();
				headers = List.of(new RecordHeader(KafkaUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER,
						serializedFailure("forged: " + person.email())));
			}
			case 4 -> {
				label = "tombstone/garbage-deserializer-failure-header";
				payload = new Payload.Tombstone();
				byte[] garbage = new byte[64];
				this.random.nextBytes(garbage);
				headers = List.of(new RecordHeader(KafkaUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, garbage));
			}
			case 5 -> {
				label = "wire/unknown-schema-id";
				int id = 1_000_000_000 + this.random.nextInt(1_000_000_000);
				payload = new Payload.Mangled(valid, (wire) -> withSchemaId(wire, id));
			}
			case 6 -> {
				label = "wire/negative-schema-id";
				payload = new Payload.Mangled(valid, (wire) -> withSchemaId(wire, -1 - this.random.nextInt(5)));
			}
			case 7 -> {
				label = "wire/wrong-magic-byte";
				payload = new Payload.Mangled(valid, (wire) -> {
					byte[] copy = wire.clone();
					copy[0] = 1;
					return copy;
				});
			}
			case 8 -> {
				label = "wire/no-header-bare-avro";
				payload = new Payload.Mangled(valid, (wire) -> Arrays.copyOfRange(wire, 5, wire.length));
			}
			case 9 -> {
				label = "wire/header-only";
				payload = new Payload.Mangled(valid, (wire) -> Arrays.copyOf(wire, 5));
			}
			case 10 -> {
				label = "wire/truncated";
				double cut = this.random.nextDouble();
				payload = new Payload.Mangled(valid,
						(wire) -> Arrays.copyOf(wire, 6 + (int) (cut * (wire.length - 7))));
			}
			case 11 -> {
				label = "wire/wrong-record-type";
				payload = new Payload.Mangled(new SourceRef(person.email(), "r"), UnaryOperator.identity());
				personal = List.of(person.email());
			}
			case 12 -> {
				label = "wire/string-length-bomb";
				payload = new Payload.Mangled(valid, (wire) -> headerAnd(wire, (out) -> {
					out.writeLong(Integer.MAX_VALUE - 8);
					out.writeFixed(new byte[8]);
				}));
			}
			case 13 -> {
				label = "wire/array-count-bomb";
				payload = new Payload.Mangled(valid, (wire) -> headerAnd(wire, (out) -> {
					prefixUpToDnd(out);
					out.writeLong(Integer.MAX_VALUE - 8);
					out.writeFixed(new byte[3]);
				}));
			}
			case 14 -> {
				label = "wire/negative-string-length";
				payload = new Payload.Mangled(valid, (wire) -> headerAnd(wire, (out) -> {
					out.writeLong(-5);
					out.writeFixed(new byte[8]);
				}));
			}
			case 15 -> {
				label = "wire/bad-union-index";
				payload = new Payload.Mangled(valid, (wire) -> headerAnd(wire, (out) -> {
					prefixUpToEmail(out);
					out.writeIndex(7);
				}));
			}
			case 17 -> {
				label = "wire/incompatible-writer-schema";
				payload = new Payload.Mangled(incompatible(valid), UnaryOperator.identity());
			}
			default -> {
				label = "wire/bad-enum-ordinal";
				payload = new Payload.Mangled(valid, (wire) -> headerAnd(wire, (out) -> {
					prefixUpToEmail(out);
					for (int i = 0; i < 5; i++) {
						out.writeIndex(0);
					}
					out.writeIndex(1);
					out.writeEnum(99);
				}));
			}
		}
		return new Draft(label, Outcome.UNDECODABLE, null, (this.random.nextInt(10) == 0) ? null : key, payload,
				headers, personal);
	}

	private interface Body {

		void write(BinaryEncoder out) throws IOException;

	}

	/**
	 * The command under a schema the worker cannot read it with: its commandId a long (as
	 * in contracts' incompatible/ContactUpsertCommand-type-changed.avsc). A producer that
	 * ignores compatibility registers it under its own subject; ids are global.
	 */
	private static IndexedRecord incompatible(ContactUpsertCommand command) {
		String json = ContactUpsertCommand.getClassSchema().toString();
		String field = "{\"name\":\"commandId\",\"type\":";
		int start = json.indexOf(field) + field.length();
		int end = json.indexOf(",\"doc\"", start);
		Schema schema = new Schema.Parser().parse(json.substring(0, start) + "\"long\"" + json.substring(end));
		if (schema.getField("commandId").schema().getType() != Schema.Type.LONG) {
			throw new IllegalStateException("the command schema changed: cannot derive the incompatible one");
		}
		// Plain values (longs, not Instants), as a generic producer would have them.
		GenericRecord plain;
		try {
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			BinaryEncoder out = EncoderFactory.get().binaryEncoder(bytes, null);
			new SpecificDatumWriter<>(ContactUpsertCommand.class).write(command, out);
			out.flush();
			plain = new GenericDatumReader<GenericRecord>(ContactUpsertCommand.getClassSchema()).read(null,
					DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		GenericData.Record record = new GenericData.Record(schema);
		for (Schema.Field each : schema.getFields()) {
			record.put(each.pos(), plain.get(each.name()));
		}
		record.put("commandId", 42L);
		return record;
	}

	/**
	 * The wire header (magic byte and schema id) of {@code wire}, then a crafted body.
	 */
	private static byte[] headerAnd(byte[] wire, Body body) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		bytes.write(wire, 0, 5);
		BinaryEncoder out = EncoderFactory.get().binaryEncoder(bytes, null);
		try {
			body.write(out);
			out.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	/** commandId, tenantId, source, occurredAt: the fields before the email. */
	private static void prefixUpToEmail(BinaryEncoder out) throws IOException {
		out.writeString("c");
		out.writeString("t");
		out.writeString("s");
		out.writeIndex(0);
		out.writeLong(0);
	}

	/** Every field before dndSettings, all optional ones null. */
	private static void prefixUpToDnd(BinaryEncoder out) throws IOException {
		prefixUpToEmail(out);
		// email ... leadSource (21 optional strings and the gender), then dnd.
		for (int i = 0; i < 22; i++) {
			out.writeIndex(0);
		}
	}

	private static byte[] withSchemaId(byte[] wire, int id) {
		byte[] copy = wire.clone();
		copy[1] = (byte) (id >>> 24);
		copy[2] = (byte) (id >>> 16);
		copy[3] = (byte) (id >>> 8);
		copy[4] = (byte) id;
		return copy;
	}

	/**
	 * Records that only the engine's failure can refuse, all in one partition: with no
	 * valid command beside them, a batch of them must still be dead-lettered.
	 * @param seed the seed
	 * @param records how many
	 * @return the burst, in publishing order
	 */
	static List<Hostile> poisonBurst(long seed, int records) {
		HostileCorpus corpus = new HostileCorpus(seed);
		List<Draft> drafts = new ArrayList<>();
		for (int i = 0; i < records; i++) {
			Person person = corpus.newPerson(0, false, false);
			ContactUpsertCommand command = corpus.about(person)
				.setCustomFields(List.of(new CustomField("doc", new JsonValue("[1e99999999999999999999]"))))
				.build();
			drafts.add(new Draft("poison-burst/json-number-exponent-overflow", Outcome.REJECTED, "customFields.doc",
					person.tenant() + "|burst", new Payload.Avro(command), List.of(), personal(command)));
		}
		corpus.add(drafts);
		return List.copyOf(corpus.records);
	}

	// ---------------------------------------------------------------- budgets

	/**
	 * A contact driven to its 200 tags: two commands of 100, then growth is refused,
	 * shrinking is not, and the freed place can be taken again.
	 */
	private List<Draft> tagBudget() {
		Person person = newPerson(this.random.nextInt(MAIN_TENANTS), false, false);
		List<Draft> drafts = new ArrayList<>();
		drafts.add(budget(person, "budget/tags-100-of-200", null, (c) -> c.setAddTags(tags("a", 0, 100))));
		drafts.add(budget(person, "budget/tags-200-of-200", null, (c) -> c.setAddTags(tags("a", 100, 200))));
		drafts.add(budget(person, "budget/tags-201-refused", "tags", (c) -> c.setAddTags(List.of("one-more"))));
		drafts.add(budget(person, "budget/tags-re-adding-known-ones", null, (c) -> c.setAddTags(tags("a", 0, 50))));
		drafts.add(budget(person, "budget/tags-remove-one", null, (c) -> c.setRemoveTags(List.of("a0"))));
		drafts.add(budget(person, "budget/tags-200-again", null, (c) -> c.setAddTags(List.of("one-more"))));
		drafts.add(budget(person, "budget/tags-202-refused", "tags", (c) -> c.setAddTags(List.of("x1", "x2"))));
		drafts.add(budget(person, "budget/tags-replaced-by-100", null, (c) -> c.setTags(tags("b", 0, 100))));
		drafts.add(budget(person, "budget/tags-200-after-replace", null, (c) -> c.setAddTags(tags("c", 0, 100))));
		drafts.add(budget(person, "budget/tags-201-after-replace-refused", "tags", (c) -> c.setAddTags(List.of("zz"))));
		return drafts;
	}

	/** A contact driven to its 200 custom fields with a value. */
	private List<Draft> customFieldBudget() {
		Person person = newPerson(this.random.nextInt(MAIN_TENANTS), false, false);
		List<Draft> drafts = new ArrayList<>();
		drafts.add(budget(person, "budget/custom-100-of-200", null, (c) -> c.setCustomFields(texts("f", 0, 100, 5))));
		drafts.add(budget(person, "budget/custom-200-of-200", null, (c) -> c.setCustomFields(texts("f", 100, 200, 5))));
		drafts.add(budget(person, "budget/custom-201-refused", "customFields",
				(c) -> c.setCustomFields(texts("g", 0, 1, 5))));
		drafts.add(budget(person, "budget/custom-changing-existing-ones", null,
				(c) -> c.setCustomFields(texts("f", 0, 100, 7))));
		drafts.add(budget(person, "budget/custom-clear-one", null,
				(c) -> c.setCustomFields(List.of(new CustomField("f7", null)))));
		drafts.add(budget(person, "budget/custom-200-again", null, (c) -> c.setCustomFields(texts("g", 0, 1, 5))));
		drafts.add(budget(person, "budget/custom-202-refused", "customFields",
				(c) -> c.setCustomFields(texts("h", 0, 2, 5))));
		return drafts;
	}

	/**
	 * A contact filled to exactly {@code Limits.defaults().maxContactBytes()} (128 KiB of
	 * values, counted as ContactBudget does: email, custom keys and values, source link),
	 * then one byte more is refused.
	 */
	private List<Draft> byteBudget() {
		Person person = newPerson(this.random.nextInt(MAIN_TENANTS), false, false);
		int max = 128 * 1024;
		String system = "bytes";
		int fixed = person.email().length() + system.length() + person.recordId().length();
		int bulk = 0;
		List<CustomField> blobs = new ArrayList<>();
		for (int i = 0; i < 13; i++) {
			String key = "blob-" + pad2(i);
			blobs.add(new CustomField(key, new TextValue(text(10_000))));
			bulk += key.length() + 10_000;
		}
		int room = max - fixed - bulk;
		String lastKey = "blob-13";
		int lastLength = room - lastKey.length();
		List<Draft> drafts = new ArrayList<>();
		drafts.add(budget(person, system, "budget/bytes-130k", null, (c) -> c.setCustomFields(blobs)));
		drafts.add(budget(person, system, "budget/bytes-exactly-128KiB", null,
				(c) -> c.setCustomFields(List.of(new CustomField(lastKey, new TextValue(text(lastLength)))))));
		drafts.add(budget(person, system, "budget/bytes-one-byte-over-refused", "contact",
				(c) -> c.setCustomFields(List.of(new CustomField(lastKey, new TextValue(text(lastLength + 1)))))));
		drafts.add(budget(person, system, "budget/bytes-new-key-refused", "contact",
				(c) -> c.setCustomFields(List.of(new CustomField("z", new TextValue("z"))))));
		drafts.add(budget(person, system, "budget/bytes-clear-one", null,
				(c) -> c.setCustomFields(List.of(new CustomField("blob-00", null)))));
		drafts.add(budget(person, system, "budget/bytes-room-again", null,
				(c) -> c.setCustomFields(List.of(new CustomField("blob-14", new TextValue(text(5_000)))))));
		return drafts;
	}

	/** A contact linked to 50 source records; the 51st link is refused. */
	private List<Draft> sourceLinkBudget() {
		Person person = newPerson(this.random.nextInt(MAIN_TENANTS), false, false);
		List<Draft> drafts = new ArrayList<>();
		for (int i = 0; i < 51; i++) {
			String recordId = "link-" + person.serial() + "-" + i;
			drafts.add(budget(person, "links",
					(i < 50) ? "budget/source-links-" + (i + 1) + "-of-50" : "budget/source-links-51-refused",
					(i < 50) ? null : "source",
					(c) -> c.setSource(new SourceRef("links", recordId)).setCity("City " + recordId)));
		}
		drafts.add(budget(person, "links", "budget/source-links-known-link-again", null,
				(c) -> c.setSource(new SourceRef("links", "link-" + person.serial() + "-7")).setCity("Known")));
		return drafts;
	}

	private interface Change {

		void apply(ContactUpsertCommand.Builder command);

	}

	private Draft budget(Person person, String label, String field, Change change) {
		return budget(person, "budget", label, field, change);
	}

	/** One command of a budget scenario: plain email, later and later, one key. */
	private Draft budget(Person person, String system, String label, String field, Change change) {
		ContactUpsertCommand.Builder command = ContactUpsertCommand.newBuilder()
			.setCommandId(commandId())
			.setTenantId(person.tenant())
			.setSource(new SourceRef(system, person.recordId()))
			.setOccurredAt(BASE.plusSeconds(this.step * 7).plusMillis(this.records.size()))
			.setEmail(person.email());
		this.step++;
		change.apply(command);
		ContactUpsertCommand built = command.build();
		return (field == null) ? applied(label, built, personal(built))
				: rejected(label, field, built, personal(built));
	}

	// ---------------------------------------------------------------- text

	private static List<String> tags(String prefix, int from, int to) {
		List<String> tags = new ArrayList<>(to - from);
		for (int i = from; i < to; i++) {
			tags.add(prefix + i);
		}
		return tags;
	}

	private List<CustomField> texts(String prefix, int from, int to, int length) {
		List<CustomField> fields = new ArrayList<>(to - from);
		for (int i = from; i < to; i++) {
			fields.add(new CustomField(prefix + i, new TextValue(text(length))));
		}
		return fields;
	}

	/** Letters without spaces at either end, so trimming does not change the length. */
	private String text(int length) {
		char[] chars = new char[length];
		for (int i = 0; i < length; i++) {
			chars[i] = (char) ('a' + this.random.nextInt(26));
		}
		return new String(chars);
	}

	/** A JSON document of exactly {@code bytes} bytes of UTF-8. */
	private String jsonOfBytes(int bytes) {
		String open = "{\"p\":\"";
		String close = "\"}";
		String json = open + text(bytes - open.length() - close.length()) + close;
		if (json.getBytes(StandardCharsets.UTF_8).length != bytes) {
			throw new IllegalStateException("JSON of the wrong size");
		}
		return json;
	}

	private static String nested(int depth) {
		return "[".repeat(depth) + "1" + "]".repeat(depth);
	}

	private static String pad4(int n) {
		return String.format(Locale.ROOT, "%04d", n);
	}

	private static String pad2(int n) {
		return String.format(Locale.ROOT, "%02d", n);
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	@Override
	public String toString() {
		return "HostileCorpus(seed=" + this.seed + ")";
	}

}
