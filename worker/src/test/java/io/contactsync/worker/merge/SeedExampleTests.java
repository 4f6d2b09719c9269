package io.contactsync.worker.merge;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.contactsync.worker.merge.Commands.NOW;
import static io.contactsync.worker.merge.Commands.T0;
import static io.contactsync.worker.merge.Commands.engine;
import static io.contactsync.worker.merge.Commands.rejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * The documented examples of the vendors' reference APIs (adapters/src/test/resources/
 * seeds), mapped the way the worker maps them: HighLevel upsert (002, 004) and update
 * (003), Notifuse upsert (001), ChatbotX upsert (000).
 */
class SeedExampleTests {

	private static final String LOCATION = "ve9EPM428h8vShlRW1KT";

	private MergeEngine engine = engine();

	private final InMemoryContacts store = new InMemoryContacts(this.engine);

	/** Seed 002/004: the documented request body. */
	static UpsertCommand.Builder highLevelUpsertBody(String commandId, Instant occurredAt) {
		DndSetting active = new DndSetting(DndStatus.ACTIVE, "string", "string");
		return UpsertCommand.builder(commandId, LOCATION, SourceLink.ofSystem("highlevel"), occurredAt)
			.set(ContactField.FIRST_NAME, "rosan")
			.set(ContactField.LAST_NAME, "Deo")
			.set(ContactField.NAME, "rosan Deo")
			.email("rosan@deos.com")
			.phone("+1 888-888-8888")
			.set(ContactField.ADDRESS_LINE1, "3535 1st St N")
			.set(ContactField.CITY, "Dolomite")
			.set(ContactField.STATE, "AL")
			.set(ContactField.POSTAL_CODE, "35061")
			.set(ContactField.WEBSITE, "https://www.tesla.com")
			.set(ContactField.TIMEZONE, "America/Chihuahua")
			.set(ContactField.DND, "true")
			.dnd(DndChannel.CALL, active)
			.dnd(DndChannel.EMAIL, active)
			.dnd(DndChannel.SMS, active)
			.dnd(DndChannel.WHATSAPP, active)
			.dnd(DndChannel.GMB, active)
			.dnd(DndChannel.FB, active)
			.dnd(DndChannel.INBOUND_ALL, new DndSetting(DndStatus.ACTIVE, "string", null))
			.replaceTags("nisi sint commodo amet", "consequat")
			.customField("my_text_field", new CustomValue.Text("My Text"))
			.customField("my_select_field", new CustomValue.Text("My Selected Option"))
			.customField("my_numeric_field", new CustomValue.Number(new BigDecimal("100")))
			.customField("price", new CustomValue.Monetary(new BigDecimal("100.5"), null))
			.customField("my_checkbox_field", new CustomValue.ListOf(List.of("test", "test2")))
			.customField("my_file_field",
					new CustomValue.FileRef(
							"https://services.leadconnectorhq.com/documents/download/w2M9qTZ0ZJz8rGt02jdJ",
							"w2M9qTZ0ZJz8rGt02jdJ", "IMG_20231215_164412935.jpg", "image/jpeg", 1786611L))
			.set(ContactField.LEAD_SOURCE, "public api")
			.set(ContactField.DATE_OF_BIRTH, "1990-09-25")
			.set(ContactField.COUNTRY, "US")
			.set(ContactField.ASSIGNED_TO, "y0BeYjuRIlDwsDcOHOJo");
	}

	@Test
	void highLevelUpsertBodyCreatesTheDocumentedContact() {
		MergeOutcome outcome = this.store.upsert(highLevelUpsertBody("hl-1", T0).build());

		assertThat(outcome).isInstanceOfSatisfying(Created.class, (created) -> {
			Contact contact = created.contact();
			assertThat(contact.email()).contains("rosan@deos.com");
			assertThat(contact.phone()).contains("+18888888888");
			assertThat(contact.value(ContactField.NAME)).contains("rosan Deo");
			assertThat(contact.value(ContactField.DND)).contains("true");
			assertThat(contact.value(ContactField.DATE_OF_BIRTH)).contains("1990-09-25");
			assertThat(contact.value(ContactField.LEAD_SOURCE)).contains("public api");
			assertThat(contact.tags()).containsExactly("consequat", "nisi sint commodo amet");
			assertThat(contact.dndSettings()).hasSize(7)
				.containsEntry(DndChannel.INBOUND_ALL, new DndSetting(DndStatus.ACTIVE, "string", null));
			assertThat(contact.customFields()).hasSize(6)
				.containsEntry("my_numeric_field", new CustomValue.Number(new BigDecimal("100")))
				.containsEntry("price", new CustomValue.Monetary(new BigDecimal("100.5"), null));
			assertThat(created.changes()).extracting(FieldChange::field)
				.startsWith("email", "phone", "firstName", "lastName", "name")
				.contains("tags", "customFields.my_file_field", "dndSettings.INBOUND_ALL");
		});
	}

