package io.contactsync.worker.pipeline;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.contactsync.contracts.BooleanValue;
import io.contactsync.contracts.ContactUpsertCommand;
import io.contactsync.contracts.CustomField;
import io.contactsync.contracts.DateTimeValue;
import io.contactsync.contracts.FileValue;
import io.contactsync.contracts.Gender;
import io.contactsync.contracts.JsonValue;
import io.contactsync.contracts.ListValue;
import io.contactsync.contracts.MonetaryValue;
import io.contactsync.contracts.NumberValue;
import io.contactsync.contracts.SourceRef;
import io.contactsync.contracts.TextValue;
import io.contactsync.worker.merge.ContactField;
import io.contactsync.worker.merge.CustomValue;
import io.contactsync.worker.merge.DndChannel;
import io.contactsync.worker.merge.DndSetting;
import io.contactsync.worker.merge.DndStatus;
import io.contactsync.worker.merge.SourceLink;
import io.contactsync.worker.merge.UpsertCommand;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.entry;

/** {@link CommandMapping#toDomain}: every attribute of the Avro command to the domain. */
class CommandMappingTests {

	private static final String TENANT = "tenant-mapping";

	private static final Instant OCCURRED = Instant.parse("2026-05-01T12:00:00.123Z");

	@Test
	void mapsTheEnvelope() {
		ContactUpsertCommand avro = command().setCommandId("cmd-1")
			.setSource(new SourceRef("highlevel", "hl-42"))
			.setCreateNewIfDuplicateAllowed(true)
			.build();

		UpsertCommand command = CommandMapping.toDomain(avro);

		assertThat(command.commandId()).isEqualTo("cmd-1");
		assertThat(command.tenantId()).isEqualTo(TENANT);
		assertThat(command.source()).isEqualTo(new SourceLink("highlevel", "hl-42"));
		assertThat(command.occurredAt()).isEqualTo(OCCURRED);
		assertThat(command.createNewIfDuplicateAllowed()).isTrue();
	}

	@Test
	void mapsASourceWithoutRecordId() {
		UpsertCommand command = CommandMapping.toDomain(command().setSource(new SourceRef("csv-import", null)).build());

		assertThat(command.source()).isEqualTo(SourceLink.ofSystem("csv-import"));
		assertThat(command.createNewIfDuplicateAllowed()).isFalse();
	}

	@Test
	void mapsEmailAndPhoneToTheirOwnAttributesUntouched() {
		// Normalizing is the engine's job: the mapping must not trim or lower-case.
		UpsertCommand command = CommandMapping
			.toDomain(command().setEmail(" Ann@Example.ORG ").setPhone("(650) 253-0000").build());

		assertThat(command.email()).isEqualTo(" Ann@Example.ORG ");
		assertThat(command.phone()).isEqualTo("(650) 253-0000");
		assertThat(command.set()).doesNotContainKeys(ContactField.EMAIL, ContactField.PHONE);
	}

	@Test
	void mapsEveryScalarFieldToItsContactField() {
		ContactUpsertCommand avro = command().setGender(Gender.FEMALE).setDnd(true).build();
		Map<ContactField, String> expected = new EnumMap<>(ContactField.class);
		for (ContactField field : ContactField.values()) {
			if (!EnumSet.of(ContactField.EMAIL, ContactField.PHONE, ContactField.GENDER, ContactField.DND)
				.contains(field)) {
				// By schema name: a field added to both sides is covered too, and a
				// swapped getter shows as a wrong value.
				avro.put(field.path(), "value of " + field.path());
				expected.put(field, "value of " + field.path());
			}
		}
		expected.put(ContactField.GENDER, "FEMALE");
		expected.put(ContactField.DND, "true");

		assertThat(CommandMapping.toDomain(avro).set()).isEqualTo(expected);
	}

	@Test
	void mapsAFalseDndAndEachGender() {
		assertThat(CommandMapping.toDomain(command().setDnd(false).build()).set())
			.containsExactly(entry(ContactField.DND, "false"));
		for (Gender gender : List.of(Gender.MALE, Gender.FEMALE, Gender.UNKNOWN)) {
			assertThat(CommandMapping.toDomain(command().setGender(gender).build()).set())
				.containsExactly(entry(ContactField.GENDER, gender.name()));
		}
	}

