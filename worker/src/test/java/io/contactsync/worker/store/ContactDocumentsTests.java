package io.contactsync.worker.store;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.LongStream;

import io.contactsync.worker.merge.Contact;
import io.contactsync.worker.merge.ContactChange;
import io.contactsync.worker.merge.ContactField;
import io.contactsync.worker.merge.ContactId;
import io.contactsync.worker.merge.Created;
import io.contactsync.worker.merge.CustomValue;
import io.contactsync.worker.merge.DndChannel;
import io.contactsync.worker.merge.DndSetting;
import io.contactsync.worker.merge.DndStatus;
import io.contactsync.worker.merge.FieldChange;
import io.contactsync.worker.merge.IdentifierKind;
import io.contactsync.worker.merge.IgnoredIdentifier;
import io.contactsync.worker.merge.MergeEngine;
import io.contactsync.worker.merge.MergeOutcome;
import io.contactsync.worker.merge.NormalizedCommand;
import io.contactsync.worker.merge.SourceLink;
import io.contactsync.worker.merge.Stamp;
import io.contactsync.worker.merge.Stamped;
import io.contactsync.worker.merge.TagSet;
import io.contactsync.worker.merge.TagWrite;
import io.contactsync.worker.merge.TenantPolicies;
import io.contactsync.worker.merge.TenantPolicy;
import io.contactsync.worker.merge.Updated;
import io.contactsync.worker.merge.UpsertCommand;
import io.contactsync.worker.outbox.Origin;
import io.contactsync.worker.outbox.PendingEvent;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The BSON shape of a contact (format 2), without a server: every document goes through
 * BSON bytes and back, as the store would. A round trip loses nothing; the current values
 * are at the top level in types a person can query; a document of format 1 reads into the
 * same contact and is rewritten in format 2; parts a newer version wrote in forms this
 * one does not know are read without failing and written back as they were.
 * <p>
 * <b>Replaying a property failure.</b> Every failure message starts with {@code seed=N};
 * run only that seed with
 * {@code ./mvnw -o -pl worker test -Dtest=ContactDocumentsTests -Ddocuments.seed=N}, or
 * more seeds with {@code -Ddocuments.seeds=5000}.
 */
class ContactDocumentsTests {

	static final int SEEDS = 200;

	private static final Instant T0 = StoredContactGenerator.T0;

	private static final MergeEngine engine = new MergeEngine(TenantPolicies.of(TenantPolicy.defaults()));

	static LongStream seeds() {
		String one = System.getProperty("documents.seed");
		if (one != null && !one.isBlank()) {
			return LongStream.of(Long.parseLong(one.trim()));
		}
		return LongStream.rangeClosed(1, Long.getLong("documents.seeds", SEEDS));
	}

	/**
	 * Any stored state (every field type, stamps, tombstones, tag writes, DND, custom
	 * values of every kind under any key, outbox entries in every form) reads back equal,
	 * and writing what was read gives the same document again.
	 */
	@ParameterizedTest(name = "seed={0}")
	@MethodSource("seeds")
	void roundTripOfAnyStoredContactLosesNothing(long seed) {
		StoredContactGenerator generator = new StoredContactGenerator(seed, true);
		Contact contact = generator.contact();
		List<PendingEvent> outbox = generator.outbox(contact);
		boolean allowDuplicates = generator.chance(0.3);
		String context = "seed=" + seed + " (replay: -Ddocuments.seed=" + seed + ")";

		Document written = throughBson(ContactDocuments.toDocument(contact, outbox, allowDuplicates, Preserved.NONE));
		StoredContact read = ContactDocuments.fromDocument(written);

		assertThat(read.contact()).as(context).isEqualTo(contact);
		assertThat(read.outbox()).as(context)
			.usingRecursiveFieldByFieldElementComparator()
			.containsExactlyElementsOf(outbox);
		assertThat(read.preserved()).as(context).isEqualTo(Preserved.NONE);
		assertThat(throughBson(
				ContactDocuments.toDocument(read.contact(), read.outbox(), allowDuplicates, read.preserved())))
			.as(context)
			.isEqualTo(written);
		assertThat(written.get("_sync", Document.class).getInteger("format")).as(context).isEqualTo(2);
	}