	@Test
	void highLevelTagsOverwriteAllCurrentTags() {
		this.store.upsert(highLevelUpsertBody("hl-1", T0).build());

		MergeOutcome outcome = this.store
			.upsert(UpsertCommand.builder("hl-2", LOCATION, SourceLink.ofSystem("highlevel"), T0.plusSeconds(60))
				.email("rosan@deos.com")
				.replaceTags("customer")
				.build());

		assertThat(outcome).isInstanceOfSatisfying(Updated.class,
				(updated) -> assertThat(updated.after().tags()).containsExactly("customer"));
	}

	@Test
	void highLevelEmptyTagListRemovesEveryTag() {
		this.store.upsert(highLevelUpsertBody("hl-1", T0).build());

		this.store.upsert(UpsertCommand.builder("hl-2", LOCATION, SourceLink.ofSystem("highlevel"), T0.plusSeconds(60))
			.email("rosan@deos.com")
			.replaceTags(List.of())
			.build());

		assertThat(this.store.single().tags()).isEmpty();
	}

	@Test
	void highLevelEmailOfOneContactAndPhoneOfAnotherUpdatesTheEmailOwnerOnly() {
		Contact emailOwner = created(hl("a", 0).email("rosan@deos.com").build());
		Contact phoneOwner = created(hl("b", 0).phone("+1 888-888-8888").build());

		MergeOutcome outcome = this.store.upsert(highLevelUpsertBody("hl-1", T0.plusSeconds(60)).build());

		assertThat(outcome).isInstanceOfSatisfying(Updated.class, (updated) -> {
			assertThat(updated.after().id()).isEqualTo(emailOwner.id());
			assertThat(updated.after().phone()).isEmpty();
			assertThat(updated.ignored())
				.containsExactly(new IgnoredIdentifier(IdentifierKind.PHONE, "+18888888888", phoneOwner.id()));
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "1990/09/25", "09/25/1990", "1990-09-25", "09-25-1990", "1990.09.25", "09.25.1990",
			"1990_09_25", "09_25_1990" })
	void highLevelDateOfBirthFormatsAllStoreTheSameDate(String dateOfBirth) {
		this.store.upsert(highLevelUpsertBody("hl-1", T0).set(ContactField.DATE_OF_BIRTH, dateOfBirth).build());

		assertThat(this.store.single().value(ContactField.DATE_OF_BIRTH)).contains("1990-09-25");
	}

	@Test
	void highLevelScenario1CreatesANewContactWithoutMatching() {
		this.engine = engine(TenantPolicy.defaults().withAllowDuplicates(true));
		this.store.use(this.engine);
		Contact existing = created(highLevelUpsertBody("hl-1", T0).build());

		MergeOutcome outcome = this.store
			.upsert(highLevelUpsertBody("hl-2", T0.plusSeconds(60)).createNewIfDuplicateAllowed(true).build());
		MergeOutcome redelivered = this.store
			.upsert(highLevelUpsertBody("hl-2", T0.plusSeconds(60)).createNewIfDuplicateAllowed(true).build());

		assertThat(outcome).isInstanceOfSatisfying(Created.class, (created) -> {
			assertThat(created.contact().id()).isNotEqualTo(existing.id());
			assertThat(created.contact().email()).isEqualTo(existing.email());
			assertThat(created.ignored()).isEmpty();
		});
		assertThat(redelivered).isInstanceOfSatisfying(Unchanged.class,
				(unchanged) -> assertThat(unchanged.duplicate()).isTrue());
		assertThat(this.store.all()).hasSize(2);
	}

	@Test
	void highLevelScenario2IgnoresTheFlagWhenTheTenantDisallowsDuplicates() {
		Contact existing = created(highLevelUpsertBody("hl-1", T0).build());

		MergeOutcome outcome = this.store.upsert(hl("hl-2", 1).email("rosan@deos.com")
			.set(ContactField.CITY, "Birmingham")
			.createNewIfDuplicateAllowed(true)
			.build());

		assertThat(outcome).isInstanceOfSatisfying(Updated.class,
				(updated) -> assertThat(updated.after().id()).isEqualTo(existing.id()));
		assertThat(this.store.all()).hasSize(1);
	}

	@Test
	void highLevelScenario3UpsertsNormallyEvenWhereDuplicatesAreAllowed() {
		this.engine = engine(TenantPolicy.defaults().withAllowDuplicates(true));
		this.store.use(this.engine);
		Contact existing = created(highLevelUpsertBody("hl-1", T0).build());

		MergeOutcome outcome = this.store
			.upsert(hl("hl-2", 1).email("rosan@deos.com").set(ContactField.CITY, "Birmingham").build());

		assertThat(outcome).isInstanceOfSatisfying(Updated.class,
				(updated) -> assertThat(updated.after().id()).isEqualTo(existing.id()));
		assertThat(this.store.all()).hasSize(1);
	}

	/**
	 * Seed 003: PUT /contacts/{contactId}, the HighLevel contact id is the source record
	 * id.
	 */
	@Test
	void highLevelUpdateByContactIdMatchesTheSourceLink() {
		SourceLink contactId = new SourceLink("highlevel", "ocQHyuzHvysMo5N5VsXc");
		Contact existing = created(highLevelUpsertBody("hl-1", T0).source(contactId).build());

		MergeOutcome outcome = this.store.upsert(UpsertCommand.builder("hl-2", LOCATION, contactId, T0.plusSeconds(60))
			.email("rosan@deos.com")
			.set(ContactField.CITY, "ruDolomitebika")
			.set(ContactField.COMPANY_NAME, "DGS VolMAX")
			.build());

		assertThat(outcome).isInstanceOfSatisfying(Updated.class, (updated) -> {
			assertThat(updated.after().id()).isEqualTo(existing.id());
			assertThat(updated.matchedBy()).isEqualTo(MatchedBy.SOURCE_LINK);
			assertThat(updated.changes()).containsExactly(new FieldChange("city", "Dolomite", "ruDolomitebika"),
					new FieldChange("companyName", null, "DGS VolMAX"));
		});
	}

	/** Seed 001: email as the key plus external_id; typed custom_* columns. */
	@Test
	void notifuseUpsertCreatesThenUpdatesByExternalId() {
		SourceLink externalId = new SourceLink("notifuse", "user_12345");
		UpsertCommand create = UpsertCommand
			.builder("nf-1", "ws_1234567890", externalId, Instant.parse("2023-04-22T15:45:00Z"))
			.email("user@example.com")
			.set(ContactField.TIMEZONE, "America/New_York")
			.set(ContactField.LANGUAGE, "en-US")
			.set(ContactField.FIRST_NAME, "John")
			.set(ContactField.LAST_NAME, "Doe")
			.phone("+15551234567")
			.set(ContactField.ADDRESS_LINE1, "123 Main St")
			.set(ContactField.ADDRESS_LINE2, "Apt 4B")
			.set(ContactField.COUNTRY, "US")
			.set(ContactField.POSTAL_CODE, "10001")
			.set(ContactField.STATE, "NY")
			.set(ContactField.JOB_TITLE, "Software Engineer")
			.customField("lifetime_value", new CustomValue.Number(new BigDecimal("1250.5")))
			.customField("orders_count", new CustomValue.Number(new BigDecimal("5")))
			.customField("last_order_at", new CustomValue.DateTime(Instant.parse("2023-05-15T14:30:00Z")))
			.customField("custom_string_1", new CustomValue.Text("Premium tier"))
			.customField("custom_number_1", new CustomValue.Number(new BigDecimal("42")))
			.customField("custom_datetime_1", new CustomValue.DateTime(Instant.parse("2023-06-01T09:00:00Z")))
			.customField("custom_json_1",
					new CustomValue.Json(
							"{\n  \"preferences\": {\n    \"theme\": \"dark\",\n    \"notifications\": true\n  }\n}"))
			.customField("custom_json_2", new CustomValue.Json("{}"))
			.build();

		MergeOutcome created = this.store.upsert(create);
		MergeOutcome updated = this.store
			.upsert(UpsertCommand.builder("nf-2", "ws_1234567890", externalId, Instant.parse("2023-05-01T00:00:00Z"))
				.email("john.doe@example.com")
				.clearCustomField("custom_json_2")
				.build());

		assertThat(created).isInstanceOfSatisfying(Created.class, (outcome) -> {
			assertThat(outcome.contact().sources()).containsExactly(externalId);
			assertThat(outcome.contact().customFields()).containsEntry("custom_json_1",
					new CustomValue.Json("{\"preferences\":{\"theme\":\"dark\",\"notifications\":true}}"));
		});
		assertThat(updated).isInstanceOfSatisfying(Updated.class, (outcome) -> {
			assertThat(outcome.matchedBy()).isEqualTo(MatchedBy.SOURCE_LINK);
			assertThat(outcome.changes()).containsExactly(
					new FieldChange("email", "user@example.com", "john.doe@example.com"),
					new FieldChange("customFields.custom_json_2", "{}", null));
		});
	}

	/**
	 * Seed 000: upsert by identifier in the path; name limits, phone pattern, gender
	 * enum.
	 */
	@Test
	void chatbotxUpsertByIdentifier() {
		SourceLink identifier = new SourceLink("chatbotx", "cbx-42");
		MergeOutcome created = this.store.upsert(UpsertCommand.builder("cb-1", "workspace-9", identifier, T0)
			.set(ContactField.FIRST_NAME, "Mia")
			.set(ContactField.LAST_NAME, "x".repeat(100))
			.phone("15551234567")
			.set(ContactField.GENDER, "female")
			.set(ContactField.AVATAR_URL, "https://cdn.example.org/mia.png")
			.build());
		MergeOutcome updated = this.store
			.upsert(UpsertCommand.builder("cb-2", "workspace-9", identifier, T0.plusSeconds(5))
				.email("mia@example.org")
				.phone("+15551234567")
				.build());

		assertThat(created).isInstanceOfSatisfying(Created.class, (outcome) -> {
			assertThat(outcome.contact().phone()).contains("+15551234567");
			assertThat(outcome.contact().value(ContactField.GENDER)).contains("FEMALE");
		});
		assertThat(updated).isInstanceOfSatisfying(Updated.class, (outcome) -> assertThat(outcome.changes())
			.containsExactly(new FieldChange("email", null, "mia@example.org")));
	}

	@Test
	void chatbotxRejectsLongNamesShortPhonesAndUnknownGenders() {
		Rejected rejected = rejected(this.engine,
				UpsertCommand.builder("cb-1", "workspace-9", new SourceLink("chatbotx", "cbx-42"), T0)
					.set(ContactField.FIRST_NAME, "y".repeat(101))
					.phone("555123")
					.set(ContactField.GENDER, "robot")
					.build());

		assertThat(rejected.violations()).containsExactly(new Violation("phone", "is not a possible phone number"),
				new Violation("firstName", "must be at most 100 characters"),
				new Violation("gender", "must be one of male, female, unknown"));
	}

	@Test
	void highLevelDndSettingsPerChannelWithInboundAll() {
		this.store.upsert(highLevelUpsertBody("hl-1", T0).build());

		this.store.upsert(hl("hl-2", 1).email("rosan@deos.com")
			.dnd(DndChannel.SMS, new DndSetting(DndStatus.PERMANENT, "STOP received", null))
			.clearDnd(DndChannel.GMB)
			.build());

		assertThat(this.store.single().dndSettings()).hasSize(6)
			.contains(entry(DndChannel.SMS, new DndSetting(DndStatus.PERMANENT, "STOP received", null)))
			.doesNotContainKey(DndChannel.GMB);
		assertThat(this.store.single().dndStates().get(DndChannel.GMB).isCleared()).isTrue();
		assertThat(Map.copyOf(this.store.single().dndSettings())).containsKey(DndChannel.INBOUND_ALL);
	}

	private static UpsertCommand.Builder hl(String commandId, int minutes) {
		return UpsertCommand.builder(commandId, LOCATION, SourceLink.ofSystem("highlevel"), Commands.at(minutes));
	}

	private Contact created(UpsertCommand command) {
		MergeOutcome outcome = this.store.upsert(command);
		assertThat(outcome).isInstanceOf(Created.class);
		return ((Created) outcome).contact();
	}

}
