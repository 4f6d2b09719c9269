package io.contactsync.worker.merge;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.contactsync.worker.merge.Commands.normalized;
import static io.contactsync.worker.merge.Commands.rejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The bounds every command must respect (issue "[2/5] Never stuck, never frozen"): id
 * lengths and characters, the source system slug, the time window of {@code occurredAt},
 * clean text, bounded numbers, command ids scoped by system. Every rejection names the
 * field and a fixed reason, never the value: each offending value here holds
 * {@value #SECRET}, which no violation may repeat.
 */
class InputBoundsTests {

	private static final String SECRET = "SECRET-VALUE-123";

	private static final String TENANT = "tenant-1";

	private static final String CLEAN = "must not contain control characters or broken Unicode";

	private static final String SYSTEM_RULE = "must be 1 to 64 letters, digits, '.', '_' or '-', "
			+ "starting with a letter or digit";

	private final MergeEngine engine = Commands.engine();

	@Test
	void acceptsTenantIdsOfUpTo128Characters() {
		String longest = SECRET + "x".repeat(128 - SECRET.length());

		assertThat(normalized(this.engine, valid().tenantId(longest).build()).tenantId())
			.isEqualTo(new TenantId(longest));
		assertRejectedFor(valid().tenantId(longest + "x").build(), "tenantId", "must be at most 128 characters");
	}

	@Test
	void acceptsCommandIdsAndRecordIdsOfUpTo256Characters() {
		String longest = SECRET + "x".repeat(256 - SECRET.length());

		assertThat(normalized(this.engine, valid().commandId(longest).build()).commandId().value()).isEqualTo(longest);
		assertThat(normalized(this.engine, valid().source(new SourceLink("crm", longest)).build()).sourceLink())
			.contains(new SourceLink("crm", longest));
		assertRejectedFor(valid().commandId(longest + "x").build(), "commandId", "must be at most 256 characters");
		assertRejectedFor(valid().source(new SourceLink("crm", longest + "x")).build(), "source.recordId",
				"must be at most 256 characters");
	}

	/** Ids are names: no control character at all, not even a tab. */
	@ParameterizedTest(name = "code point {0}")
	@ValueSource(ints = { 0x00, 0x09, 0x0A, 0x0D, 0x1B, 0x7F, 0x80, 0x85, 0x9F, 0xD800, 0xDC00, 0xFFFE, 0xFFFF })
	void rejectsIdsWithControlCharactersOrBrokenUnicode(int character) {
		String bad = SECRET + (char) character + "x";

		assertRejectedFor(valid().tenantId(bad).build(), "tenantId", CLEAN);
		assertRejectedFor(valid().commandId(bad).build(), "commandId", CLEAN);
		assertRejectedFor(valid().source(new SourceLink("crm", bad)).build(), "source.recordId", CLEAN);
	}

	@Test
	void acceptsIdsWithCharactersOutsideTheBasicPlane() {
		String emoji = "ann-\uD83D\uDE00";

		NormalizedCommand command = normalized(this.engine,
				valid().tenantId(emoji).commandId(emoji).source(new SourceLink("crm", emoji)).build());

		assertThat(command.tenantId().value()).isEqualTo(emoji);
		assertThat(command.commandId().value()).isEqualTo(emoji);
		assertThat(command.sourceLink()).contains(new SourceLink("crm", emoji));
	}

	/**
	 * Issue repro 3: a source's ids may hold the store's key separators; the store
	 * escapes them (ContactKeysTests), so the command must not be refused for them.
	 */
	@Test
	void acceptsKeySeparatorsInTenantCommandAndRecordIds() {
		NormalizedCommand command = normalized(this.engine,
				valid().tenantId("acme|s|crm")
					.commandId("c|1%7C")
					.source(new SourceLink("crm", "e|bob@x.org%25"))
					.build());

		assertThat(command.tenantId().value()).isEqualTo("acme|s|crm");
		assertThat(command.commandId().value()).isEqualTo("c|1%7C");
		assertThat(command.lookupKeys().sourceLink()).contains(new SourceLink("crm", "e|bob@x.org%25"));
	}

	@ParameterizedTest(name = "\"{0}\"")
	@ValueSource(strings = { "a", "A", "9", "crm", "high.level_2-eu" })
	void acceptsSourceSystemsThatAreSlugs(String system) {
		assertThat(normalized(this.engine, valid().source(new SourceLink(system, "r-1")).build()).source().system())
			.isEqualTo(system);
	}

	@Test
	void acceptsSourceSystemsOfUpTo64Characters() {
		String longest = SECRET + "x".repeat(64 - SECRET.length());

		assertThat(normalized(this.engine, valid().source(new SourceLink(longest, "r-1")).build()).source().system())
			.isEqualTo(longest);
		assertRejectedFor(valid().source(new SourceLink(longest + "x", "r-1")).build(), "source.system", SYSTEM_RULE);
	}

	/**
	 * The system scopes command ids as {@code system/id}, so it must never hold a '/'.
	 * Each {@code #} stands for {@value #SECRET}.
	 */
	@ParameterizedTest
	@ValueSource(
			strings = { "crm/#", "crm|#", "-#", ".#", "_#", "crm #", "#:", "crm\u0000#", "crm\u00e9#", "crm\uD800#" })
	void rejectsSourceSystemsThatAreNotSlugs(String pattern) {
		String system = pattern.replace("#", SECRET);

		assertRejectedFor(valid().source(new SourceLink(system, "r-1")).build(), "source.system", SYSTEM_RULE);
	}

	@Test
	void rejectsABlankSourceSystem() {
		assertRejectedFor(valid().source(new SourceLink("  ", "r-1")).build(), "source.system", "must not be blank");
	}

	@Test
	void rejectsTimesBeforeTheEpoch() {
		assertThat(normalized(this.engine, valid().occurredAt(Instant.EPOCH).build()).stamp().occurredAt())
			.isEqualTo(Instant.EPOCH);
		assertRejectedFor(valid().occurredAt(Instant.EPOCH.minusMillis(1)).build(), "occurredAt",
				"must not be before 1970-01-01T00:00:00Z");
	}

	/**
	 * Issue repro 2: a source with a wrong clock wrote a time years ahead; that write
	 * would beat every true one until then, freezing the contact.
	 */
	@Test
	void rejectsTimesFarAfterTheRecordWasProduced() {
		Instant producedAt = Commands.T0;
		UpsertCommand farFuture = valid().occurredAt(producedAt.plus(Duration.ofDays(3650))).build();

		Rejected rejected = rejectedAt(this.engine, farFuture, producedAt);

		assertThat(rejected.violations()).containsExactly(new Violation("occurredAt",
				"must not be more than 10m after the record was produced (is a clock wrong?)"));
	}

	@Test
	void allowsTenMinutesOfClockSkewByDefault() {
		Instant producedAt = Commands.T0;
		Instant limit = producedAt.plus(Duration.ofMinutes(10));

		assertThat(this.engine.normalize(valid().occurredAt(limit).build(), producedAt))
			.isInstanceOf(NormalizedCommand.class);
		assertThat(rejectedAt(this.engine, valid().occurredAt(limit.plusMillis(1)).build(), producedAt).violations())
			.extracting(Violation::field)
			.containsExactly("occurredAt");
		// Without the record's time (a replay of stored commands, a test) there is
		// nothing to compare with.
		assertThat(this.engine.normalize(valid().occurredAt(limit.plus(Duration.ofDays(3650))).build()))
			.isInstanceOf(NormalizedCommand.class);
	}

	@Test
	void takesTheClockSkewFromTheLimits() {
		MergeEngine strict = new MergeEngine(TenantPolicies.of(TenantPolicy.defaults()),
				new Limits(Duration.ofSeconds(30), 200, 200, 50, 1000, 128 * 1024));
		Instant producedAt = Commands.T0;

		assertThat(strict.normalize(valid().occurredAt(producedAt.plusSeconds(30)).build(), producedAt))
			.isInstanceOf(NormalizedCommand.class);
		assertThat(rejectedAt(strict, valid().occurredAt(producedAt.plusSeconds(31)).build(), producedAt).violations())
			.containsExactly(new Violation("occurredAt",
					"must not be more than 30s after the record was produced (is a clock wrong?)"));
	}

	@ParameterizedTest(name = "code point {0}")
	@ValueSource(ints = { 0x09, 0x0A, 0x0D })
	void allowsTabsAndLineBreaksInsideFreeText(int character) {
		String text = "one" + (char) character + "two";

		NormalizedCommand command = normalized(this.engine, valid().set(ContactField.FIRST_NAME, text)
			.customField("note", new CustomValue.Text(text))
			.customField("colors", new CustomValue.ListOf(List.of(text)))
			.customField("contract", new CustomValue.FileRef("https://files.example.org/1", text, text, text, 1L))
			.dnd(DndChannel.SMS, new DndSetting(DndStatus.ACTIVE, text, text))
			.build());

		assertThat(command.set()).containsEntry(ContactField.FIRST_NAME, text);
		assertThat(command.customFields()).containsEntry("note", Optional.of(new CustomValue.Text(text)))
			.containsEntry("colors", Optional.of(new CustomValue.ListOf(List.of(text))))
			.containsEntry("contract",
					Optional.of(new CustomValue.FileRef("https://files.example.org/1", text, text, text, 1L)));
		assertThat(command.dndSettings()).containsEntry(DndChannel.SMS,
				Optional.of(new DndSetting(DndStatus.ACTIVE, text, text)));
	}

	/** Every free-text place, each in a command of its own, with its violation. */
	@ParameterizedTest(name = "code point {0}")
	@ValueSource(ints = { 0x00, 0x07, 0x0B, 0x0C, 0x1B, 0x1F, 0x7F, 0x80, 0x85, 0x9F, 0xD800, 0xDBFF, 0xDC00, 0xFFFE,
			0xFFFF })
	void rejectsOtherControlCharactersAndBrokenUnicodeInFreeText(int character) {
		String bad = SECRET + (char) character + "x";
		Map<String, Function<UpsertCommand.Builder, UpsertCommand.Builder>> places = new LinkedHashMap<>();
		places.put("firstName", (b) -> b.set(ContactField.FIRST_NAME, bad));
		places.put("customFields.note", (b) -> b.customField("note", new CustomValue.Text(bad)));
		places.put("customFields.colors", (b) -> b.customField("colors", new CustomValue.ListOf(List.of("red", bad))));
		places.put("customFields.contract", (b) -> b.customField("contract",
				new CustomValue.FileRef("https://f.example.org/1", null, bad, null, null)));
		places.put("customFields.scan", (b) -> b.customField("scan",
				new CustomValue.FileRef("https://f.example.org/2", bad, null, null, null)));
		places.put("customFields.photo", (b) -> b.customField("photo",
				new CustomValue.FileRef("https://f.example.org/3", null, null, bad, null)));
		places.put("dndSettings.SMS", (b) -> b.dnd(DndChannel.SMS, new DndSetting(DndStatus.ACTIVE, bad, null)));
		places.put("dndSettings.CALL", (b) -> b.dnd(DndChannel.CALL, new DndSetting(DndStatus.ACTIVE, null, bad)));

		places.forEach((field, place) -> {
			String reason = field.equals("customFields.colors")
					? "must have items of 1 to 1000 characters without control characters" : CLEAN;
			assertRejectedFor(place.apply(valid()).build(), field, reason);
		});
	}

	/** Names (tags, custom keys, emails, file urls) take no control character at all. */
	@ParameterizedTest(name = "code point {0}")
	@ValueSource(ints = { 0x00, 0x09, 0x0A, 0x0D, 0x1B, 0x7F, 0x80, 0x85, 0x9F, 0xD800, 0xDC00, 0xFFFF })
	void rejectsControlCharactersAndBrokenUnicodeInNames(int character) {
		String bad = SECRET + (char) character + "x";

		assertRejectedFor(valid().addTags("vip", bad).build(), "addTags[1]", CLEAN);
		assertRejectedFor(valid().removeTags(bad).build(), "removeTags[0]", CLEAN);
		assertRejectedFor(valid().replaceTags(bad).build(), "tags[0]", CLEAN);
		assertRejectedFor(valid().customField(bad, new CustomValue.Text("x")).build(), "customFields",
				"must have keys of 1 to 100 characters without control characters");
		assertRejectedFor(valid()
			.customField("contract", new CustomValue.FileRef("https://f.example.org/" + bad, null, null, null, null))
			.build(), "customFields.contract", CLEAN);
		assertRejectedFor(valid().email(SECRET + (char) character + "x@example.org").build(), "email",
				"is not a valid email address");
	}

	/**
	 * Lone surrogates and non-characters pass the email validator's own pattern: only the
	 * text rule stops them.
	 */
	@ParameterizedTest(name = "code point {0}")
	@ValueSource(ints = { 0xD800, 0xDBFF, 0xDC00, 0xFFFE, 0xFFFF })
	void rejectsEmailsWithBrokenUnicode(int character) {
		assertRejectedFor(valid().email("ann" + (char) character + SECRET + "@example.org").build(), "email",
				"is not a valid email address");
	}

	/** One address in composed and decomposed Unicode is one identifier. */
	@Test
	void normalizesEmailsToComposedUnicode() {
		String composed = "ren\u00e9@example.org";
		String decomposed = "rene\u0301@example.org";

		NormalizedCommand first = normalized(this.engine, valid().email(composed).build());
		NormalizedCommand second = normalized(this.engine, valid().commandId("c-2").email(decomposed).build());
		NormalizedCommand upper = normalized(this.engine,
				valid().commandId("c-3").email("RENE\u0301@EXAMPLE.ORG").build());

		assertThat(first.email()).contains(composed);
		assertThat(second.email()).contains(composed);
		assertThat(upper.email()).contains(composed);
		assertThat(second.lookupKeys().email()).isEqualTo(first.lookupKeys().email());
	}

	@Test
	void matchesTheContactOfTheComposedAddressByItsDecomposedSpelling() {
		InMemoryContacts store = new InMemoryContacts(this.engine);
		store.upsert(Commands.command("c-1", 0).email("ren\u00e9@example.org").build());

		MergeOutcome outcome = store
			.upsert(Commands.command("c-2", 1).email("rene\u0301@example.org").set(ContactField.CITY, "Lyon").build());

		assertThat(outcome).isInstanceOfSatisfying(Updated.class,
				(updated) -> assertThat(updated.matchedBy()).isEqualTo(MatchedBy.EMAIL));
		assertThat(store.single().email()).contains("ren\u00e9@example.org");
	}

	/**
	 * Issue repro 1: {@code 1E+2147483647} is a few characters of text and two billion
	 * digits written out (this JDK's BigInteger gives up on it with an
	 * ArithmeticException, not an IllegalArgumentException); {@code 1E+10000000} is
	 * within range and takes seconds. Both must be refused before any such work.
	 */
	@Test
	void refusesNumbersWithHugeExponentsAtOnce() {
		String reason = "a number must have at most 100 digits before and after the decimal point";

		assertTimeoutPreemptively(Duration.ofSeconds(1), () -> {
			// Within BigInteger's range, so nothing overflows early: unchecked, it
			// costs seconds to canonicalize and more to write out.
			assertThatIllegalArgumentException().isThrownBy(() -> new CustomValue.Number(new BigDecimal("1E+10000000")))
				.withMessage(reason);
			assertThatIllegalArgumentException()
				.isThrownBy(() -> new CustomValue.Number(new BigDecimal("1E+2147483647")))
				.withMessage(reason);
			assertThatIllegalArgumentException()
				.isThrownBy(() -> new CustomValue.Monetary(new BigDecimal("-1E+2147483647"), "USD"))
				.withMessage(reason);
			assertThatIllegalArgumentException()
				.isThrownBy(() -> new CustomValue.Number(new BigDecimal("1E-2147483647")))
				.withMessage(reason);
		});
	}

	@Test
	void boundsNumbersTo100DigitsBeforeAndAfterThePoint() {
		String hundredNines = "9".repeat(100);
		String hundredDecimals = "0." + "0".repeat(99) + "1";

		assertThat(CustomValue.isBounded(new BigDecimal(hundredNines))).isTrue();
		assertThat(CustomValue.isBounded(new BigDecimal("-" + hundredNines + "." + "9".repeat(100)))).isTrue();
		assertThat(CustomValue.isBounded(new BigDecimal(hundredDecimals))).isTrue();
		assertThat(CustomValue.isBounded(new BigDecimal("1E+99"))).isTrue();
		assertThat(CustomValue.isBounded(new BigDecimal(hundredNines + "9"))).isFalse();
		assertThat(CustomValue.isBounded(new BigDecimal("0." + "0".repeat(100) + "1"))).isFalse();
		assertThat(CustomValue.isBounded(new BigDecimal("1E+100"))).isFalse();
		assertThat(new CustomValue.Number(new BigDecimal("1E+99")).display()).isEqualTo("1" + "0".repeat(99));
		assertThatIllegalArgumentException().isThrownBy(() -> new CustomValue.Number(new BigDecimal("1E+100")));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new CustomValue.Monetary(new BigDecimal(hundredNines + "9"), "EUR"));
	}

	/** Values of unknown kinds only come from the store, never from a command. */
	@Test
	void rejectsCommandsCarryingAValueOfAnUnknownKind() {
		UpsertCommand raw = valid()
			.customField("future",
					new CustomValue.Opaque("vector", "{\"type\":\"vector\",\"value\":\"" + SECRET + "\"}"))
			.build();

		assertRejectedFor(raw, "customFields.future", "has a value of an unknown type");
	}

	/**
	 * Two systems that both number their commands from 1 create two contacts, each with
	 * its own id and its own stamps.
	 */
	@Test
	void sameCommandIdFromTwoSystemsCreatesTwoContacts() {
		InMemoryContacts store = new InMemoryContacts(this.engine);

		MergeOutcome crm = store.upsert(UpsertCommand.builder("c-1", TENANT, SourceLink.ofSystem("crm"), Commands.T0)
			.email("ann@example.org")
			.build());
		MergeOutcome shop = store.upsert(UpsertCommand.builder("c-1", TENANT, SourceLink.ofSystem("shop"), Commands.T0)
			.email("bob@example.org")
			.build());

		Contact ann = ((Created) crm).contact();
		Contact bob = ((Created) shop).contact();
		assertThat(ann.id()).isNotEqualTo(bob.id());
		assertThat(ann.stampOf(ContactField.EMAIL)).contains(new Stamp(Commands.T0, "crm/c-1"));
		assertThat(bob.stampOf(ContactField.EMAIL)).contains(new Stamp(Commands.T0, "shop/c-1"));
		assertThat(ContactId.forCreation(new TenantId(TENANT), new CommandId("crm", "c-1"))).isEqualTo(ann.id())
			.isNotEqualTo(ContactId.forCreation(new TenantId(TENANT), new CommandId("shop", "c-1")));
	}

	@Test
	void neverTakesAnotherSystemsCreatedContactForItsOwn() {
		Contact crmContact = ((Created) this.engine
			.upsert(UpsertCommand.builder("c-1", TENANT, SourceLink.ofSystem("crm"), Commands.T0)
				.email("ann@example.org")
				.build(), List.of(), Commands.NOW))
			.contact();
		NormalizedCommand shop = normalized(this.engine,
				UpsertCommand.builder("c-1", TENANT, SourceLink.ofSystem("shop"), Commands.T0)
					.email("bob@example.org")
					.build());

		MergeOutcome outcome = this.engine.apply(shop, List.of(crmContact), Commands.NOW);

		assertThat(outcome).isInstanceOfSatisfying(Created.class,
				(created) -> assertThat(created.contact().id()).isNotEqualTo(crmContact.id()));
	}

	@Test
	void neverTakesTheSameCommandIdOfAnotherSystemForADuplicate() {
		UpsertCommand crm = UpsertCommand.builder("c-1", TENANT, SourceLink.ofSystem("crm"), Commands.T0)
			.email("ann@example.org")
			.set(ContactField.CITY, "Austin")
			.build();
		UpsertCommand shop = crm.toBuilder().source(SourceLink.ofSystem("shop")).build();

		for (List<UpsertCommand> order : List.of(List.of(crm, shop), List.of(shop, crm))) {
			InMemoryContacts store = new InMemoryContacts(this.engine);
			store.upsert(order.get(0));

			MergeOutcome second = store.upsert(order.get(1));

			assertThat(second).as("second of %s", order.stream().map((c) -> c.source().system()).toList())
				.isNotInstanceOf(Created.class)
				.satisfies((outcome) -> assertThat(outcome instanceof Unchanged unchanged && unchanged.duplicate())
					.as("taken for a duplicate")
					.isFalse());
			assertThat(store.single().stampOf(ContactField.CITY)).contains(new Stamp(Commands.T0, "shop/c-1"));
		}
	}

	@Test
	void looksForThePreScopingIdOnlyWhenCreatingWithoutMatching() {
		MergeEngine duplicatesAllowed = Commands.engine(TenantPolicy.defaults().withAllowDuplicates(true));
		UpsertCommand raw = UpsertCommand.builder("c-1", TENANT, SourceLink.ofSystem("crm"), Commands.T0)
			.email("ann@example.org")
			.build();
		// The id versions up to 0.1 derived from the tenant and the bare command id.
		ContactId before = new ContactId(UUID
			.nameUUIDFromBytes(("contact-sync/contact\u0000" + TENANT + "\u0000c-1").getBytes(StandardCharsets.UTF_8))
			.toString());

		NormalizedCommand matching = normalized(duplicatesAllowed, raw);
		NormalizedCommand creating = normalized(duplicatesAllowed,
				raw.toBuilder().createNewIfDuplicateAllowed(true).build());

		assertThat(ContactId.beforeScopedCommandIds(new TenantId(TENANT), new CommandId("crm", "c-1")))
			.isEqualTo(before);
		assertThat(matching.lookupKeys().previousCreatedContactId()).isEmpty();
		assertThat(creating.lookupKeys().previousCreatedContactId()).contains(before);
		assertThat(creating.lookupKeys().createdContactId()).isNotEqualTo(before);
	}

	/**
	 * A create-without-matching command that a 0.1 worker applied, delivered again after
	 * the upgrade: the store hands over the contact it created (looked up by
	 * {@link LookupKeys#previousCreatedContactId()}); the engine must take it for the
	 * command's own, not create a second contact.
	 */
	@Test
	void recognisesTheContactItCreatedBeforeCommandIdsWereScoped() {
		MergeEngine duplicatesAllowed = Commands.engine(TenantPolicy.defaults().withAllowDuplicates(true));
		UpsertCommand raw = UpsertCommand.builder("c-1", TENANT, SourceLink.ofSystem("crm"), Commands.T0)
			.email("ann@example.org")
			.createNewIfDuplicateAllowed(true)
			.build();
		NormalizedCommand command = normalized(duplicatesAllowed, raw);
		Contact created = ((Created) duplicatesAllowed.apply(command, List.of(), Commands.NOW)).contact();
		ContactId previousId = command.lookupKeys().previousCreatedContactId().orElseThrow();
		Contact storedBy01 = new Contact(previousId, created.tenantId(), 1, created.createdAt(), created.updatedAt(),
				created.fieldStates(), created.tagSet(), created.customFieldStates(), created.dndStates(),
				created.sources());

		MergeOutcome again = duplicatesAllowed.apply(command, List.of(storedBy01), Commands.NOW);

		assertThat(again).as("redelivery after the upgrade").isNotInstanceOf(Created.class);
	}

	/** A valid command; an email keeps it usable when its record id is refused. */
	private static UpsertCommand.Builder valid() {
		return UpsertCommand.builder("c-1", TENANT, new SourceLink("crm", "r-1"), Commands.T0).email("ann@example.org");
	}

	private void assertRejectedFor(UpsertCommand raw, String field, String reason) {
		Rejected rejected = rejected(this.engine, raw);

		assertThat(rejected.violations()).containsExactly(new Violation(field, reason));
		assertThat(rejected.toString()).doesNotContainIgnoringCase(SECRET);
	}

	private static Rejected rejectedAt(MergeEngine engine, UpsertCommand raw, Instant producedAt) {
		Normalized normalized = engine.normalize(raw, producedAt);
		assertThat(normalized).isInstanceOf(Rejected.class);
		assertThat(normalized.toString()).doesNotContain(raw.occurredAt().toString());
		return (Rejected) normalized;
	}

}