	@Test
	void leavesTheGenderAloneForASymbolNewerThanThisReader() {
		// What Avro hands this reader for a gender a newer producer added.
		assertThat(CommandMapping.toDomain(command().setGender(Gender.UNRECOGNIZED).build()).set())
			.doesNotContainKey(ContactField.GENDER);
	}

	@Test
	void leavesEverythingAloneWhenNothingIsGiven() {
		UpsertCommand command = CommandMapping.toDomain(command().build());

		assertThat(command.email()).isNull();
		assertThat(command.phone()).isNull();
		assertThat(command.set()).isEmpty();
		assertThat(command.clear()).isEmpty();
		// Null, not empty: an empty replace would remove every tag.
		assertThat(command.replaceTags()).isNull();
		assertThat(command.addTags()).isEmpty();
		assertThat(command.removeTags()).isEmpty();
		assertThat(command.customFields()).isEmpty();
		assertThat(command.dndSettings()).isEmpty();
		assertThat(command.clearDndChannels()).isEmpty();
	}

	@Test
	void mapsEveryClearedField() {
		List<io.contactsync.contracts.ContactField> all = Arrays.stream(io.contactsync.contracts.ContactField.values())
			.filter((field) -> field != io.contactsync.contracts.ContactField.UNKNOWN)
			.toList();

		UpsertCommand command = CommandMapping.toDomain(command().setClear(all).build());

		assertThat(command.clear()).isEqualTo(EnumSet.allOf(ContactField.class));
	}

	@Test
	void clearsNothingForAnUnknownField() {
		// What a reader sees for a field added to the contract after it was built.
		UpsertCommand command = CommandMapping.toDomain(command()
			.setClear(
					List.of(io.contactsync.contracts.ContactField.UNKNOWN, io.contactsync.contracts.ContactField.CITY))
			.build());

		assertThat(command.clear()).containsExactly(ContactField.CITY);
	}

	@Test
	void mapsTagReplaceAddAndRemove() {
		UpsertCommand command = CommandMapping.toDomain(command().setTags(List.of("vip", "lead"))
			.setAddTags(List.of("new"))
			.setRemoveTags(List.of("old"))
			.build());

		assertThat(command.replaceTags()).containsExactly("vip", "lead");
		assertThat(command.addTags()).containsExactly("new");
		assertThat(command.removeTags()).containsExactly("old");
	}

	@Test
	void mapsAnEmptyTagListToReplacingEveryTag() {
		UpsertCommand command = CommandMapping.toDomain(command().setTags(List.of()).build());

		assertThat(command.replaceTags()).isNotNull().isEmpty();
	}

	@Test
	void mapsCustomFieldsOfEveryValueType() {
		Instant when = Instant.parse("2026-04-30T08:15:00.250Z");
		ContactUpsertCommand avro = command().setCustomFields(List.of(new CustomField("text", new TextValue("hello")),
				new CustomField("number", new NumberValue(" 100.50 ")),
				new CustomField("money", new MonetaryValue("12.5", "EUR")),
				new CustomField("moneyWithoutCurrency", new MonetaryValue("-3", null)),
				new CustomField("when", new DateTimeValue(when)), new CustomField("yes", new BooleanValue(true)),
				new CustomField("no", new BooleanValue(false)),
				new CustomField("choices", new ListValue(List.of("a", "b"))),
				new CustomField("json", new JsonValue("{\"a\": 1}")),
				new CustomField("file",
						new FileValue("https://files.example.org/f/1", "doc-1", "cv.pdf", "application/pdf", 2048L)),
				new CustomField("bareFile", new FileValue("https://files.example.org/f/2", null, null, null, null)),
				new CustomField("gone", null)))
			.build();

		Map<String, Optional<CustomValue>> fields = CommandMapping.toDomain(avro).customFields();

		assertThat(fields).containsExactly(entry("text", Optional.of(new CustomValue.Text("hello"))),
				entry("number", Optional.of(new CustomValue.Number(new BigDecimal("100.5")))),
				entry("money", Optional.of(new CustomValue.Monetary(new BigDecimal("12.5"), "EUR"))),
				entry("moneyWithoutCurrency", Optional.of(new CustomValue.Monetary(new BigDecimal("-3"), null))),
				entry("when", Optional.of(new CustomValue.DateTime(when))),
				entry("yes", Optional.of(new CustomValue.Bool(true))),
				entry("no", Optional.of(new CustomValue.Bool(false))),
				entry("choices", Optional.of(new CustomValue.ListOf(List.of("a", "b")))),
				entry("json", Optional.of(new CustomValue.Json("{\"a\": 1}"))),
				entry("file",
						Optional.of(new CustomValue.FileRef("https://files.example.org/f/1", "doc-1", "cv.pdf",
								"application/pdf", 2048L))),
				entry("bareFile",
						Optional.of(new CustomValue.FileRef("https://files.example.org/f/2", null, null, null, null))),
				// A null value clears the key; it does not leave it alone.
				entry("gone", Optional.empty()));
	}

