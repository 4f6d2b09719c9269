package io.contactsync.worker.merge;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.contactsync.worker.merge.Commands.command;
import static io.contactsync.worker.merge.Commands.engine;
import static io.contactsync.worker.merge.Commands.normalized;
import static io.contactsync.worker.merge.Commands.rejected;
import static org.assertj.core.api.Assertions.assertThat;

class NormalizationTests {

	private final MergeEngine engine = engine();

	@Test
	void trimsAndLowerCasesEmail() {
		NormalizedCommand command = normalized(this.engine, command("c1", 0).email("  Ann.Lee@Example.ORG ").build());

		assertThat(command.email()).contains("ann.lee@example.org");
	}

	@Test
	void rejectsInvalidEmailWithoutEchoingIt() {
		Rejected rejected = rejected(this.engine,
				command("c1", 0).email("ann.lee@@example").phone("4155550101").build());

		assertThat(rejected.violations()).containsExactly(new Violation("email", "is not a valid email address"));
		assertThat(rejected.toString()).doesNotContain("ann.lee");
	}

	@Test
	void writesUsPhoneNotationsAsTheSameE164Number() {
		NormalizedCommand international = normalized(this.engine, command("c1", 0).phone("+1 888-888-8888").build());
		NormalizedCommand national = normalized(this.engine, command("c2", 0).phone("(888) 888-8888").build());

		assertThat(international.phone()).contains("+18888888888");
		assertThat(national.phone()).isEqualTo(international.phone());
	}

	@ParameterizedTest
	@ValueSource(strings = { "+15551234567", "15551234567", "5551234567", "+1 (555) 123-4567" })
	void acceptsChatbotxStylePhoneNumbers(String phone) {
		assertThat(normalized(this.engine, command("c1", 0).phone(phone).build()).phone()).contains("+15551234567");
	}

	@Test
	void readsNationalNumbersInTheTenantsDefaultRegion() {
		MergeEngine british = engine(TenantPolicy.defaults().withDefaultRegion("GB"));

		assertThat(normalized(british, command("c1", 0).phone("020 7946 0018").build()).phone())
			.contains("+442079460018");
		assertThat(normalized(british, command("c2", 0).phone("+1 415 555 2671").build()).phone())
			.contains("+14155552671");
	}

	@ParameterizedTest
	@ValueSource(strings = { "12345", "call me", "+1 415 555 2671 99999999999", "++--" })
	void rejectsImpossiblePhoneNumbers(String phone) {
		Rejected rejected = rejected(this.engine, command("c1", 0).email("ann@example.org").phone(phone).build());

		assertThat(rejected.violations()).containsExactly(new Violation("phone", "is not a possible phone number"));
	}

	@Test
	void treatsPlaceholdersAsAbsentAndSaysSo() {
		NormalizedCommand command = normalized(this.engine,
				UpsertCommand.builder("c1", "t1", new SourceLink("chatbotx", "u-1"), Commands.T0)
					.email(" N/A ")
					.phone("null")
					.build());

		assertThat(command.email()).isEmpty();
		assertThat(command.phone()).isEmpty();
		assertThat(command.droppedIdentifiers()).containsExactly(
				new DroppedIdentifier(IdentifierKind.EMAIL, DroppedIdentifier.Reason.PLACEHOLDER),
				new DroppedIdentifier(IdentifierKind.PHONE, DroppedIdentifier.Reason.PLACEHOLDER));
	}

	@Test
	void treatsBlockedIdentifiersAsAbsentWithoutKeepingTheirValues() {
		NormalizedCommand blockedAddress = normalized(this.engine,
				command("c1", 0).email("Test@Test.com")
					.phone("+1 (111) 111-1111")
					.set(ContactField.CITY, "x")
					.phone("+1 (111) 111-1111")
					.email("Test@Test.com")
					.source(new SourceLink("highlevel", "hl-1"))
					.build());
		NormalizedCommand blockedLocalPart = normalized(this.engine,
				command("c2", 0).email("NoReply@shop.com").phone("4155550101").build());

		assertThat(blockedAddress.email()).isEmpty();
		assertThat(blockedAddress.phone()).isEmpty();
		assertThat(blockedAddress.droppedIdentifiers()).containsExactly(
				new DroppedIdentifier(IdentifierKind.EMAIL, DroppedIdentifier.Reason.BLOCKED),
				new DroppedIdentifier(IdentifierKind.PHONE, DroppedIdentifier.Reason.BLOCKED));
		assertThat(blockedAddress.lookupKeys().email()).isEmpty();
		assertThat(blockedLocalPart.email()).isEmpty();
		assertThat(blockedLocalPart.phone()).contains("+14155550101");
	}