	/**
	 * The queries the docs show users work on the document as it is: each value at its
	 * own name, in its natural BSON type, and no merge state mixed into it.
	 */
	@Test
	void storesCurrentValuesAtTheTopLevelInTypesAPersonCanQuery() {
		Contact contact = richContact();

		Document doc = throughBson(ContactDocuments.toDocument(contact, List.of(), false, Preserved.NONE));

		assertThat(doc.get("_id")).isEqualTo(contact.id().value());
		assertThat(doc.get("tenantId")).isEqualTo("t");
		assertThat(doc.get("version")).isEqualTo(contact.version()).isInstanceOf(Long.class);
		// As normalized: what a query by the address a person typed must name.
		assertThat(doc.get("email")).isEqualTo("ann@example.org");
		assertThat(doc.get("phone")).isEqualTo("+14155550101");
		assertThat(doc.get("firstName")).isEqualTo("Ann");
		assertThat(doc.get("dnd")).isEqualTo(Boolean.TRUE);
		assertThat(doc.get("tags")).isInstanceOf(List.class).isEqualTo(List.of("b", "c", "vip"));
		assertThat(doc.get("createdAt")).isEqualTo(Date.from(contact.createdAt()));
		assertThat(doc.get("updatedAt")).isEqualTo(Date.from(contact.updatedAt()));
		Document custom = doc.get("customFields", Document.class);
		assertThat(custom.get("plan")).isEqualTo("gold");
		assertThat(custom.get("score")).isEqualTo(new Decimal128(new BigDecimal("12.5")));
		assertThat(custom.get("budget"))
			.isEqualTo(new Document("amount", new Decimal128(new BigDecimal("9.99"))).append("currency", "EUR"));
		assertThat(custom.get("seen")).isEqualTo(Date.from(T0.minusSeconds(86_400)));
		assertThat(custom.get("vip")).isEqualTo(Boolean.TRUE);
		assertThat(custom.get("colors")).isEqualTo(List.of("red", "blue"));
		assertThat(custom.get("meta")).isEqualTo("{\"a\":[1,2]}");
		assertThat(custom.get("file"))
			.isEqualTo(new Document("url", "https://f.example.org/1").append("documentId", "d-1")
				.append("fileName", "a.pdf")
				.append("mimeType", "application/pdf")
				.append("sizeBytes", 12_345L));
		assertThat(doc.get("dndSettings")).isEqualTo(
				new Document("SMS", new Document("status", "ACTIVE").append("message", "stop").append("code", "S1")));
		assertThat(doc.get("sources")).isEqualTo(List.of(new Document("system", "crm").append("recordId", "r-1"),
				new Document("system", "shop").append("recordId", "s-1")));
		// Cleared values have no top-level value: a query for the field finds nothing.
		assertThat(doc).doesNotContainKey("dateOfBirth");
		assertThat(custom).doesNotContainKey("price");
		// The merge state refers to stamps by position, never repeats values.
		Document sync = doc.get("_sync", Document.class);
		assertThat(sync.get("fields", Document.class).get("email")).isInstanceOf(Integer.class);
		assertThat(sync.get("fields", Document.class).get("dateOfBirth")).isInstanceOf(Integer.class);
		assertThat(sync.get("customFields", Document.class).get("plan")).isInstanceOf(Integer.class);
		assertThat(sync.get("customFields", Document.class).get("score"))
			.isEqualTo(new Document("s", sync.get("customFields", Document.class).get("plan")).append("t", "number"));
	}

	/**
	 * Decimal128 holds 34 significant digits: numbers within that are Decimal128, so
	 * queries compare them as numbers; longer ones keep their exact text rather than be
	 * rounded. Exponents far from zero are within Decimal128's range.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "12.5", "-7", "1E-100", "-3.25E-60", "1234567890123456789012345678901234",
			"0.1234567890123456789012345678901234", "1.5E+40", "-25000000000000000000000000000000000000000" })
	void storesANumberOfAtMost34DigitsAsDecimal128(String number) {
		CustomValue.Number value = new CustomValue.Number(new BigDecimal(number));

		Document doc = throughBson(
				ContactDocuments.toDocument(withCustomField("n", value), List.of(), false, Preserved.NONE));

		Object stored = doc.get("customFields", Document.class).get("n");
		assertThat(stored).isInstanceOf(Decimal128.class);
		assertThat(((Decimal128) stored).bigDecimalValue()).isEqualByComparingTo(value.value());
		assertThat(ContactDocuments.fromDocument(doc).contact().customFields().get("n")).isEqualTo(value);
	}

	@ParameterizedTest
	@ValueSource(strings = { "12345678901234567890123456789012345", "-123456789012345678901234567890123456789.5",
			"0.1234567890123456789012345678901234567" })
	void storesANumberOfMoreThan34DigitsAsItsExactText(String number) {
		CustomValue.Number value = new CustomValue.Number(new BigDecimal(number));
		CustomValue.Monetary money = new CustomValue.Monetary(new BigDecimal(number), "EUR");
		Contact contact = withCustomField("m", money, withCustomField("n", value));

		Document doc = throughBson(ContactDocuments.toDocument(contact, List.of(), false, Preserved.NONE));

		Document custom = doc.get("customFields", Document.class);
		assertThat(custom.get("n")).isEqualTo(value.value().toPlainString());
		assertThat(custom.get("m", Document.class).get("amount")).isEqualTo(value.value().toPlainString());
		assertThat(ContactDocuments.fromDocument(doc).contact().customFields()).containsEntry("n", value)
			.containsEntry("m", money);
	}

	/**
	 * Exponents far from zero (within the hundred digits a number may have) are read back
	 * exactly, whichever of the two forms holds them.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "1E+99", "-1.5E+40", "1E-100", "-9.99E-98" })
	void readsANumberWithAnExponentFarFromZeroBackExactly(String number) {
		CustomValue.Number value = new CustomValue.Number(new BigDecimal(number));

		Document doc = throughBson(
				ContactDocuments.toDocument(withCustomField("n", value), List.of(), false, Preserved.NONE));

		Object stored = doc.get("customFields", Document.class).get("n");
		BigDecimal exact = (stored instanceof Decimal128 decimal) ? decimal.bigDecimalValue()
				: new BigDecimal((String) stored);
		assertThat(exact).isEqualByComparingTo(value.value());
		assertThat(ContactDocuments.fromDocument(doc).contact().customFields().get("n")).isEqualTo(value);
	}

	/**
	 * Custom field keys are chosen by users: as BSON keys, {@code .} would read as a path
	 * and a leading {@code $} as an operator. They are percent-escaped (and {@code %}
	 * itself, so a literal {@code %2E} stays distinct from an escaped dot); plain keys
	 * stay as they are, so {@code customFields.plan} finds {@code plan}.
	 */
	@Test
	void escapesCustomFieldKeysWithDotsDollarsAndPercents() {
		Map<String, String> expected = new TreeMap<>();
		expected.put("plan", "plan");
		expected.put("a.b", "a%2Eb");
		expected.put("$set", "%24set");
		expected.put("100%", "100%25");
		expected.put("%2E", "%252E");
		expected.put("a%2Eb", "a%252Eb");
		Contact contact = richContact();
		for (String key : expected.keySet()) {
			contact = withCustomField(key, new CustomValue.Text("value of " + key), contact);
		}

		Document doc = throughBson(ContactDocuments.toDocument(contact, List.of(), false, Preserved.NONE));

		Document custom = doc.get("customFields", Document.class);
		Document stamps = doc.get("_sync", Document.class).get("customFields", Document.class);
		expected.forEach((key, name) -> {
			assertThat(custom.get(name)).as(key).isEqualTo("value of " + key);
			assertThat(stamps).as(key).containsKey(name);
		});
		assertThat(custom.keySet()).noneMatch((name) -> name.contains(".") || name.contains("$"));
		assertThat(ContactDocuments.fromDocument(doc).contact().customFields())
			.containsAllEntriesOf(Map.of("a.b", new CustomValue.Text("value of a.b"), "%2E",
					new CustomValue.Text("value of %2E"), "a%2Eb", new CustomValue.Text("value of a%2Eb")));
	}

