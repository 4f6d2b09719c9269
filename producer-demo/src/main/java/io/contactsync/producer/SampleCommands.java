package io.contactsync.producer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.contactsync.contracts.ContactField;
import io.contactsync.contracts.ContactUpsertCommand;
import io.contactsync.contracts.CustomField;
import io.contactsync.contracts.DndChannel;
import io.contactsync.contracts.DndSetting;
import io.contactsync.contracts.DndStatus;
import io.contactsync.contracts.Gender;
import io.contactsync.contracts.NumberValue;
import io.contactsync.contracts.SourceRef;
import io.contactsync.contracts.TextValue;

/**
 * A small hand-written story that shows every kind of command the worker handles: a new
 * person, an update by email, the same person by phone, an identity collision, a
 * duplicate delivery, a stale update and an invalid command.
 */
public final class SampleCommands {

	/** One command and what it is meant to show. */
	public record Sample(String story, ContactUpsertCommand command) {
	}

	private SampleCommands() {
	}

	public static List<Sample> story(String tenant, Instant start) {
		ContactUpsertCommand created = base(tenant, "sample-1", "highlevel", "hl-1001", start)
			.setEmail("Rosan@Deos.com")
			.setPhone("+1 888-888-8888")
			.setFirstName("Rosan")
			.setLastName("Deo")
			.setGender(Gender.MALE)
			.setCity("Dolomite")
			.setState("AL")
			.setCountry("US")
			.setTags(List.of("lead"))
			.setCustomFields(List.of(new CustomField("plan", new TextValue("trial"))))
			.build();
		ContactUpsertCommand updateByEmail = base(tenant, "sample-2", "notifuse", "user_12345", start.plusSeconds(60))
			.setEmail("rosan@deos.com")
			.setJobTitle("Software Engineer")
			.setLanguage("en-US")
			.setCustomFields(List.of(new CustomField("custom_number_1", new NumberValue("42"))))
			.build();
		ContactUpsertCommand sameByPhone = base(tenant, "sample-3", "chatbotx", "cbx-77", start.plusSeconds(120))
			.setPhone("(888) 888-8888")
			.setAvatarUrl("https://example.com/avatars/rosan.png")
			.setDndSettings(List.of(new DndSetting(DndChannel.SMS, DndStatus.ACTIVE, "asked to stop", null)))
			.build();
		ContactUpsertCommand otherPerson = base(tenant, "sample-4", "highlevel", "hl-1002", start.plusSeconds(180))
			.setEmail("rubika@deos.com")
			.setPhone("+1 883-232-7657")
			.setFirstName("Rubika")
			.build();
		ContactUpsertCommand collision = base(tenant, "sample-5", "csv-import", null, start.plusSeconds(240))
			.setEmail("rosan@deos.com")
			.setPhone("+1 883-232-7657")
			.setCompanyName("DGS VolMAX")
			.build();
		ContactUpsertCommand stale = base(tenant, "sample-7", "highlevel", "hl-1001", start.minus(Duration.ofDays(1)))
			.setEmail("rosan@deos.com")
			.setFirstName("Old Name")
			.setClear(List.of(ContactField.CITY))
			.build();
		ContactUpsertCommand invalid = base(tenant, "sample-8", "csv-import", null, start.plusSeconds(300))
			.setEmail("not-an-email")
			.build();
		return List.of(new Sample("new person (email + phone)", created),
				new Sample("update of the same person by email", updateByEmail),
				new Sample("same person again, by phone only, other notation", sameByPhone),
				new Sample("another person", otherPerson),
				new Sample("collision: email of the first person, phone of the second", collision),
				new Sample("duplicate delivery of the collision command", collision),
				new Sample("stale update (one day older than what is stored)", stale),
				new Sample("invalid command (bad email address)", invalid));
	}

	private static ContactUpsertCommand.Builder base(String tenant, String commandId, String system, String recordId,
			Instant occurredAt) {
		return ContactUpsertCommand.newBuilder()
			.setCommandId(commandId)
			.setTenantId(tenant)
			.setSource(new SourceRef(system, recordId))
			.setOccurredAt(occurredAt);
	}

}
