package io.contactsync.worker.merge;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.random.RandomGenerator;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An outbox keeps a change with its old values only, and makes the event again from it
 * and the contact: {@link FieldDisplay} must show each of the contact's values exactly as
 * the merge reported it. Checked as a property over seeded merges (every path, every
 * custom value kind, tombstones forgotten by the budget), and by example per kind.
 * <p>
 * <b>Replaying a property failure.</b> Every failure message starts with {@code seed=N};
 * run only that seed with
 * {@code ./mvnw -o -pl worker test -Dtest=FieldDisplayTests -Ddisplay.seed=N}, or more
 * seeds with {@code -Ddisplay.seeds=5000}.
 */
class FieldDisplayTests {

	static final int SEEDS = 200;

	private static final String TENANT = "tenant-a";

	/** Keys a BSON key could not hold as they are, next to the generator's own. */
	private static final List<String> KEYS = List.of("k3", "a.b", "$x", "100%");

	static LongStream seeds() {
		String one = System.getProperty("display.seed");
		if (one != null && !one.isBlank()) {
			return LongStream.of(Long.parseLong(one.trim()));
		}
		return LongStream.rangeClosed(1, Long.getLong("display.seeds", SEEDS));
	}

	/**
	 * The change the merge reports equals the change kept without its new values,
	 * completed from the contact right after it; and each old value is the display of the
	 * contact right before it.
	 */
	@ParameterizedTest(name = "seed={0}")
	@MethodSource("seeds")
	void changeCompletedFromTheContactIsTheChangeTheMergeReported(long seed) {
		CommandGenerator generator = new CommandGenerator(seed);
		TenantPolicy policy = generator.policy(generator.chance(0.3));
		// Few tombstones, so the budget forgets some between the merge and the display.
		Limits limits = new Limits(Duration.ofMinutes(10), 200, 200, 50, 1 + generator.random().nextInt(3), 128 * 1024);
		MergeEngine engine = new MergeEngine(TenantPolicies.of(policy), limits);
		InMemoryContacts store = new InMemoryContacts();
		Set<String> kinds = new TreeSet<>();
		for (int i = 0; i < 40; i++) {
			UpsertCommand command = withEveryKind(generator, generator.anyone(TENANT, policy, true));
			String context = "seed=" + seed + " (replay: -Ddisplay.seed=" + seed + ") command " + command.commandId();
			MergeOutcome outcome = store.upsert(engine, command, Commands.NOW);
			NormalizedCommand normalized = Commands.normalized(engine, command);
			Contact before;
			Contact after;
			ContactChange change;
			if (outcome instanceof Created created) {
				before = null;
				after = created.contact();
				change = ContactChange.of(true, normalized, created.changes(), created.ignored());
			}
			else if (outcome instanceof Updated updated) {
				before = updated.before();
				after = updated.after();
				change = ContactChange.of(false, normalized, updated.changes(), updated.ignored());
			}
			else {
				continue;
			}

			assertThat(withoutNewValues(change).withNewValuesOf(after)).as(context).isEqualTo(change);
			for (FieldChange one : change.changes()) {
				assertThat(one.before()).as("%s: old value of %s", context, one.field())
					.isEqualTo((before != null) ? FieldDisplay.of(before, one.field()) : null);
				kinds.add(kindOf(one.field()));
			}
		}
		// Without these, the property could hold for want of changes.
		assertThat(kinds).as("seed=%d paths changed", seed)
			.containsExactlyInAnyOrder("scalar", "tags", "customFields", "dndSettings", "sources");
	}

	@Test
	void showsScalarsAsStored() {
		Contact contact = contact(UpsertCommand.builder("c-1", TENANT, new SourceLink("crm", "r-1"), Commands.T0)
			.email("Ann@Example.org")
			.phone("+1 415-555-0101")
			.set(ContactField.DND, "TRUE")
			.set(ContactField.GENDER, "female")
			.clear(ContactField.CITY));

		assertThat(FieldDisplay.of(contact, "email")).isEqualTo("ann@example.org");
		assertThat(FieldDisplay.of(contact, "phone")).isEqualTo("+14155550101");
		assertThat(FieldDisplay.of(contact, "dnd")).isEqualTo("true");
		assertThat(FieldDisplay.of(contact, "gender")).isEqualTo("FEMALE");
		assertThat(FieldDisplay.of(contact, "city")).isNull();
		assertThat(FieldDisplay.of(contact, "firstName")).isNull();
	}