	/**
	 * Escaping is a bijection onto names without {@code .} and {@code $}: any key,
	 * however many escapes it already looks like, spells exactly one name and back.
	 */
	@ParameterizedTest(name = "seed={0}")
	@MethodSource("seeds")
	void everyKeyEscapesToANameThatReadsBackAsIt(long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		String alphabet = "%.$2E45a";
		Map<String, String> keysByName = new HashMap<>();
		for (int i = 0; i < 50; i++) {
			StringBuilder key = new StringBuilder();
			int length = 1 + random.nextInt(8);
			for (int j = 0; j < length; j++) {
				key.append(alphabet.charAt(random.nextInt(alphabet.length())));
			}
			String name = ContactDocuments.fieldName(key.toString());

			assertThat(name).as("seed=%d key %s", seed, key).doesNotContain(".", "$");
			assertThat(ContactDocuments.key(name)).as("seed=%d key %s", seed, key).isEqualTo(key.toString());
			String other = keysByName.putIfAbsent(name, key.toString());
			assertThat(other).as("seed=%d name %s", seed, name).isIn(null, key.toString());
		}
	}

	/**
	 * A cleared value is a tombstone: no value at the top level, its stamp in
	 * {@code _sync}, so an older write cannot bring it back after a round trip.
	 */
	@Test
	void keepsTombstonesAsStampsWithoutValues() {
		Contact contact = richContact();

		Document doc = throughBson(ContactDocuments.toDocument(contact, List.of(), false, Preserved.NONE));
		Contact read = ContactDocuments.fromDocument(doc).contact();

		Document sync = doc.get("_sync", Document.class);
		List<Document> stamps = sync.getList("stamps", Document.class);
		Stamp second = new Stamp(T0.plusSeconds(1), "shop/c-2");
		assertThat(doc).doesNotContainKey("dateOfBirth");
		assertThat(stamps.get(sync.get("fields", Document.class).getInteger("dateOfBirth")))
			.isEqualTo(new Document("at", Date.from(second.occurredAt())).append("cmd", second.commandId()));
		assertThat(doc.get("customFields", Document.class)).doesNotContainKey("price");
		assertThat(sync.get("customFields", Document.class)).containsKey("price");
		assertThat(doc.get("dndSettings", Document.class)).doesNotContainKey("EMAIL");
		assertThat(sync.get("dnd", Document.class)).containsKey("EMAIL");
		assertThat(read.fieldStates()).containsEntry(ContactField.DATE_OF_BIRTH, Stamped.cleared(second));
		assertThat(read.customFieldStates()).containsEntry("price", Stamped.cleared(second));
		assertThat(read.dndStates()).containsEntry(DndChannel.EMAIL, Stamped.cleared(second));
	}

	/**
	 * The top-level tags are the current ones; {@code _sync.tags} keeps the last replace
	 * and each later add or remove with its stamp, which the merge needs to order
	 * concurrent tag writes.
	 */
	@Test
	void keepsTagWritesAndTheLastReplaceBesideTheCurrentTags() {
		Stamp replace = new Stamp(T0, "crm/c-1");
		Stamp later = new Stamp(T0.plusSeconds(1), "shop/c-2");
		TagSet tags = new TagSet(replace, Set.of("a", "b"),
				Map.of("a", new TagWrite(false, later), "c", new TagWrite(true, later)));
		Contact contact = withTags(tags);

		Document doc = throughBson(ContactDocuments.toDocument(contact, List.of(), false, Preserved.NONE));

		assertThat(doc.getList("tags", String.class)).containsExactly("b", "c");
		Document state = doc.get("_sync", Document.class).get("tags", Document.class);
		assertThat(state.getList("replaced", String.class)).containsExactly("a", "b");
		assertThat(state.getList("writes", Document.class)).extracting((write) -> write.getString("tag"))
			.containsExactly("a", "c");
		assertThat(ContactDocuments.fromDocument(doc).contact().tagSet()).isEqualTo(tags);
	}

