package io.contactsync.worker.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.contactsync.contracts.BooleanValue;
import io.contactsync.contracts.ContactEvent;
import io.contactsync.contracts.ContactEventType;
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
import io.contactsync.worker.merge.Contact;
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
import io.contactsync.worker.merge.Normalized;
import io.contactsync.worker.merge.NormalizedCommand;
import io.contactsync.worker.merge.SourceLink;
import io.contactsync.worker.merge.TenantPolicies;
import io.contactsync.worker.merge.TenantPolicy;
import io.contactsync.worker.merge.UpsertCommand;
import io.contactsync.worker.merge.Updated;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ContactEvents}: deterministic event ids, and domain results to the public Avro
 * contract (event envelope and the whole contact).
 */
class ContactEventsTests {

	private static final MergeEngine ENGINE = new MergeEngine(TenantPolicies.of(TenantPolicy.defaults()));

	private static final String TENANT = "tenant-events";

	private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");

	private static final Instant RECORDED = Instant.parse("2026-06-02T10:00:00.456Z");

	private static final ContactId CONTACT = new ContactId("contact-1");

	@Test
	void eventIdIsTheSameOnEveryDeliveryAndWorker() {
		String id = ContactEvents.eventId(CONTACT, "cmd-1");

		// A fresh but equal contact id: the id depends on values, not instances.
		assertThat(ContactEvents.eventId(new ContactId("contact-1"), "cmd-1")).isEqualTo(id);
		assertThat(UUID.fromString(id)).hasToString(id);
	}

	@Test
	void eventIdDiffersPerContactAndPerCommand() {
		String id = ContactEvents.eventId(CONTACT, "cmd-1");

		assertThat(ContactEvents.eventId(new ContactId("contact-2"), "cmd-1")).isNotEqualTo(id);
		assertThat(ContactEvents.eventId(CONTACT, "cmd-2")).isNotEqualTo(id);
		// Without a separator between the parts, these two would name one change.
		assertThat(ContactEvents.eventId(new ContactId("ab"), "c"))
			.isNotEqualTo(ContactEvents.eventId(new ContactId("a"), "bc"));
	}

	@Test
	void createdEventCarriesTheEnvelopeAndTheWholeContact() {
		NormalizedCommand command = normalized(
				command("cmd-1", 1).source(new SourceLink("highlevel", "hl-1")).email("ann@example.org").build());
		Created created = created(command);
		List<FieldChange> changes = List.of(new FieldChange("email", null, "ann@example.org"),
				new FieldChange("firstName", "Ann", null));

		ContactEvent event = ContactEvents.event(true, created.contact(), command, changes, List.of(), RECORDED, false);

		assertThat(event.getEventId()).isEqualTo(ContactEvents.eventId(created.contact().id(), "highlevel/cmd-1"));
		assertThat(event.getEventType()).isEqualTo(ContactEventType.CREATED);
		assertThat(event.getTenantId()).isEqualTo(TENANT);
		assertThat(event.getContactId()).isEqualTo(created.contact().id().value());
		assertThat(event.getContactVersion()).isEqualTo(1);
		assertThat(event.getCausationId()).isEqualTo("cmd-1");
		assertThat(event.getSource()).isEqualTo(new SourceRef("highlevel", "hl-1"));
		assertThat(event.getOccurredAt()).isEqualTo(T0.plusSeconds(1));
		assertThat(event.getRecordedAt()).isEqualTo(RECORDED);
		assertThat(event.getChanges()).containsExactly(
				new io.contactsync.contracts.FieldChange("email", null, "ann@example.org"),
				new io.contactsync.contracts.FieldChange("firstName", "Ann", null));
		assertThat(event.getIgnoredIdentifiers()).isEmpty();
		assertThat(event.getReplay()).isFalse();
		assertThat(event.getContact()).isEqualTo(ContactEvents.contact(created.contact()));
	}