	@Test
	void rejectsCommandWhoseOnlyIdentifierIsBlocked() {
		Rejected rejected = rejected(this.engine, command("c1", 0).email("example@example.com").build());

		assertThat(rejected.violations()).containsExactly(
				new Violation("identifiers", "must include at least one of: email, phone, source record id"));
	}

	@Test
	void requiresAnIdentifierTheTenantMatchesOn() {
		MergeEngine emailOnly = engine(TenantPolicy.defaults().withMatchOrder(IdentifierKind.EMAIL));

		Rejected rejected = rejected(emailOnly, command("c1", 0).phone("4155550101").build());

		assertThat(rejected.violations())
			.containsExactly(new Violation("identifiers", "must include at least one of: email, source record id"));
	}

	@Test
	void acceptsSourceRecordIdAsTheOnlyIdentifier() {
		NormalizedCommand command = normalized(this.engine,
				UpsertCommand.builder("c1", "t1", new SourceLink("chatbotx", " u-1 "), Commands.T0).build());

		assertThat(command.sourceLink()).contains(new SourceLink("chatbotx", "u-1"));
		assertThat(command.lookupKeys().sourceLink()).isEqualTo(command.sourceLink());
	}

	@Test
	void rejectsBlankIdsAndMissingTime() {
		Rejected rejected = rejected(this.engine,
				UpsertCommand.builder(" ", "", new SourceLink("  ", null), null).email("ann@example.org").build());

		assertThat(rejected.violations()).containsExactly(new Violation("commandId", "must not be blank"),
				new Violation("tenantId", "must not be blank"), new Violation("source.system", "must not be blank"),
				new Violation("occurredAt", "must be present"));
	}

	@Test
	void limitsNamesTo100AndOtherTextTo1000Characters() {
		NormalizedCommand atLimit = normalized(this.engine,
				command("c1", 0).email("ann@example.org")
					.set(ContactField.FIRST_NAME, "a".repeat(100))
					.set(ContactField.CITY, "c".repeat(1000))
					.build());
		Rejected overLimit = rejected(this.engine,
				command("c2", 0).email("ann@example.org")
					.set(ContactField.FIRST_NAME, "a".repeat(101))
					.set(ContactField.LAST_NAME, "b".repeat(101))
					.set(ContactField.NAME, "n".repeat(101))
					.set(ContactField.CITY, "c".repeat(1001))
					.build());

		assertThat(atLimit.set()).containsKeys(ContactField.FIRST_NAME, ContactField.CITY);
		assertThat(overLimit.violations()).containsExactly(new Violation("firstName", "must be at most 100 characters"),
				new Violation("lastName", "must be at most 100 characters"),
				new Violation("name", "must be at most 100 characters"),
				new Violation("city", "must be at most 1000 characters"));
	}

	@Test
	void trimsTextAndIgnoresBlankValues() {
		NormalizedCommand command = normalized(this.engine,
				command("c1", 0).email("ann@example.org")
					.set(ContactField.FIRST_NAME, "  Ann ")
					.set(ContactField.CITY, "   ")
					.build());

		assertThat(command.set()).containsOnlyKeys(ContactField.FIRST_NAME).containsValue("Ann");
	}

	@ParameterizedTest
	@ValueSource(strings = { "1990/09/25", "09/25/1990", "1990-09-25", "09-25-1990", "1990.09.25", "09.25.1990",
			"1990_09_25", "09_25_1990", "1990-9-25", " 9/25/1990 " })
	void readsTheEightDateOfBirthFormats(String dateOfBirth) {
		NormalizedCommand command = normalized(this.engine,
				command("c1", 0).email("ann@example.org").set(ContactField.DATE_OF_BIRTH, dateOfBirth).build());

		assertThat(command.set()).containsEntry(ContactField.DATE_OF_BIRTH, "1990-09-25");
	}

