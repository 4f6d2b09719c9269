package io.contactsync.producer;

import java.time.Instant;
import java.util.List;

import io.contactsync.contracts.Contact;
import io.contactsync.contracts.ContactEvent;
import io.contactsync.contracts.ContactEventType;
import io.contactsync.contracts.FieldChange;
import io.contactsync.contracts.IdentifierKind;
import io.contactsync.contracts.IgnoredIdentifier;
import io.contactsync.contracts.SourceRef;

/** Contact events as the worker writes them. */
final class EventFixtures {

	private static final Instant T = Instant.parse("2025-01-01T10:00:00Z");

	private EventFixtures() {
	}

	static ContactEvent created(String contactId, String eventId) {
		return base(contactId, eventId, 1).setEventType(ContactEventType.CREATED)
			.setSource(new SourceRef("highlevel", "hl-1"))
			.setChanges(List.of(new FieldChange("email", null, "ann@example.org"),
					new FieldChange("firstName", null, "Ann")))
			.build();
	}

	static ContactEvent updatedWithCollision(String contactId, String eventId, long version) {
		return base(contactId, eventId, version).setEventType(ContactEventType.UPDATED)
			.setSource(new SourceRef("csv-import", null))
			.setChanges(List.of(new FieldChange("companyName", null, "ACME")))
			.setIgnoredIdentifiers(List.of(new IgnoredIdentifier(IdentifierKind.PHONE, "+14155550102", "c-9")))
			.build();
	}

	private static ContactEvent.Builder base(String contactId, String eventId, long version) {
		Contact contact = Contact.newBuilder()
			.setContactId(contactId)
			.setTenantId("t-1")
			.setVersion(version)
			.setEmail("ann@example.org")
			.setCreatedAt(T)
			.setUpdatedAt(T)
			.build();
		return ContactEvent.newBuilder()
			.setEventId(eventId)
			.setTenantId("t-1")
			.setContactId(contactId)
			.setContactVersion(version)
			.setCausationId("cmd-" + eventId)
			.setOccurredAt(T)
			.setRecordedAt(T)
			.setContact(contact);
	}

}