	@Test
	void updatedEventCarriesItsVersionIgnoredIdentifiersAndReplayFlag() {
		Contact ann = created(normalized(command("s1", 0).email("ann@example.org").build())).contact();
		Contact owner = created(normalized(command("s2", 0).phone("+1 650-253-0000").build())).contact();
		// Matches Ann by email; the phone stays with the contact that owns it.
		NormalizedCommand command = normalized(
				command("cmd-2", 2).email("ann@example.org").phone("+1 650-253-0000").build());
		MergeOutcome outcome = ENGINE.apply(command, List.of(ann, owner), T0);
		assertThat(outcome).isInstanceOf(Updated.class);
		Updated updated = (Updated) outcome;
		assertThat(updated.ignored())
			.containsExactly(new IgnoredIdentifier(IdentifierKind.PHONE, "+16502530000", owner.id()));

		ContactEvent event = ContactEvents.event(false, updated.after(), command, updated.changes(), updated.ignored(),
				RECORDED, true);

		assertThat(event.getEventId()).isEqualTo(ContactEvents.eventId(ann.id(), "crm/cmd-2"));
		assertThat(event.getEventType()).isEqualTo(ContactEventType.UPDATED);
		assertThat(event.getContactId()).isEqualTo(ann.id().value());
		assertThat(event.getContactVersion()).isEqualTo(2);
		assertThat(event.getCausationId()).isEqualTo("cmd-2");
		assertThat(event.getSource()).isEqualTo(new SourceRef("crm", null));
		assertThat(event.getOccurredAt()).isEqualTo(T0.plusSeconds(2));
		assertThat(event.getIgnoredIdentifiers()).containsExactly(new io.contactsync.contracts.IgnoredIdentifier(
				io.contactsync.contracts.IdentifierKind.PHONE, "+16502530000", owner.id().value()));
		assertThat(event.getReplay()).isTrue();
		assertThat(event.getContact()).isEqualTo(ContactEvents.contact(updated.after()));
		assertThat(event.getContact().getVersion()).isEqualTo(2);
	}

	@Test
	void contactMapsEveryScalarField() {
		UpsertCommand.Builder raw = command("cmd-1", 1).email("Ann@Example.org").phone("(650) 253-0000");
		for (ContactField field : ContactField.values()) {
			switch (field) {
				case EMAIL, PHONE -> {
				}
				case GENDER -> raw.set(field, "female");
				case DND -> raw.set(field, "true");
				case DATE_OF_BIRTH -> raw.set(field, "1990-01-31");
				// Distinct per field: a value under the wrong attribute shows.
				default -> raw.set(field, "value of " + field.path());
			}
		}
		Contact contact = created(normalized(raw.build())).contact();

		io.contactsync.contracts.Contact avro = ContactEvents.contact(contact);

		assertThat(avro.getEmail()).isEqualTo("ann@example.org");
		assertThat(avro.getPhone()).isEqualTo("+16502530000");
		assertThat(avro.getGender()).isEqualTo(Gender.FEMALE);
		assertThat(avro.getDnd()).isTrue();
		assertThat(avro.getDateOfBirth()).isEqualTo("1990-01-31");
		for (ContactField field : ContactField.values()) {
			Object value = avro.get(field.path());
			// By schema name: a field the mapping forgets is null here and fails.
			assertThat(value).as(field.path()).isNotNull();
			assertThat(String.valueOf(value)).as(field.path()).isEqualTo(contact.value(field).orElseThrow());
		}
	}

	@Test
	void contactMapsIdentityVersionAndTimes() {
		Contact ann = created(normalized(command("cmd-1", 1).email("ann@example.org").build())).contact();
		// Updated a minute later, so that createdAt and updatedAt differ.
		Instant later = T0.plusSeconds(60);
		NormalizedCommand renaming = normalized(
				command("cmd-2", 2).email("ann@example.org").set(ContactField.FIRST_NAME, "Ann").build());
		Contact contact = ((Updated) ENGINE.apply(renaming, List.of(ann), later)).after();

		io.contactsync.contracts.Contact avro = ContactEvents.contact(contact);

		assertThat(avro.getContactId()).isEqualTo(ann.id().value());
		assertThat(avro.getTenantId()).isEqualTo(TENANT);
		assertThat(avro.getVersion()).isEqualTo(2);
		assertThat(avro.getCreatedAt()).isEqualTo(T0);
		assertThat(avro.getUpdatedAt()).isEqualTo(later);
	}

	@Test
	void contactMapsAbsentValuesToNullAndEmptyLists() {
		Contact contact = created(normalized(command("cmd-1", 1).email("ann@example.org").build())).contact();

		io.contactsync.contracts.Contact avro = ContactEvents.contact(contact);

		for (ContactField field : ContactField.values()) {
			if (field != ContactField.EMAIL) {
				assertThat(avro.get(field.path())).as(field.path()).isNull();
			}
		}
		assertThat(avro.getTags()).isEmpty();
		assertThat(avro.getCustomFields()).isEmpty();
		assertThat(avro.getDndSettings()).isEmpty();
		assertThat(avro.getSources()).isEmpty();
	}

	@Test
	void contactMapsAFalseDnd() {
		Contact contact = created(
				normalized(command("cmd-1", 1).email("ann@example.org").set(ContactField.DND, "false").build()))
			.contact();

		assertThat(ContactEvents.contact(contact).getDnd()).isFalse();
	}