	/**
	 * Without adds or removes after it, the last replace is the current tags: not stored
	 * twice.
	 */
	@Test
	void storesTheTagsOfTheLastReplaceOnceWhenNothingCameAfterIt() {
		TagSet tags = new TagSet(new Stamp(T0, "crm/c-1"), Set.of("a", "b"), Map.of());

		Document doc = throughBson(ContactDocuments.toDocument(withTags(tags), List.of(), false, Preserved.NONE));

		assertThat(doc.getList("tags", String.class)).containsExactly("a", "b");
		assertThat(doc.get("_sync", Document.class).get("tags", Document.class)).doesNotContainKey("replaced");
		assertThat(ContactDocuments.fromDocument(doc).contact().tagSet()).isEqualTo(tags);
	}

	/**
	 * {@code _sync.keys} has a unique index: every identity key of a tenant without
	 * duplicates, only the contact's own key otherwise (its other keys in
	 * {@code sharedKeys}, which are not unique).
	 */
	@ParameterizedTest(name = "allowDuplicates={0}")
	@ValueSource(booleans = { false, true })
	void keepsUniqueKeysApartFromSharedOnes(boolean allowDuplicates) {
		Contact contact = richContact();

		Document sync = throughBson(ContactDocuments.toDocument(contact, List.of(), allowDuplicates, Preserved.NONE))
			.get("_sync", Document.class);

		List<String> keys = ContactKeys.of(contact);
		assertThat(keys).hasSizeGreaterThan(1);
		if (allowDuplicates) {
			assertThat(sync.getList("keys", String.class)).containsExactly(ContactKeys.own(contact));
			assertThat(sync.getList("sharedKeys", String.class)).isEqualTo(keys.subList(1, keys.size()));
		}
		else {
			assertThat(sync.getList("keys", String.class)).isEqualTo(keys);
			assertThat(sync).doesNotContainKey("sharedKeys");
		}
	}

	/**
	 * An entry whose bytes are kept (its contact moved on) names the record that caused
	 * it, so the worker knows when it is surely out.
	 */
	@Test
	void storesAnEventKeptAsBytesWithItsOrigin() {
		Origin origin = new Origin("contact-sync", "contact-commands", 3, 1L << 40);
		PendingEvent event = new PendingEvent("e-1", 1, T0, origin, null, true, new byte[] { 0, 0, 0, 0, 7 },
				PendingEvent.Encoding.WIRE, T0.minusSeconds(5));

		Document doc = throughBson(ContactDocuments.toDocument(richContact(), List.of(event), false, Preserved.NONE));

		Document entry = doc.get("_sync", Document.class).getList("outbox", Document.class).get(0);
		assertThat(entry).isEqualTo(new Document("id", "e-1").append("v", 1L)
			.append("at", Date.from(T0))
			.append("origin",
					new Document("group", "contact-sync").append("topic", "contact-commands")
						.append("partition", 3)
						.append("offset", 1L << 40))
			.append("replay", true)
			.append("occurredAt", Date.from(T0.minusSeconds(5)))
			.append("wire", new Binary(new byte[] { 0, 0, 0, 0, 7 })));
		assertThat(ContactDocuments.fromDocument(doc).outbox()).singleElement()
			.usingRecursiveComparison()
			.isEqualTo(event);
	}

	/**
	 * While its contact is at its version, an entry is kept as the change: the old values
	 * only, since the new ones are the contact's. Read back, the contact's values
	 * complete it into the change the merge reported.
	 */
	@Test
	void storesAnEventOfTheContactsVersionAsItsChangeWithoutNewValues() {
		Contact created = ((Created) engine.upsert(annCommand("c-1", T0).build(), List.of(), T0)).contact();
		NormalizedCommand command = (NormalizedCommand) engine
			.normalize(annCommand("c-2", T0.plusSeconds(1)).set(ContactField.CITY, "Austin")
				.addTags("vip")
				.customField("a.b", new CustomValue.Number(new BigDecimal("1E-100")))
				.dnd(DndChannel.SMS, new DndSetting(DndStatus.INACTIVE, null, "S2"))
				.build());
		Updated updated = (Updated) engine.apply(command, List.of(created), T0.plusSeconds(2));
		ContactChange change = ContactChange.of(false, command, updated.changes(),
				List.of(new IgnoredIdentifier(IdentifierKind.PHONE, "+14155550199", new ContactId("other"))));
		PendingEvent event = new PendingEvent("e-2", updated.after().version(), T0.plusSeconds(2),
				new Origin("contact-sync", "contact-commands", 0, 41), change, false, null, PendingEvent.Encoding.WIRE,
				T0.plusSeconds(1));

		Document doc = throughBson(ContactDocuments.toDocument(updated.after(), List.of(event), false, Preserved.NONE));
		StoredContact read = ContactDocuments.fromDocument(doc);

		Document stored = doc.get("_sync", Document.class).getList("outbox", Document.class).get(0);
		assertThat(stored).doesNotContainKeys("wire", "avro");
		Document storedChange = stored.get("change", Document.class);
		assertThat(storedChange.getString("command")).isEqualTo("c-2");
		// A field with a value before is stored with it; one without, as its path alone.
		assertThat(storedChange.getList("changes", Object.class))
			.allSatisfy((field) -> assertThat(field).isInstanceOfAny(String.class, Document.class))
			.filteredOn(Document.class::isInstance)
			.allSatisfy((field) -> assertThat((Document) field).doesNotContainKey("after"))
			.contains(new Document("field", "city").append("before", "Boston"));
		assertThat(stored).as("the change's time is not stored twice").doesNotContainKey("occurredAt");
		PendingEvent readEvent = read.outbox().get(0);
		assertThat(readEvent.change().changes()).extracting(FieldChange::after).containsOnlyNulls();
		assertThat(updated.changes()).extracting(FieldChange::field)
			.contains("city", "tags", "customFields.a.b", "dndSettings.SMS");
		assertThat(readEvent.change().withNewValuesOf(read.contact())).isEqualTo(change);
		assertThat(readEvent).usingRecursiveComparison().ignoringFields("change").isEqualTo(event);
	}