	@ParameterizedTest
	@ValueSource(strings = { "1990-02-30", "02/30/1990", "2023-02-29", "25/09/1990", "1990-13-01", "00-10-1990" })
	void rejectsImpossibleDatesOfBirth(String dateOfBirth) {
		Rejected rejected = rejected(this.engine,
				command("c1", 0).email("ann@example.org").set(ContactField.DATE_OF_BIRTH, dateOfBirth).build());

		assertThat(rejected.violations()).containsExactly(new Violation("dateOfBirth", "is not a real calendar date"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "Sept 25 1990", "1990-09/25", "19900925", "90-09-25", "1990-09-25T00:00:00Z" })
	void rejectsDatesOfBirthInOtherFormats(String dateOfBirth) {
		Rejected rejected = rejected(this.engine,
				command("c1", 0).email("ann@example.org").set(ContactField.DATE_OF_BIRTH, dateOfBirth).build());

		assertThat(rejected.violations()).containsExactly(new Violation("dateOfBirth",
				"must be a date written YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD, YYYY_MM_DD, MM-DD-YYYY, MM/DD/YYYY, MM.DD.YYYY or MM_DD_YYYY"));
	}

	@Test
	void acceptsChatbotxGendersAndDndFlagInAnyCase() {
		NormalizedCommand command = normalized(this.engine,
				command("c1", 0).email("ann@example.org")
					.set(ContactField.GENDER, "Female")
					.set(ContactField.DND, "TRUE")
					.build());
		Rejected rejected = rejected(this.engine,
				command("c2", 0).email("ann@example.org")
					.set(ContactField.GENDER, "other")
					.set(ContactField.DND, "yes")
					.build());

		assertThat(command.set()).containsEntry(ContactField.GENDER, "FEMALE").containsEntry(ContactField.DND, "true");
		assertThat(rejected.violations()).containsExactly(
				new Violation("gender", "must be one of male, female, unknown"),
				new Violation("dnd", "must be true or false"));
	}

	@Test
	void rejectsFieldThatIsBothSetAndCleared() {
		Rejected rejected = rejected(this.engine,
				command("c1", 0).email("ann@example.org")
					.phone("4155550101")
					.set(ContactField.FIRST_NAME, "Ann")
					.clear(ContactField.FIRST_NAME, ContactField.PHONE)
					.dnd(DndChannel.SMS, DndSetting.of(DndStatus.ACTIVE))
					.clearDnd(DndChannel.SMS)
					.build());

		assertThat(rejected.violations()).containsExactly(new Violation("phone", "is both set and cleared"),
				new Violation("firstName", "is both set and cleared"),
				new Violation("dndSettings.SMS", "is both set and cleared"));
	}

	@Test
	void rejectsIdentifiersPassedAsPlainFields() {
		Rejected rejected = rejected(this.engine,
				command("c1", 0).phone("4155550101").set(ContactField.EMAIL, "ann@example.org").build());

		assertThat(rejected.violations())
			.containsExactly(new Violation("email", "must be passed as the command's own email attribute"));
	}

	@Test
	void trimsAndLowerCasesTagsAndFoldsAddsAndRemovesIntoAReplace() {
		NormalizedCommand additive = normalized(this.engine,
				command("c1", 0).email("ann@example.org").addTags("  VIP ", "vip", "Lead").removeTags("Old").build());
		NormalizedCommand replacing = normalized(this.engine,
				command("c2", 0).email("ann@example.org").replaceTags("a", "B").addTags("c").removeTags("a").build());

		assertThat(additive.tags())
			.isEqualTo(new TagOps(null, java.util.Set.of("vip", "lead"), java.util.Set.of("old")));
		assertThat(replacing.tags().replace()).containsExactly("b", "c");
		assertThat(replacing.tags().add()).isEmpty();
		assertThat(replacing.tags().remove()).isEmpty();
	}

	@Test
	void rejectsBadTags() {
		List<String> many = new ArrayList<>();
		for (int i = 0; i < 101; i++) {
			many.add("t" + i);
		}
		Rejected tooMany = rejected(this.engine, command("c1", 0).email("ann@example.org").replaceTags(many).build());
		Rejected badOnes = rejected(this.engine,
				command("c2", 0).email("ann@example.org")
					.addTags("ok", " ", "x".repeat(101), "Both")
					.removeTags("both")
					.build());

		assertThat(tooMany.violations())
			.containsExactly(new Violation("tags", "must not name more than 100 tags in one command"));
		assertThat(badOnes.violations()).containsExactly(
				new Violation("addTags[1]", "must be 1 to 100 characters long"),
				new Violation("addTags[2]", "must be 1 to 100 characters long"),
				new Violation("removeTags[0]", "is also in addTags"));
	}

	@Test
	void acceptsAHundredTagsOfAHundredCharacters() {
		List<String> tags = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			tags.add(String.format("%03d", i) + "x".repeat(97));
		}

		assertThat(normalized(this.engine, command("c1", 0).email("ann@example.org").replaceTags(tags).build()).tags()
			.replace()).hasSize(100);
	}