	@Test
	void showsTagsAndSourcesAsCompactJson() {
		Contact contact = contact(UpsertCommand.builder("c-1", TENANT, new SourceLink("crm", "r-1"), Commands.T0)
			.email("ann@example.org")
			.replaceTags("VIP", "a\"b", "lead"));
		Contact untagged = contact(
				UpsertCommand.builder("c-2", TENANT, SourceLink.ofSystem("crm"), Commands.T0).email("bob@example.org"));

		assertThat(FieldDisplay.of(contact, "tags")).isEqualTo("[\"a\\\"b\",\"lead\",\"vip\"]");
		assertThat(FieldDisplay.of(contact, "sources")).isEqualTo("[{\"system\":\"crm\",\"recordId\":\"r-1\"}]");
		assertThat(FieldDisplay.of(untagged, "tags")).isNull();
		assertThat(FieldDisplay.of(untagged, "sources")).isNull();
	}

	@Test
	void showsEachCustomValueKind() {
		Contact contact = contact(UpsertCommand.builder("c-1", TENANT, SourceLink.ofSystem("crm"), Commands.T0)
			.email("ann@example.org")
			.customField("text", new CustomValue.Text(" gold "))
			.customField("number", new CustomValue.Number(new BigDecimal("1.50E+3")))
			.customField("tiny", new CustomValue.Number(new BigDecimal("-1E-7")))
			.customField("money", new CustomValue.Monetary(new BigDecimal("9.90"), "eur"))
			.customField("time", new CustomValue.DateTime(Instant.parse("2024-05-01T10:00:00.123456Z")))
			.customField("bool", new CustomValue.Bool(false))
			.customField("list", new CustomValue.ListOf(List.of("red", "blue")))
			.customField("json", new CustomValue.Json("{ \"a\" : [1, 2] }"))
			.customField("file", new CustomValue.FileRef("https://f.example.org/1", null, "a.pdf", null, 12L))
			.customField("a.b", new CustomValue.Text("dotted"))
			.clearCustomField("gone"));

		assertThat(FieldDisplay.of(contact, "customFields.text")).isEqualTo("gold");
		assertThat(FieldDisplay.of(contact, "customFields.number")).isEqualTo("1500");
		assertThat(FieldDisplay.of(contact, "customFields.tiny")).isEqualTo("-0.0000001");
		assertThat(FieldDisplay.of(contact, "customFields.money"))
			.isEqualTo("{\"amount\":\"9.9\",\"currency\":\"EUR\"}");
		assertThat(FieldDisplay.of(contact, "customFields.time")).isEqualTo("2024-05-01T10:00:00.123Z");
		assertThat(FieldDisplay.of(contact, "customFields.bool")).isEqualTo("false");
		assertThat(FieldDisplay.of(contact, "customFields.list")).isEqualTo("[\"red\",\"blue\"]");
		assertThat(FieldDisplay.of(contact, "customFields.json")).isEqualTo("{\"a\":[1,2]}");
		assertThat(FieldDisplay.of(contact, "customFields.file"))
			.isEqualTo("{\"url\":\"https://f.example.org/1\",\"fileName\":\"a.pdf\",\"sizeBytes\":12}");
		assertThat(FieldDisplay.of(contact, "customFields.a.b")).isEqualTo("dotted");
		assertThat(FieldDisplay.of(contact, "customFields.gone")).isNull();
		assertThat(FieldDisplay.of(contact, "customFields.never")).isNull();
	}

	@Test
	void showsDndSettingsWithTheirOptionalParts() {
		Contact contact = contact(UpsertCommand.builder("c-1", TENANT, SourceLink.ofSystem("crm"), Commands.T0)
			.email("ann@example.org")
			.dnd(DndChannel.SMS, new DndSetting(DndStatus.ACTIVE, "stop", "S1"))
			.dnd(DndChannel.EMAIL, DndSetting.of(DndStatus.INACTIVE))
			.clearDnd(DndChannel.CALL));

		assertThat(FieldDisplay.of(contact, "dndSettings.SMS"))
			.isEqualTo("{\"status\":\"ACTIVE\",\"message\":\"stop\",\"code\":\"S1\"}");
		assertThat(FieldDisplay.of(contact, "dndSettings.EMAIL")).isEqualTo("{\"status\":\"INACTIVE\"}");
		assertThat(FieldDisplay.of(contact, "dndSettings.CALL")).isNull();
		assertThat(FieldDisplay.of(contact, "dndSettings.WHATSAPP")).isNull();
	}

