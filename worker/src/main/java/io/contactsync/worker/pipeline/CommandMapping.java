package io.contactsync.worker.pipeline;

import java.math.BigDecimal;
import java.util.List;
import java.util.function.Supplier;

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
import io.contactsync.contracts.TextValue;
import io.contactsync.worker.merge.ContactField;
import io.contactsync.worker.merge.CustomValue;
import io.contactsync.worker.merge.DndChannel;
import io.contactsync.worker.merge.DndSetting;
import io.contactsync.worker.merge.DndStatus;
import io.contactsync.worker.merge.SourceLink;
import io.contactsync.worker.merge.UpsertCommand;

/**
 * Avro command to domain command. Only shapes change here; every rule (validation,
 * normalization, matching) lives in the merge engine.
 */
final class CommandMapping {

	private static final int MAX_DECIMAL_TEXT = 128;

	private CommandMapping() {
	}

	static UpsertCommand toDomain(ContactUpsertCommand avro) {
		var source = avro.getSource();
		UpsertCommand.Builder command = UpsertCommand
			.builder(avro.getCommandId(), avro.getTenantId(),
					(source != null) ? new SourceLink(source.getSystem(), source.getRecordId()) : null,
					avro.getOccurredAt())
			.email(avro.getEmail())
			.phone(avro.getPhone())
			.createNewIfDuplicateAllowed(avro.getCreateNewIfDuplicateAllowed());
		set(command, ContactField.FIRST_NAME, avro::getFirstName);
		set(command, ContactField.LAST_NAME, avro::getLastName);
		set(command, ContactField.NAME, avro::getName);
		// UNRECOGNIZED is a symbol newer than this reader: leave the stored gender.
		if (avro.getGender() != null && avro.getGender() != Gender.UNRECOGNIZED) {
			command.set(ContactField.GENDER, avro.getGender().name());
		}
		set(command, ContactField.DATE_OF_BIRTH, avro::getDateOfBirth);
		set(command, ContactField.ADDRESS_LINE1, avro::getAddressLine1);
		set(command, ContactField.ADDRESS_LINE2, avro::getAddressLine2);
		set(command, ContactField.CITY, avro::getCity);
		set(command, ContactField.STATE, avro::getState);
		set(command, ContactField.POSTAL_CODE, avro::getPostalCode);
		set(command, ContactField.COUNTRY, avro::getCountry);
		set(command, ContactField.WEBSITE, avro::getWebsite);
		set(command, ContactField.TIMEZONE, avro::getTimezone);
		set(command, ContactField.LANGUAGE, avro::getLanguage);
		set(command, ContactField.COMPANY_NAME, avro::getCompanyName);
		set(command, ContactField.JOB_TITLE, avro::getJobTitle);
		set(command, ContactField.AVATAR_URL, avro::getAvatarUrl);
		set(command, ContactField.ASSIGNED_TO, avro::getAssignedTo);
		set(command, ContactField.LEAD_SOURCE, avro::getLeadSource);
		if (avro.getDnd() != null) {
			command.set(ContactField.DND, avro.getDnd().toString());
		}
		for (io.contactsync.contracts.ContactField cleared : avro.getClear()) {
			// UNKNOWN is what a reader sees for a field added after it was built:
			// clears nothing.
			if (cleared != io.contactsync.contracts.ContactField.UNKNOWN) {
				command.clear(ContactField.valueOf(cleared.name()));
			}
		}
		if (avro.getTags() != null) {
			command.replaceTags(avro.getTags());
		}
		command.addTags(avro.getAddTags().toArray(String[]::new));
		command.removeTags(avro.getRemoveTags().toArray(String[]::new));
		for (CustomField field : avro.getCustomFields()) {
			if (field.getValue() == null) {
				command.clearCustomField(field.getKey());
			}
			else {
				command.customField(field.getKey(), customValue(field.getValue()));
			}
		}
		for (io.contactsync.contracts.DndSetting setting : avro.getDndSettings()) {
			if (setting.getChannel() != io.contactsync.contracts.DndChannel.OTHER) {
				command.dnd(DndChannel.valueOf(setting.getChannel().name()), new DndSetting(
						DndStatus.valueOf(setting.getStatus().name()), setting.getMessage(), setting.getCode()));
			}
		}
		for (io.contactsync.contracts.DndChannel channel : avro.getClearDndChannels()) {
			if (channel != io.contactsync.contracts.DndChannel.OTHER) {
				command.clearDnd(DndChannel.valueOf(channel.name()));
			}
		}
		return command.build();
	}

	private static void set(UpsertCommand.Builder command, ContactField field, Supplier<String> value) {
		String given = value.get();
		if (given != null) {
			command.set(field, given);
		}
	}

	static CustomValue customValue(Object avro) {
		try {
			return switch (avro) {
				case TextValue text -> new CustomValue.Text(text.getValue());
				case NumberValue number -> new CustomValue.Number(decimal(number.getValue()));
				case MonetaryValue money -> new CustomValue.Monetary(decimal(money.getAmount()), money.getCurrency());
				case DateTimeValue time -> new CustomValue.DateTime(time.getValue());
				case BooleanValue bool -> new CustomValue.Bool(bool.getValue());
				case ListValue list -> new CustomValue.ListOf(List.copyOf(list.getValues()));
				case JsonValue json -> new CustomValue.Json(json.getJson());
				case FileValue file -> new CustomValue.FileRef(file.getUrl(), file.getDocumentId(), file.getFileName(),
						file.getMimeType(), file.getSizeBytes());
				default -> throw new InvalidCommandException("customFields", "has a value of an unknown type");
			};
		}
		catch (IllegalArgumentException ex) {
			// The domain's own checks (a number too large to write out); their
			// messages never repeat the value.
			throw new InvalidCommandException("customFields", ex.getMessage());
		}
	}

	/**
	 * Malformed decimal text becomes a rejection by the engine, not a crash here. The
	 * text is short before it is parsed, so parsing is cheap.
	 */
	private static BigDecimal decimal(String text) {
		String trimmed = text.strip();
		if (trimmed.length() > MAX_DECIMAL_TEXT) {
			throw new InvalidCommandException("customFields",
					"has a number of more than " + MAX_DECIMAL_TEXT + " characters");
		}
		try {
			return new BigDecimal(trimmed);
		}
		catch (NumberFormatException ex) {
			throw new InvalidCommandException("customFields", "is not a decimal number");
		}
	}

}