	/**
	 * Only one form is kept: an entry that has both (as the merge makes it) is stored as
	 * its bytes, which stay right when the contact moves on.
	 */
	@Test
	void storesAnEntryWithBytesAndChangeAsItsBytes() {
		Contact contact = richContact();
		ContactChange change = new StoredContactGenerator(7, false).change(contact);
		PendingEvent event = new PendingEvent("e-1", contact.version(), T0, null, change, false, new byte[] { 1, 2 },
				PendingEvent.Encoding.WIRE, null);

		Document doc = throughBson(ContactDocuments.toDocument(contact, List.of(event), false, Preserved.NONE));

		Document entry = doc.get("_sync", Document.class).getList("outbox", Document.class).get(0);
		assertThat(entry).containsKey("wire").doesNotContainKey("change");
		assertThat(ContactDocuments.fromDocument(doc).outbox()).singleElement()
			.usingRecursiveComparison()
			.isEqualTo(new PendingEvent("e-1", contact.version(), T0, null, null, false, new byte[] { 1, 2 },
					PendingEvent.Encoding.WIRE, change.occurredAt()));
	}

	/** Operator tools read contacts without their outbox (a projection). */
	@Test
	void readsADocumentWithoutItsOutbox() {
		Contact contact = richContact();
		Document doc = throughBson(ContactDocuments.toDocument(contact, List
			.of(new PendingEvent("e-1", 1, T0, null, null, false, new byte[] { 1 }, PendingEvent.Encoding.WIRE, null)),
				false, Preserved.NONE));
		doc.get("_sync", Document.class).remove("outbox");

		StoredContact read = ContactDocuments.fromDocument(doc);

		assertThat(read.contact()).isEqualTo(contact);
		assertThat(read.outbox()).isEmpty();
	}

	/**
	 * A document of format 1 holds the same state in another layout: it reads into the
	 * same contact as format 2, its events as bytes without an origin (format 1 had
	 * none), and a write stores it in format 2, exactly as if it had never been in format
	 * 1.
	 */
	@ParameterizedTest(name = "seed={0}")
	@MethodSource("seeds")
	void readsAFormatOneDocumentAsTheSameContactAndRewritesItInFormatTwo(long seed) {
		StoredContactGenerator generator = new StoredContactGenerator(seed, false);
		Contact contact = generator.contact();
		List<PendingEvent> outbox = generator.outbox(contact)
			.stream()
			.map((event) -> event.hasWire() ? event : event.withWire(new byte[] { 9, 9 }))
			.toList();
		boolean allowDuplicates = generator.chance(0.3);
		String context = "seed=" + seed + " (replay: -Ddocuments.seed=" + seed + ")";

		Document old = throughBson(FormatOneDocuments.of(contact, outbox, allowDuplicates));
		StoredContact read = ContactDocuments.fromDocument(old);
		Document rewritten = throughBson(
				ContactDocuments.toDocument(read.contact(), read.outbox(), allowDuplicates, read.preserved()));

		assertThat(read.contact()).as(context).isEqualTo(contact);
		List<PendingEvent> expected = outbox.stream()
			.map((event) -> new PendingEvent(event.eventId(), event.contactVersion(), event.storedAt(), null, null,
					false, event.wire(), event.encoding(), event.occurredAt()))
			.toList();
		assertThat(read.outbox()).as(context)
			.usingRecursiveFieldByFieldElementComparator()
			.containsExactlyElementsOf(expected);
		assertThat(read.preserved()).as(context).isEqualTo(Preserved.NONE);
		assertThat(rewritten).as(context)
			.isEqualTo(throughBson(ContactDocuments.toDocument(contact, expected, allowDuplicates, Preserved.NONE)));
		assertThat(rewritten).as(context)
			.doesNotContainKeys("keys", "uniqueKeys", "revision", "outboxSince", "fields", "stamps", "outbox");
	}

	/** Built by hand as the 0.1 worker wrote it; its stamps name unscoped command ids. */
	@Test
	void readsADocumentThe01WorkerWrote() {
		Document old = throughBson(documentOf01());

		StoredContact read = ContactDocuments.fromDocument(old);

		Contact contact = read.contact();
		Stamp first = new Stamp(T0, "c-1");
		Stamp second = new Stamp(T0.plusSeconds(60), "c-2");
		assertThat(contact.id()).isEqualTo(new ContactId("contact-1"));
		assertThat(contact.version()).isEqualTo(2);
		assertThat(contact.fieldStates()).containsOnly(
				Map.entry(ContactField.EMAIL, new Stamped<>("ann@example.org", first)),
				Map.entry(ContactField.FIRST_NAME, new Stamped<>("Ann", second)),
				Map.entry(ContactField.CITY, Stamped.cleared(second)));
		assertThat(contact.tagSet()).isEqualTo(new TagSet(first, Set.of("a", "b"),
				Map.of("c", new TagWrite(true, second), "a", new TagWrite(false, second))));
		assertThat(contact.customFieldStates()).containsOnly(
				Map.entry("plan", new Stamped<>(new CustomValue.Text("gold"), first)),
				Map.entry("score", new Stamped<>(new CustomValue.Number(new BigDecimal("12.5")), second)),
				Map.entry("old", Stamped.cleared(second)));
		assertThat(contact.dndStates()).containsOnly(
				Map.entry(DndChannel.SMS, new Stamped<>(new DndSetting(DndStatus.ACTIVE, null, null), first)),
				Map.entry(DndChannel.EMAIL, Stamped.cleared(second)));
		assertThat(contact.sources()).containsExactly(new SourceLink("crm", "r-1"));
		assertThat(read.preserved().isEmpty()).isTrue();
		assertThat(read.outbox()).singleElement().satisfies((event) -> {
			assertThat(event.eventId()).isEqualTo("e-2");
			assertThat(event.contactVersion()).isEqualTo(2);
			assertThat(event.storedAt()).isEqualTo(T0.plusSeconds(61));
			assertThat(event.wire()).containsExactly(0xC3, 0x01, 1, 2, 3);
			assertThat(event.encoding()).isEqualTo(PendingEvent.Encoding.SINGLE_OBJECT);
			assertThat(event.occurredAt()).isNull();
			assertThat(event.origin()).isNull();
			assertThat(event.change()).isNull();
		});
	}