	/** Each new value of a change, completed from the contact, keeps everything else. */
	@Test
	void completingAChangeKeepsItsOtherParts() {
		MergeEngine engine = Commands.engine();
		NormalizedCommand command = Commands.normalized(engine,
				UpsertCommand.builder("c-1", TENANT, new SourceLink("crm", "r-1"), Commands.T0)
					.email("ann@example.org")
					.set(ContactField.CITY, "Austin")
					.build());
		Created created = (Created) engine.apply(command, List.of(), Commands.NOW);
		List<IgnoredIdentifier> ignored = List
			.of(new IgnoredIdentifier(IdentifierKind.PHONE, "+14155550101", new ContactId("other")));
		ContactChange change = ContactChange.of(true, command, created.changes(), ignored);

		ContactChange completed = withoutNewValues(change).withNewValuesOf(created.contact());

		assertThat(completed).isEqualTo(change);
		assertThat(completed.changes()).contains(new FieldChange("city", null, "Austin"));
		assertThat(completed.ignored()).isEqualTo(ignored);
		assertThat(completed.created()).isTrue();
	}

	/** The change as an outbox keeps it: old values only. */
	private static ContactChange withoutNewValues(ContactChange change) {
		List<FieldChange> changes = new ArrayList<>();
		change.changes().forEach((one) -> changes.add(new FieldChange(one.field(), one.before(), null)));
		return new ContactChange(change.created(), change.command(), change.source(), change.occurredAt(), changes,
				change.ignored());
	}

	/**
	 * The generator's command with more: custom values of every kind under keys with
	 * {@code .}, {@code $} and {@code %}, and DND settings with message and code.
	 */
	private static UpsertCommand withEveryKind(CommandGenerator generator, UpsertCommand command) {
		RandomGenerator random = generator.random();
		UpsertCommand.Builder builder = command.toBuilder();
		for (String key : KEYS) {
			if (!generator.chance(0.3)) {
				continue;
			}
			CustomValue value = switch (random.nextInt(9)) {
				case 0 -> new CustomValue.Text(generator.pick(List.of("x", " y ", "a.b")));
				case 1 -> new CustomValue.Number(new BigDecimal(
						generator.pick(List.of("1.50", "1E+40", "-1E-60", "12345678901234567890123456789012345"))));
				case 2 -> new CustomValue.Monetary(new BigDecimal(generator.pick(List.of("9.90", "10"))),
						generator.pick(List.of("eur", "USD")));
				case 3 -> new CustomValue.DateTime(Commands.T0.plusNanos(random.nextInt(3) * 500_000L));
				case 4 -> new CustomValue.Bool(generator.chance(0.5));
				case 5 -> new CustomValue.ListOf(generator.pick(List.of(List.of("a"), List.of("a", "b"))));
				case 6 -> new CustomValue.Json(generator.pick(List.of("{ \"a\": 1 }", "[1, 2]")));
				case 7 -> new CustomValue.FileRef("https://f.example.org/" + random.nextInt(2), null, "a.pdf", null,
						generator.chance(0.5) ? 12L : null);
				default -> null;
			};
			if (value != null) {
				builder.customField(key, value);
			}
			else {
				builder.clearCustomField(key);
			}
		}
		if (generator.chance(0.3)) {
			// Channels the generator leaves alone: a command cannot both set and
			// clear one.
			DndChannel channel = generator.pick(List.of(DndChannel.CALL, DndChannel.WHATSAPP));
			builder.dnd(channel, new DndSetting(generator.pick(List.of(DndStatus.ACTIVE, DndStatus.PERMANENT)),
					generator.pick(List.of("stop", "\"quoted\"")), generator.chance(0.5) ? "S1" : null));
		}
		return builder.build();
	}

	private static String kindOf(String path) {
		int dot = path.indexOf('.');
		if (dot > 0) {
			return path.substring(0, dot);
		}
		return switch (path) {
			case "tags", "sources" -> path;
			default -> "scalar";
		};
	}

	private static Contact contact(UpsertCommand.Builder command) {
		return ((Created) Commands.engine().upsert(command.build(), List.of(), Commands.NOW)).contact();
	}

}