	@Test
	void compactsJsonCustomValues() {
		NormalizedCommand command = normalized(this.engine,
				command("c1", 0).email("ann@example.org")
					.customField("custom_json_1",
							new CustomValue.Json("{ \"preferences\": { \"theme\": \"dark\", \"n\": 1.50 } }"))
					.build());

		assertThat(command.customFields()).containsEntry("custom_json_1",
				Optional.of(new CustomValue.Json("{\"preferences\":{\"theme\":\"dark\",\"n\":1.50}}")));
	}

	@Test
	void rejectsMalformedLargeOrDeepJson() {
		String tenLevels = "[".repeat(10) + "]".repeat(10);
		String elevenLevels = "[".repeat(11) + "]".repeat(11);
		String large = "\"" + "x".repeat(16 * 1024) + "\"";

		NormalizedCommand ok = normalized(this.engine,
				command("c0", 0).email("ann@example.org").customField("j", new CustomValue.Json(tenLevels)).build());
		Rejected rejected = rejected(this.engine,
				command("c1", 0).email("ann@example.org")
					.customField("broken", new CustomValue.Json("{\"a\":"))
					.customField("two", new CustomValue.Json("{} {}"))
					.customField("deep", new CustomValue.Json(elevenLevels))
					.customField("large", new CustomValue.Json(large))
					.build());

		assertThat(ok.customFields()).containsKey("j");
		assertThat(rejected.violations()).containsExactly(
				new Violation("customFields.broken", "is not well-formed JSON"),
				new Violation("customFields.two", "is not well-formed JSON"),
				new Violation("customFields.deep", "must not nest JSON deeper than 10 levels"),
				new Violation("customFields.large", "must be at most 16384 bytes of JSON"));
	}

	@Test
	void limitsCustomFieldsPerCommandAndKeyLength() {
		UpsertCommand.Builder many = command("c1", 0).email("ann@example.org");
		for (int i = 0; i < 101; i++) {
			many.customField("k" + i, new CustomValue.Bool(true));
		}
		Rejected tooMany = rejected(this.engine, many.build());
		Rejected badKeys = rejected(this.engine,
				command("c2", 0).email("ann@example.org")
					.customField(" ", new CustomValue.Bool(true))
					.customField("k".repeat(101), new CustomValue.Bool(true))
					.build());

		assertThat(tooMany.violations())
			.containsExactly(new Violation("customFields", "must not have more than 100 keys"));
		assertThat(badKeys.violations()).containsExactly(
				new Violation("customFields", "must have keys of 1 to 100 characters without control characters"));
	}