	/**
	 * Rewritten in format 2, an entry of 0.1 keeps its bytes and their encoding, and
	 * still has no origin: until it is published, it stays what it was.
	 */
	@Test
	void rewritesADocumentThe01WorkerWroteInFormatTwo() {
		StoredContact read = ContactDocuments.fromDocument(throughBson(documentOf01()));

		Document written = throughBson(
				ContactDocuments.toDocument(read.contact(), read.outbox(), false, read.preserved()));

		assertThat(written.get("_sync", Document.class).getInteger("format")).isEqualTo(2);
		assertThat(written.get("email")).isEqualTo("ann@example.org");
		assertThat(written.getList("tags", String.class)).containsExactly("b", "c");
		assertThat(written.get("customFields"))
			.isEqualTo(new Document("plan", "gold").append("score", new Decimal128(new BigDecimal("12.5"))));
		assertThat(written.get("_sync", Document.class).getList("outbox", Document.class))
			.containsExactly(new Document("id", "e-2").append("v", 2L)
				.append("at", Date.from(T0.plusSeconds(61)))
				.append("avro", new Binary(new byte[] { (byte) 0xC3, 0x01, 1, 2, 3 })));
		assertThat(ContactDocuments.fromDocument(written).contact()).isEqualTo(read.contact());
	}

	/**
	 * A newer version added a scalar field (one set, one cleared), a DND channel, a DND
	 * status, a custom value kind, a top-level key and a key of {@code _sync}: all read
	 * without failing, and written back identical, each stamped part still with the stamp
	 * it had (its position in the stamp table may change).
	 */
	@Test
	void writesBackWhatANewerVersionWroteUnchanged() {
		Document stored = throughBson(documentOfANewerVersion());

		assertThatNoException().isThrownBy(() -> ContactDocuments.fromDocument(stored));
		StoredContact read = ContactDocuments.fromDocument(stored);
		Document written = throughBson(
				ContactDocuments.toDocument(read.contact(), read.outbox(), false, read.preserved()));

		assertThat(read.preserved().isEmpty()).isFalse();
		assertThat(unknownParts(written)).isEqualTo(unknownParts(stored));
		// SMS, whose status only the newer version knows, is held as a placeholder with
		// that write's stamp, so commands are compared against it; it shows no value.
		assertThat(read.contact().dndStates()).containsOnlyKeys(DndChannel.EMAIL, DndChannel.SMS);
		assertThat(read.contact().dndStates().get(DndChannel.SMS).isCleared()).isTrue();
		assertThat(read.contact().dndSettings()).containsOnlyKeys(DndChannel.EMAIL);
		assertThat(read.contact().customFieldStates().get("embedding").value()).isInstanceOf(CustomValue.Opaque.class)
			.extracting((value) -> ((CustomValue.Opaque) value).type())
			.isEqualTo("vector");
		Document embedding = written.get("customFields", Document.class).get("embedding", Document.class);
		assertThat(embedding.get("at")).isInstanceOf(Date.class).isEqualTo(new Date(1_700_000_000_123L));
		assertThat(embedding.get("n")).isInstanceOf(Long.class).isEqualTo(Long.MAX_VALUE);
		assertThat(embedding.get("i")).isInstanceOf(Integer.class).isEqualTo(3);
		assertThat(embedding.getList("v", Object.class)).containsExactly(1.5, 2L);
	}

	/** The unknown value takes part in last-writer-wins like any value. */
	@Test
	void unknownCustomValueIsOverwrittenByANewerWrite() {
		StoredContact read = ContactDocuments.fromDocument(throughBson(documentOfANewerVersion()));
		UpsertCommand overwrite = UpsertCommand.builder("c-9", "t", SourceLink.ofSystem("crm"), T0.plusSeconds(3600))
			.email("ann@example.org")
			.customField("embedding", new CustomValue.Text("none"))
			.build();

		MergeOutcome outcome = engine.upsert(overwrite, List.of(read.contact()), T0.plusSeconds(3601));

		assertThat(outcome).isInstanceOfSatisfying(Updated.class,
				(updated) -> assertThat(updated.after().customFields().get("embedding"))
					.isEqualTo(new CustomValue.Text("none")));
		Document written = throughBson(
				ContactDocuments.toDocument(((Updated) outcome).after(), read.outbox(), false, read.preserved()));
		assertThat(written.get("customFields", Document.class).get("embedding")).isEqualTo("none");
		assertThat(written.get("_sync", Document.class).get("customFields", Document.class).get("embedding"))
			.isInstanceOf(Integer.class);
	}