	@Test
	void contactMapsTagsDndSettingsAndSources() {
		Contact contact = created(normalized(command("cmd-1", 1).source(new SourceLink("highlevel", "hl-1"))
			.email("ann@example.org")
			.replaceTags("VIP", "lead")
			.dnd(DndChannel.SMS, new DndSetting(DndStatus.ACTIVE, "opted out", "STOP"))
			.dnd(DndChannel.INBOUND_ALL, DndSetting.of(DndStatus.INACTIVE))
			.build())).contact();

		io.contactsync.contracts.Contact avro = ContactEvents.contact(contact);

		// Tags as the contact holds them: lower case, sorted.
		assertThat(avro.getTags()).containsExactly("lead", "vip");
		assertThat(avro.getDndSettings()).containsExactlyInAnyOrder(
				new io.contactsync.contracts.DndSetting(io.contactsync.contracts.DndChannel.SMS,
						io.contactsync.contracts.DndStatus.ACTIVE, "opted out", "STOP"),
				new io.contactsync.contracts.DndSetting(io.contactsync.contracts.DndChannel.INBOUND_ALL,
						io.contactsync.contracts.DndStatus.INACTIVE, null, null));
		assertThat(avro.getSources()).containsExactly(new SourceRef("highlevel", "hl-1"));
	}

	@Test
	void contactMapsCustomFieldsOfEveryType() {
		Instant when = Instant.parse("2026-04-30T08:15:00.250Z");
		Contact contact = created(normalized(command("cmd-1", 1).email("ann@example.org")
			.customField("text", new CustomValue.Text("hello"))
			.customField("number", new CustomValue.Number(new BigDecimal("100.50")))
			.customField("tiny", new CustomValue.Number(new BigDecimal("1E-7")))
			.customField("money", new CustomValue.Monetary(new BigDecimal("12.5"), "EUR"))
			.customField("moneyWithoutCurrency", new CustomValue.Monetary(new BigDecimal("1E+3"), null))
			.customField("when", new CustomValue.DateTime(when))
			.customField("yes", new CustomValue.Bool(true))
			.customField("choices", new CustomValue.ListOf(List.of("a", "b")))
			.customField("json", new CustomValue.Json("{\"a\":1}"))
			.customField("file",
					new CustomValue.FileRef("https://files.example.org/f/1", "doc-1", "cv.pdf", "application/pdf",
							2048L))
			.build())).contact();

		io.contactsync.contracts.Contact avro = ContactEvents.contact(contact);

		// Sorted by key, as the contact holds them. Numbers as plain decimal text:
		// consumers parse "0.0000001", not all of them parse "1E-7".
		assertThat(avro.getCustomFields()).containsExactly(new CustomField("choices", new ListValue(List.of("a", "b"))),
				new CustomField("file",
						new FileValue("https://files.example.org/f/1", "doc-1", "cv.pdf", "application/pdf", 2048L)),
				new CustomField("json", new JsonValue("{\"a\":1}")),
				new CustomField("money", new MonetaryValue("12.5", "EUR")),
				new CustomField("moneyWithoutCurrency", new MonetaryValue("1000", null)),
				new CustomField("number", new NumberValue("100.5")), new CustomField("text", new TextValue("hello")),
				new CustomField("tiny", new NumberValue("0.0000001")), new CustomField("when", new DateTimeValue(when)),
				new CustomField("yes", new BooleanValue(true)));
	}

	@Test
	void eventSurvivesTheOutboxEncoding() {
		// The outbox stores the single-object encoding: every mapped value
		// must fit the schema, or the event is lost after the contact was written.
		NormalizedCommand command = normalized(command("cmd-1", 1).email("ann@example.org")
			.set(ContactField.GENDER, "male")
			.customField("n", new CustomValue.Number(new BigDecimal("-0.5")))
			.build());
		Created created = created(command);
		ContactEvent event = ContactEvents.event(true, created.contact(), command, created.changes(), created.ignored(),
				RECORDED, false);

		byte[] encoded = new SingleObjectEncoder().event(event);

		assertThat(SingleObjectEncoder.decode(encoded)).isEqualTo(event);
	}

	private static UpsertCommand.Builder command(String commandId, int seconds) {
		return UpsertCommand.builder(commandId, TENANT, SourceLink.ofSystem("crm"), T0.plusSeconds(seconds));
	}

	private static NormalizedCommand normalized(UpsertCommand raw) {
		Normalized normalized = ENGINE.normalize(raw);
		assertThat(normalized).isInstanceOf(NormalizedCommand.class);
		return (NormalizedCommand) normalized;
	}

	private static Created created(NormalizedCommand command) {
		MergeOutcome outcome = ENGINE.apply(command, List.of(), T0);
		assertThat(outcome).isInstanceOf(Created.class);
		return (Created) outcome;
	}

}