	@Test
	void rejectsANumberThatIsNotADecimalWithoutEchoingIt() {
		String secret = "4111-1111-1111-1111";
		ContactUpsertCommand avro = command().setCustomFields(List.of(new CustomField("card", new NumberValue(secret))))
			.build();

		// Dead-lettered with this message: it must say where, never what.
		assertThatExceptionOfType(InvalidCommandException.class).isThrownBy(() -> CommandMapping.toDomain(avro))
			.withMessageContaining("customFields")
			.withMessageContaining("not a decimal")
			.withMessageNotContaining(secret)
			.withMessageNotContaining("4111")
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("customFields"));
	}

	@Test
	void rejectsAnAmountThatIsNotADecimalWithoutEchoingIt() {
		ContactUpsertCommand avro = command()
			.setCustomFields(List.of(new CustomField("price", new MonetaryValue("twelve euros", "EUR"))))
			.build();

		assertThatExceptionOfType(InvalidCommandException.class).isThrownBy(() -> CommandMapping.toDomain(avro))
			.withMessageContaining("customFields")
			.withMessageNotContaining("twelve");
	}

	@Test
	void mapsDndSettingsAndClearsButIgnoresUnknownChannels() {
		ContactUpsertCommand avro = command()
			.setDndSettings(List.of(
					new io.contactsync.contracts.DndSetting(io.contactsync.contracts.DndChannel.SMS,
							io.contactsync.contracts.DndStatus.ACTIVE, "opted out", "STOP"),
					new io.contactsync.contracts.DndSetting(io.contactsync.contracts.DndChannel.INBOUND_ALL,
							io.contactsync.contracts.DndStatus.INACTIVE, null, null),
					new io.contactsync.contracts.DndSetting(io.contactsync.contracts.DndChannel.OTHER,
							io.contactsync.contracts.DndStatus.PERMANENT, null, null)))
			.setClearDndChannels(
					List.of(io.contactsync.contracts.DndChannel.EMAIL, io.contactsync.contracts.DndChannel.OTHER))
			.build();

		UpsertCommand command = CommandMapping.toDomain(avro);

		// OTHER: a channel newer than this worker, with nothing to map to.
		assertThat(command.dndSettings()).containsExactly(
				entry(DndChannel.SMS, new DndSetting(DndStatus.ACTIVE, "opted out", "STOP")),
				entry(DndChannel.INBOUND_ALL, DndSetting.of(DndStatus.INACTIVE)));
		assertThat(command.clearDndChannels()).containsExactly(DndChannel.EMAIL);
	}

	@Test
	void mapsEveryDndChannelAndStatus() {
		for (io.contactsync.contracts.DndChannel channel : io.contactsync.contracts.DndChannel.values()) {
			if (channel == io.contactsync.contracts.DndChannel.OTHER) {
				continue;
			}
			DndChannel expected = DndChannel.valueOf(channel.name());
			for (io.contactsync.contracts.DndStatus status : io.contactsync.contracts.DndStatus.values()) {
				ContactUpsertCommand setting = command()
					.setDndSettings(List.of(new io.contactsync.contracts.DndSetting(channel, status, null, null)))
					.build();

				assertThat(CommandMapping.toDomain(setting).dndSettings())
					.containsExactly(entry(expected, DndSetting.of(DndStatus.valueOf(status.name()))));
			}
			ContactUpsertCommand clearing = command().setClearDndChannels(List.of(channel)).build();

			assertThat(CommandMapping.toDomain(clearing).clearDndChannels()).containsExactly(expected);
		}
	}

	private static ContactUpsertCommand.Builder command() {
		return AvroCommands.command(TENANT, OCCURRED);
	}

}