	/**
	 * A known channel with a status this version does not know is kept aside; when this
	 * version then writes that channel, its write replaces the kept one (value and
	 * stamp), while the channel only the newer version knows stays.
	 */
	@Test
	void writeOfAChannelReplacesTheStatusANewerVersionWrote() {
		StoredContact read = ContactDocuments.fromDocument(throughBson(documentOfANewerVersion()));
		UpsertCommand sms = UpsertCommand.builder("c-9", "t", SourceLink.ofSystem("crm"), T0.plusSeconds(3600))
			.email("ann@example.org")
			.dnd(DndChannel.SMS, DndSetting.of(DndStatus.ACTIVE))
			.build();
		Contact after = ((Updated) engine.upsert(sms, List.of(read.contact()), T0.plusSeconds(3601))).after();

		Document written = throughBson(ContactDocuments.toDocument(after, read.outbox(), false, read.preserved()));

		Document settings = written.get("dndSettings", Document.class);
		assertThat(settings.get("SMS")).isEqualTo(new Document("status", "ACTIVE"));
		assertThat(settings.get("TELEGRAM", Document.class).getString("message")).isEqualTo("via bot");
		Document sync = written.get("_sync", Document.class);
		assertThat(sync.getList("stamps", Document.class).get(sync.get("dnd", Document.class).getInteger("SMS")))
			.isEqualTo(new Document("at", Date.from(T0.plusSeconds(3600))).append("cmd", "crm/c-9"));
		assertThat(ContactDocuments.fromDocument(written).contact().dndSettings()).containsEntry(DndChannel.SMS,
				DndSetting.of(DndStatus.ACTIVE));
	}

	/** A contact with every kind of value, written by two commands. */
	private static Contact richContact() {
		UpsertCommand first = annCommand("c-1", T0).source(new SourceLink("crm", "r-1"))
			.email("Ann@Example.ORG")
			.phone("+1 415-555-0101")
			.set(ContactField.FIRST_NAME, "Ann")
			.set(ContactField.DATE_OF_BIRTH, "1990-09-25")
			.set(ContactField.DND, "true")
			.replaceTags("a", "b", "vip")
			.customField("plan", new CustomValue.Text("gold"))
			.customField("score", new CustomValue.Number(new BigDecimal("12.5")))
			.customField("price", new CustomValue.Monetary(new BigDecimal("9.99"), "EUR"))
			.customField("budget", new CustomValue.Monetary(new BigDecimal("9.99"), "EUR"))
			.customField("seen", new CustomValue.DateTime(T0.minusSeconds(86_400)))
			.customField("vip", new CustomValue.Bool(true))
			.customField("colors", new CustomValue.ListOf(List.of("red", "blue")))
			.customField("meta", new CustomValue.Json("{\"a\":[1,2]}"))
			.customField("file",
					new CustomValue.FileRef("https://f.example.org/1", "d-1", "a.pdf", "application/pdf", 12_345L))
			.dnd(DndChannel.SMS, new DndSetting(DndStatus.ACTIVE, "stop", "S1"))
			.build();
		UpsertCommand second = UpsertCommand.builder("c-2", "t", new SourceLink("shop", "s-1"), T0.plusSeconds(1))
			.email("ann@example.org")
			.clear(ContactField.DATE_OF_BIRTH)
			.addTags("c")
			.removeTags("a")
			.clearCustomField("price")
			.clearDnd(DndChannel.EMAIL)
			.build();
		Contact created = ((Created) engine.upsert(first, List.of(), T0)).contact();
		return ((Updated) engine.upsert(second, List.of(created), T0.plusSeconds(2))).after();
	}

	private static UpsertCommand.Builder annCommand(String commandId, Instant at) {
		return UpsertCommand.builder(commandId, "t", SourceLink.ofSystem("crm"), at)
			.email("ann@example.org")
			.set(ContactField.CITY, "Boston");
	}

	private static Contact withCustomField(String key, CustomValue value) {
		return withCustomField(key, value, richContact());
	}

	/** The contact with one more custom value. */
	private static Contact withCustomField(String key, CustomValue value, Contact contact) {
		Map<String, Stamped<CustomValue>> custom = new TreeMap<>(contact.customFieldStates());
		custom.put(key, new Stamped<>(value, new Stamp(T0.plusSeconds(5), "crm/c-5")));
		return new Contact(contact.id(), contact.tenantId(), contact.version(), contact.createdAt(),
				contact.updatedAt(), contact.fieldStates(), contact.tagSet(), custom, contact.dndStates(),
				contact.sources());
	}

	private static Contact withTags(TagSet tags) {
		Contact contact = richContact();
		return new Contact(contact.id(), contact.tenantId(), contact.version(), contact.createdAt(),
				contact.updatedAt(), contact.fieldStates(), tags, contact.customFieldStates(), contact.dndStates(),
				contact.sources());
	}