	@Test
	void checksCustomValueKinds() {
		NormalizedCommand ok = normalized(this.engine,
				command("c1", 0).email("ann@example.org")
					.customField("price", new CustomValue.Monetary(new BigDecimal("100.50"), "usd"))
					.customField("count", new CustomValue.Number(new BigDecimal("1E+2")))
					.customField("note", new CustomValue.Text("  hello "))
					.customField("blank", new CustomValue.Text("  "))
					.build());
		Rejected rejected = rejected(this.engine,
				command("c2", 0).email("ann@example.org")
					.customField("price", new CustomValue.Monetary(BigDecimal.ONE, "dollars"))
					.customField("options", new CustomValue.ListOf(List.of("a", " ")))
					.customField("file", new CustomValue.FileRef(" ", null, null, null, null))
					.customField("text", new CustomValue.Text("t".repeat(10_001)))
					.build());

		assertThat(ok.customFields())
			.containsEntry("price", Optional.of(new CustomValue.Monetary(new BigDecimal("100.5"), "USD")))
			.containsEntry("count", Optional.of(new CustomValue.Number(new BigDecimal("100"))))
			.containsEntry("note", Optional.of(new CustomValue.Text("hello")))
			.doesNotContainKey("blank");
		assertThat(rejected.violations()).containsExactly(
				new Violation("customFields.price", "must have a three-letter ISO 4217 currency code"),
				new Violation("customFields.options",
						"must have items of 1 to 1000 characters without control characters"),
				new Violation("customFields.file", "must have a url of 1 to 1000 characters"),
				new Violation("customFields.text", "must be at most 10000 characters"));
	}

	@Test
	void rejectsPermanentInboundDnd() {
		Rejected rejected = rejected(this.engine,
				command("c1", 0).email("ann@example.org")
					.dnd(DndChannel.SMS, DndSetting.of(DndStatus.PERMANENT))
					.dnd(DndChannel.INBOUND_ALL, new DndSetting(DndStatus.PERMANENT, "stop", null))
					.build());

		assertThat(rejected.violations()).containsExactly(new Violation("dndSettings.INBOUND_ALL",
				"cannot be permanent: inbound DND is either active or inactive"));
	}

	@Test
	void neverEchoesRawValuesInViolations() {
		Rejected rejected = rejected(this.engine,
				command("c1", 0).email("secret.person@@mail")
					.phone("555-SECRET-999999999999")
					.set(ContactField.FIRST_NAME, "Secretname".repeat(11))
					.set(ContactField.DATE_OF_BIRTH, "secret-date")
					.set(ContactField.GENDER, "secretgender")
					.build());

		assertThat(rejected.violations()).hasSize(5);
		assertThat(rejected.toString()).doesNotContainIgnoringCase("secret");
	}

	@Test
	void createsWithoutMatchingOnlyWhenTheTenantAllowsDuplicates() {
		UpsertCommand raw = command("c1", 0).email("ann@example.org").createNewIfDuplicateAllowed(true).build();
		MergeEngine duplicatesAllowed = engine(TenantPolicy.defaults().withAllowDuplicates(true));

		NormalizedCommand scenario1 = normalized(duplicatesAllowed, raw);
		NormalizedCommand scenario2 = normalized(this.engine, raw);

		assertThat(scenario1.createWithoutMatching()).isTrue();
		assertThat(scenario1.lookupKeys().email()).isEmpty();
		assertThat(scenario2.createWithoutMatching()).isFalse();
		assertThat(scenario2.lookupKeys().email()).contains("ann@example.org");
	}

	@Test
	void looksUpEveryIdentifierWhereIdentifiersAreUnique() {
		MergeEngine emailOnly = engine(TenantPolicy.defaults().withMatchOrder(IdentifierKind.EMAIL));
		MergeEngine emailOnlyWithDuplicates = engine(
				TenantPolicy.defaults().withMatchOrder(IdentifierKind.EMAIL).withAllowDuplicates(true));
		UpsertCommand raw = command("c1", 0).email("ann@example.org").phone("4155550101").build();

		LookupKeys unique = normalized(emailOnly, raw).lookupKeys();
		LookupKeys shared = normalized(emailOnlyWithDuplicates, raw).lookupKeys();

		assertThat(unique.phone()).contains("+14155550101");
		assertThat(shared.phone()).isEmpty();
		assertThat(unique.createdContactId())
			.isEqualTo(ContactId.forCreation(new TenantId(Commands.TENANT), new CommandId("highlevel", "c1")));
	}

}
