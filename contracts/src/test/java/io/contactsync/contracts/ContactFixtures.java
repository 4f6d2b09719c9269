package io.contactsync.contracts;

import java.time.Instant;
import java.util.List;

/** Object mother for contract records. */
final class ContactFixtures {

	static final Instant OCCURRED = Instant.parse("2026-03-01T10:15:30Z");

	private ContactFixtures() {
	}

	/** Every kind of field set, as the HighLevel upsert example of seed 004 would map. */
	static ContactUpsertCommand fullCommand() {
		return ContactUpsertCommand.newBuilder()
			.setCommandId("0f8fad5b-d9cb-469f-a165-70867728950e")
			.setTenantId("tenant-1")
			.setSource(new SourceRef("highlevel", "ocQHyuzHvysMo5N5VsXc"))
			.setOccurredAt(OCCURRED)
			.setEmail("Rosan@Deos.com")
			.setPhone("+1 888-888-8888")
			.setFirstName("rosan")
			.setLastName("Deo")
			.setName("rosan Deo")
			.setGender(Gender.MALE)
			.setDateOfBirth("1990-09-25")
			.setAddressLine1("3535 1st St N")
			.setCity("Dolomite")
			.setState("AL")
			.setPostalCode("35061")
			.setCountry("US")
			.setWebsite("https://www.tesla.com")
			.setTimezone("America/Chihuahua")
			.setCompanyName("DGS VolMAX")
			.setAssignedTo("y0BeYjuRIlDwsDcOHOJo")
			.setLeadSource("public api")
			.setDnd(true)
			.setDndSettings(List.of(new DndSetting(DndChannel.SMS, DndStatus.ACTIVE, "string", "string"),
					new DndSetting(DndChannel.INBOUND_ALL, DndStatus.INACTIVE, null, null)))
			.setTags(List.of("nisi sint commodo amet", "consequat"))
			.setAddTags(List.of("vip"))
			.setCustomFields(List.of(new CustomField("my_custom_field", new TextValue("My Text")),
					new CustomField("price", new MonetaryValue("100.5", "USD")),
					new CustomField("count", new NumberValue("100")),
					new CustomField("options", new ListValue(List.of("test", "test2"))),
					new CustomField("agreed", new BooleanValue(true)),
					new CustomField("renewal", new DateTimeValue(OCCURRED)),
					new CustomField("prefs", new JsonValue("{\"theme\":\"dark\"}")),
					new CustomField("photo",
							new FileValue(
									"https://services.leadconnectorhq.com/documents/download/w2M9qTZ0ZJz8rGt02jdJ",
									"w2M9qTZ0ZJz8rGt02jdJ", "IMG_20231215_164412935.jpg", "image/jpeg", 1786611L)),
					new CustomField("obsolete", null)))
			.setClear(List.of(ContactField.JOB_TITLE))
			.build();
	}

	static ContactEvent createdEvent() {
		Contact contact = Contact.newBuilder()
			.setContactId("c-1")
			.setTenantId("tenant-1")
			.setVersion(1L)
			.setEmail("rosan@deos.com")
			.setPhone("+18888888888")
			.setTags(List.of("consequat"))
			.setCreatedAt(OCCURRED)
			.setUpdatedAt(OCCURRED)
			.build();
		return ContactEvent.newBuilder()
			.setEventId("e-1")
			.setEventType(ContactEventType.CREATED)
			.setTenantId("tenant-1")
			.setContactId("c-1")
			.setContactVersion(1L)
			.setCausationId("0f8fad5b-d9cb-469f-a165-70867728950e")
			.setSource(new SourceRef("highlevel", null))
			.setOccurredAt(OCCURRED)
			.setRecordedAt(OCCURRED)
			.setChanges(List.of(new FieldChange("email", null, "rosan@deos.com")))
			.setIgnoredIdentifiers(List.of(new IgnoredIdentifier(IdentifierKind.PHONE, "+18888888888", "c-0")))
			.setContact(contact)
			.build();
	}

}