	/** The layout of 0.1: no preserved parts; the outbox entry in {@code avro} only. */
	private static Document documentOf01() {
		return new Document("_id", "contact-1").append("tenantId", "t")
			.append("version", 2L)
			.append("revision", "contact-1@2")
			.append("createdAt", Date.from(T0))
			.append("updatedAt", Date.from(T0.plusSeconds(61)))
			.append("keys", List.of("t|c|contact-1", "t|e|ann@example.org", "t|s|crm|r-1"))
			.append("uniqueKeys", List.of("t|c|contact-1", "t|e|ann@example.org", "t|s|crm|r-1"))
			.append("fields",
					new Document("email", new Document("v", "ann@example.org").append("s", 0))
						.append("firstName", new Document("v", "Ann").append("s", 1))
						.append("city", new Document("v", null).append("s", 1)))
			.append("tags",
					new Document("replaced", List.of("a", "b")).append("replacedAt", 0)
						.append("writes",
								List.of(new Document("tag", "a").append("present", false).append("s", 1),
										new Document("tag", "c").append("present", true).append("s", 1))))
			.append("customFields",
					List.of(new Document("v", new Document("type", "text").append("value", "gold")).append("s", 0)
						.append("key", "plan"),
							new Document("v", new Document("type", "number").append("value", "12.5")).append("s", 1)
								.append("key", "score"),
							new Document("v", null).append("s", 1).append("key", "old")))
			.append("dnd",
					List.of(new Document("channel", "SMS").append("s", 0)
						.append("status", "ACTIVE")
						.append("message", null)
						.append("code", null), new Document("channel", "EMAIL").append("s", 1)))
			.append("sources", List.of(new Document("system", "crm").append("recordId", "r-1")))
			.append("outbox",
					List.of(new Document("eventId", "e-2").append("contactVersion", 2L)
						.append("storedAt", Date.from(T0.plusSeconds(61)))
						.append("avro", new Binary(new byte[] { (byte) 0xC3, 0x01, 1, 2, 3 }))))
			.append("outboxSince", Date.from(T0.plusSeconds(61)))
			.append("stamps", List.of(new Document("at", Date.from(T0)).append("cmd", "c-1"),
					new Document("at", Date.from(T0.plusSeconds(60))).append("cmd", "c-2")));
	}

	/**
	 * A document of this version plus what a newer one added: a field {@code nickname}
	 * (with a date and a long inside) and a cleared field {@code pronouns}, a channel
	 * {@code TELEGRAM}, a status {@code SNOOZED} on SMS, a custom value of kind
	 * {@code vector} (with a date, a long and an int inside), a top-level key
	 * {@code lead} and a key {@code shard} of {@code _sync}. Two stamps no known value
	 * uses.
	 */
	private static Document documentOfANewerVersion() {
		Contact contact = ((Created) engine.upsert(UpsertCommand.builder("c-1", "t", SourceLink.ofSystem("crm"), T0)
			.email("ann@example.org")
			.set(ContactField.FIRST_NAME, "Ann")
			.dnd(DndChannel.EMAIL, DndSetting.of(DndStatus.INACTIVE))
			.build(), List.of(), T0)).contact();
		Document doc = ContactDocuments.toDocument(contact, List.of(), false, Preserved.NONE);
		Document sync = doc.get("_sync", Document.class);
		List<Document> stamps = new ArrayList<>(sync.getList("stamps", Document.class));
		int known = 0;
		int newer = stamps.size();
		stamps.add(new Document("at", Date.from(T0.plusSeconds(600))).append("cmd", "next/c-7"));
		int newest = stamps.size();
		stamps.add(new Document("at", Date.from(T0.plusSeconds(900))).append("cmd", "next/c-8"));
		sync.append("stamps", stamps);
		doc.append("nickname",
				new Document("first", "Annie").append("since", new Date(1_600_000_000_000L)).append("count", 7L));
		sync.get("fields", Document.class).append("nickname", newer).append("pronouns", newest);
		doc.get("dndSettings", Document.class)
			.append("TELEGRAM", new Document("status", "ACTIVE").append("message", "via bot"))
			.append("SMS", new Document("status", "SNOOZED").append("until", new Date(1_800_000_000_000L)));
		sync.get("dnd", Document.class).append("TELEGRAM", known).append("SMS", newest);
		doc.get("customFields", Document.class)
			.append("embedding",
					new Document("v", List.of(1.5, 2L)).append("at", new Date(1_700_000_000_123L))
						.append("n", Long.MAX_VALUE)
						.append("i", 3));
		sync.get("customFields", Document.class).append("embedding", new Document("s", newest).append("t", "vector"));
		doc.append("lead", new Document("score", 3).append("at", new Date(5)));
		sync.append("shard", "eu-1");
		return doc;
	}

	/**
	 * The parts this version does not know, each stamped one with the stamp its index
	 * resolves to, so documents whose stamp tables differ in order compare equal.
	 */
	private static Map<String, Object> unknownParts(Document doc) {
		Document sync = doc.get("_sync", Document.class);
		List<Document> stamps = sync.getList("stamps", Document.class);
		Map<String, Object> parts = new TreeMap<>();
		for (String field : List.of("nickname", "pronouns")) {
			parts.put(field,
					Arrays.asList(doc.get(field), stamps.get(sync.get("fields", Document.class).getInteger(field))));
		}
		for (String channel : List.of("TELEGRAM", "SMS")) {
			parts.put("dnd." + channel, List.of(doc.get("dndSettings", Document.class).get(channel),
					stamps.get(sync.get("dnd", Document.class).getInteger(channel))));
		}
		Document embedding = new Document(sync.get("customFields", Document.class).get("embedding", Document.class));
		embedding.append("s", stamps.get(embedding.getInteger("s")));
		parts.put("customFields.embedding",
				List.of(doc.get("customFields", Document.class).get("embedding"), embedding));
		parts.put("lead", doc.get("lead"));
		parts.put("_sync.shard", sync.get("shard"));
		return parts;
	}

	/** What the store would give back: the document encoded to BSON and decoded. */
	private static Document throughBson(Document doc) {
		return new RawBsonDocument(doc, new DocumentCodec()).decode(new DocumentCodec());
	}

}
