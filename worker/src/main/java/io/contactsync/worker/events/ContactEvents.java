package io.contactsync.worker.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.contactsync.contracts.BooleanValue;
import io.contactsync.contracts.ContactEvent;
import io.contactsync.contracts.ContactEventType;
import io.contactsync.contracts.CustomField;
import io.contactsync.contracts.DateTimeValue;
import io.contactsync.contracts.FieldChange;
import io.contactsync.contracts.FileValue;
import io.contactsync.contracts.Gender;
import io.contactsync.contracts.IdentifierKind;
import io.contactsync.contracts.IgnoredIdentifier;
import io.contactsync.contracts.JsonValue;
import io.contactsync.contracts.ListValue;
import io.contactsync.contracts.MonetaryValue;
import io.contactsync.contracts.NumberValue;
import io.contactsync.contracts.SourceRef;
import io.contactsync.contracts.TextValue;
import io.contactsync.worker.merge.Contact;
import io.contactsync.worker.merge.ContactChange;
import io.contactsync.worker.merge.ContactField;
import io.contactsync.worker.merge.ContactId;
import io.contactsync.worker.merge.CustomValue;
import io.contactsync.worker.merge.DndChannel;
import io.contactsync.worker.merge.DndSetting;
import io.contactsync.worker.merge.NormalizedCommand;

/** Domain results to the public Avro contract. */
public final class ContactEvents {

	private ContactEvents() {
	}

	/**
	 * Deterministic: one command changes one contact at most once, so (contact, command)
	 * names the change on every delivery and every worker.
	 * @param contact the changed contact
	 * @param commandId the command's scoped id ({@code CommandId.scoped()})
	 */
	public static String eventId(ContactId contact, String commandId) {
		String name = "contact-sync/event\u0000" + contact.value() + "\u0000" + commandId;
		return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
	}

	public static ContactEvent event(boolean created, Contact after, NormalizedCommand command,
			List<io.contactsync.worker.merge.FieldChange> changes,
			List<io.contactsync.worker.merge.IgnoredIdentifier> ignored, Instant recordedAt, boolean replay) {
		return event(ContactChange.of(created, command, changes, ignored), after, recordedAt, replay);
	}

	/**
	 * The event of a change.
	 * @param change what the command did
	 * @param after the contact right after it
	 * @param recordedAt when the worker stored it
	 * @param replay whether an operator replay made it
	 * @return the event
	 */
	public static ContactEvent event(ContactChange change, Contact after, Instant recordedAt, boolean replay) {
		return ContactEvent.newBuilder()
			.setEventId(eventId(after.id(), change.command().scoped()))
			.setEventType(change.created() ? ContactEventType.CREATED : ContactEventType.UPDATED)
			.setTenantId(after.tenantId().value())
			.setContactId(after.id().value())
			.setContactVersion(after.version())
			.setCausationId(change.command().value())
			.setSource(new SourceRef(change.source().system(), change.source().recordId()))
			.setOccurredAt(change.occurredAt())
			.setRecordedAt(recordedAt)
			.setChanges(
					change.changes().stream().map((c) -> new FieldChange(c.field(), c.before(), c.after())).toList())
			.setIgnoredIdentifiers(change.ignored()
				.stream()
				.map((i) -> new IgnoredIdentifier(IdentifierKind.valueOf(i.kind().name()), i.value(),
						i.owner().value()))
				.toList())
			.setReplay(replay)
			.setContact(contact(after))
			.build();
	}

	public static io.contactsync.contracts.Contact contact(Contact contact) {
		var avro = io.contactsync.contracts.Contact.newBuilder()
			.setContactId(contact.id().value())
			.setTenantId(contact.tenantId().value())
			.setVersion(contact.version())
			.setEmail(value(contact, ContactField.EMAIL))
			.setPhone(value(contact, ContactField.PHONE))
			.setFirstName(value(contact, ContactField.FIRST_NAME))
			.setLastName(value(contact, ContactField.LAST_NAME))
			.setName(value(contact, ContactField.NAME))
			.setGender(contact.value(ContactField.GENDER).map(Gender::valueOf).orElse(null))
			.setDateOfBirth(value(contact, ContactField.DATE_OF_BIRTH))
			.setAddressLine1(value(contact, ContactField.ADDRESS_LINE1))
			.setAddressLine2(value(contact, ContactField.ADDRESS_LINE2))
			.setCity(value(contact, ContactField.CITY))
			.setState(value(contact, ContactField.STATE))
			.setPostalCode(value(contact, ContactField.POSTAL_CODE))
			.setCountry(value(contact, ContactField.COUNTRY))
			.setWebsite(value(contact, ContactField.WEBSITE))
			.setTimezone(value(contact, ContactField.TIMEZONE))
			.setLanguage(value(contact, ContactField.LANGUAGE))
			.setCompanyName(value(contact, ContactField.COMPANY_NAME))
			.setJobTitle(value(contact, ContactField.JOB_TITLE))
			.setAvatarUrl(value(contact, ContactField.AVATAR_URL))
			.setAssignedTo(value(contact, ContactField.ASSIGNED_TO))
			.setLeadSource(value(contact, ContactField.LEAD_SOURCE))
			.setDnd(contact.value(ContactField.DND).map(Boolean::valueOf).orElse(null))
			.setDndSettings(dndSettings(contact.dndSettings()))
			.setTags(List.copyOf(contact.tags()))
			.setCustomFields(contact.customFields()
				.entrySet()
				.stream()
				// A kind a newer version stored has no place in this schema.
				.filter((entry) -> !(entry.getValue() instanceof CustomValue.Opaque))
				.map((entry) -> new CustomField(entry.getKey(), customValue(entry.getValue())))
				.toList())
			.setSources(contact.sources().stream().map((s) -> new SourceRef(s.system(), s.recordId())).toList())
			.setCreatedAt(contact.createdAt())
			.setUpdatedAt(contact.updatedAt());
		return avro.build();
	}

	private static String value(Contact contact, ContactField field) {
		return contact.value(field).orElse(null);
	}

	private static List<io.contactsync.contracts.DndSetting> dndSettings(Map<DndChannel, DndSetting> settings) {
		return settings.entrySet()
			.stream()
			.map((entry) -> new io.contactsync.contracts.DndSetting(
					io.contactsync.contracts.DndChannel.valueOf(entry.getKey().name()),
					io.contactsync.contracts.DndStatus.valueOf(entry.getValue().status().name()),
					entry.getValue().message(), entry.getValue().code()))
			.toList();
	}

	static Object customValue(CustomValue value) {
		return switch (value) {
			case CustomValue.Text text -> new TextValue(text.value());
			case CustomValue.Number number -> new NumberValue(number.value().toPlainString());
			case CustomValue.Monetary money -> new MonetaryValue(money.amount().toPlainString(), money.currency());
			case CustomValue.DateTime time -> new DateTimeValue(time.value());
			case CustomValue.Bool bool -> new BooleanValue(bool.value());
			case CustomValue.ListOf list -> new ListValue(list.values());
			case CustomValue.Json json -> new JsonValue(json.json());
			case CustomValue.FileRef file ->
				new FileValue(file.url(), file.documentId(), file.fileName(), file.mimeType(), file.sizeBytes());
			case CustomValue.Opaque opaque -> throw new IllegalArgumentException("a value of unknown type");
		};
	}

}
