package io.contactsync.adapters;

import java.time.Instant;
import java.util.List;

import io.contactsync.contracts.BooleanValue;
import io.contactsync.contracts.ContactField;
import io.contactsync.contracts.ContactUpsertCommand;
import io.contactsync.contracts.CustomField;
import io.contactsync.contracts.DndChannel;
import io.contactsync.contracts.DndSetting;
import io.contactsync.contracts.DndStatus;
import io.contactsync.contracts.FileValue;
import io.contactsync.contracts.ListValue;
import io.contactsync.contracts.MonetaryValue;
import io.contactsync.contracts.NumberValue;
import io.contactsync.contracts.TextValue;
import org.junit.jupiter.api.Test;

import static io.contactsync.adapters.Bodies.context;
import static io.contactsync.adapters.Bodies.invalid;
import static io.contactsync.adapters.Bodies.json;
import static io.contactsync.adapters.Bodies.mapped;
import static org.assertj.core.api.Assertions.assertThat;

class HighLevelAdapterTests {

	private final HighLevelAdapter adapter = new HighLevelAdapter();

	@Test
	void mapsEveryCustomFieldKindOfSeed004() {
		ContactUpsertCommand command = mapped(this.adapter.upsert(json("""
				{'locationId': 'loc-1', 'email': 'a@b.org', 'customFields': [
				  {'id': 'id-text', 'key': 'text', 'field_value': 'My Text'},
				  {'id': 'id-select', 'key': 'select', 'field_value': 'My Selected Option'},
				  {'id': 'id-numeric', 'key': 'numeric', 'field_value': 100},
				  {'id': 'id-price', 'key': 'price', 'field_value': 100.50},
				  {'id': 'id-money', 'key': 'money', 'field_value': {'amount': 12.5, 'currency': 'usd'}},
				  {'id': 'id-checkbox', 'key': 'checkbox', 'field_value': ['test', 'test2']},
				  {'id': 'id-flag', 'key': 'flag', 'field_value': true},
				  {'id': 'id-file', 'key': 'file', 'field_value': {'f311': {
				      'meta': {'originalname': 'a.jpg', 'mimetype': 'image/jpeg', 'size': 17},
				      'url': 'https://x/documents/download/d1', 'documentId': 'd1'}}},
				  {'id': 'id-only', 'field_value': 'by id'},
				  {'id': 'id-gone', 'key': 'gone', 'field_value': null}
				]}"""), context(null)));

		assertThat(command.getCustomFields()).containsExactly(new CustomField("text", new TextValue("My Text")),
				new CustomField("select", new TextValue("My Selected Option")),
				new CustomField("numeric", new NumberValue("100")), new CustomField("price", new NumberValue("100.50")),
				new CustomField("money", new MonetaryValue("12.5", "usd")),
				new CustomField("checkbox", new ListValue(List.of("test", "test2"))),
				new CustomField("flag", new BooleanValue(true)),
				new CustomField("file",
						new FileValue("https://x/documents/download/d1", "d1", "a.jpg", "image/jpeg", 17L)),
				new CustomField("id-only", new TextValue("by id")), new CustomField("gone", null));
	}

	@Test
	void clearsNullFieldsAndLeavesAbsentOnes() {
		ContactUpsertCommand command = mapped(this.adapter.upsert(json("""
				{'locationId': 'loc-1', 'email': 'a@b.org', 'firstName': null, 'companyName': null, 'dnd': null,
				 'gender': null, 'dateOfBirth': null}"""), context(null)));

		assertThat(command.getClear()).containsExactly(ContactField.FIRST_NAME, ContactField.GENDER,
				ContactField.COMPANY_NAME, ContactField.DATE_OF_BIRTH, ContactField.DND);
		assertThat(command.getFirstName()).isNull();
		assertThat(command.getLastName()).isNull();
		assertThat(command.getTags()).isNull();
		assertThat(command.getCustomFields()).isEmpty();
		assertThat(command.getDndSettings()).isEmpty();
		assertThat(command.getClearDndChannels()).isEmpty();
	}

	@Test
	void clearsDndChannelsSentAsNull() {
		ContactUpsertCommand command = mapped(this.adapter.upsert(json("""
				{'locationId': 'loc-1', 'email': 'a@b.org',
				 'dndSettings': {'SMS': null, 'WhatsApp': {'status': 'permanent', 'code': 'stop'}},
				 'inboundDndSettings': {'all': null}}"""), context(null)));

		assertThat(command.getDndSettings())
			.containsExactly(new DndSetting(DndChannel.WHATSAPP, DndStatus.PERMANENT, null, "stop"));
		assertThat(command.getClearDndChannels()).containsExactly(DndChannel.SMS, DndChannel.INBOUND_ALL);
	}

	@Test
	void replacesTagsWithNoneWhenTagsAreNull() {
		ContactUpsertCommand command = mapped(
				this.adapter.upsert(json("{'locationId': 'loc-1', 'email': 'a@b.org', 'tags': null}"), context(null)));

		assertThat(command.getTags()).isEmpty();
	}

	@Test
	void readsCommaSeparatedTagsOfCsvExports() {
		ContactUpsertCommand command = mapped(this.adapter
			.upsert(json("{'locationId': 'loc-1', 'email': 'a@b.org', 'tags': 'vip, lead,,'}"), context(null)));

		assertThat(command.getTags()).containsExactly("vip", "lead");
	}

	@Test
	void takesTheTenantFromTheContextWhenTheBodyHasNoLocation() {
		ContactUpsertCommand command = mapped(this.adapter.upsert(json("{'email': 'a@b.org'}"), context("loc-9")));

		assertThat(command.getTenantId()).isEqualTo("loc-9");
	}

	@Test
	void carriesCreateNewIfDuplicateAllowed() {
		ContactUpsertCommand command = mapped(this.adapter.upsert(
				json("{'locationId': 'l', 'email': 'a@b.org', 'createNewIfDuplicateAllowed': true}"), context(null)));

		assertThat(command.getCreateNewIfDuplicateAllowed()).isTrue();
	}

	@Test
	void stampsExportsWithTheirDateUpdatedAndTrimsInstantDatesOfBirth() {
		AdapterResult result = this.adapter.upsert(
				json("""
						{'locationId': 'l', 'email': 'a@b.org', 'dateUpdated': '2021-07-02T05:18:26.704Z',
						 'dateOfBirth': '1990-09-25T00:00:00.000Z', 'type': 'read', 'dateAdded': '2021-07-02T05:18:26.704Z'}"""),
				context(null));

		ContactUpsertCommand command = mapped(result);
		assertThat(command.getOccurredAt()).isEqualTo(Instant.parse("2021-07-02T05:18:26.704Z"));
		assertThat(command.getDateOfBirth()).isEqualTo("1990-09-25");
		assertThat(((AdapterResult.Mapped) result).ignoredFields()).containsExactly("type", "dateAdded");
	}

	@Test
	void rejectsAnUpsertWithoutALocation() {
		AdapterResult.Invalid invalid = invalid(this.adapter.upsert(json("{'email': 'a@b.org'}"), context(null)));

		assertThat(invalid.message()).isEqualTo("locationId: is required");
		assertThat(invalid.status()).isEqualTo(422);
	}

	@Test
	void rejectsBadShapesNamingEachFieldWithoutEchoingValues() {
		AdapterResult.Invalid invalid = invalid(this.adapter.upsert(json("""
				{'locationId': 'l', 'email': ['secret@x.org'], 'gender': 'robot', 'dnd': 'maybe',
				 'dndSettings': {'Pager': {'status': 'active'}, 'SMS': {'status': 'on'}, 'FB': {}},
				 'tags': [{'a': 1}],
				 'customFields': [{'key': 'k'}, {'field_value': 'x'}, {'key': 'f', 'field_value': {'u': {'meta': {}}}}],
				 'dateUpdated': 'yesterday'}"""), context(null)));

		assertThat(invalid.errors()).extracting(FieldError::message)
			.containsExactly("email: must be a string", "gender: must be one of male, female, unknown",
					"dnd: must be true or false",
					"dndSettings.Pager: is not a channel: use Call, Email, SMS, WhatsApp, GMB or FB",
					"dndSettings.SMS.status: must be one of active, inactive, permanent",
					"dndSettings.FB.status: is required", "tags[0]: must be a string",
					"customFields[0].field_value: is required (null clears the field)",
					"customFields[1].id: is required (or a key)", "customFields[2].field_value.u.url: is required",
					"dateUpdated: must be an ISO-8601 date-time with an offset, e.g. 2023-05-15T14:30:00Z");
		assertThat(invalid.status()).isEqualTo(400);
		assertThat(invalid.message()).doesNotContain("secret", "robot", "maybe", "yesterday");
	}

	@Test
	void rejectsNullCustomFieldsBecauseTheyCannotSayWhichKeysToClear() {
		AdapterResult.Invalid invalid = invalid(this.adapter
			.upsert(json("{'locationId': 'l', 'email': 'a@b.org', 'customFields': null}"), context(null)));

		assertThat(invalid.message())
			.isEqualTo("customFields: must be a list (to clear a field, send it with field_value null)");
	}

	@Test
	void rejectsABodyThatIsNotAnObject() {
		AdapterResult.Invalid invalid = invalid(this.adapter.upsert(json("['a']"), context("l")));

		assertThat(invalid.message()).isEqualTo("body: must be a JSON object");
		assertThat(invalid.status()).isEqualTo(400);
	}

	@Test
	void linksAnUpdateToTheContactIdAndNeedsATenant() {
		AdapterResult.Invalid invalid = invalid(
				this.adapter.updateById("hl-1", json("{'firstName': 'Ann'}"), context(null)));
		AdapterResult.Invalid noId = invalid(this.adapter.updateById(" ", json("{'firstName': 'Ann'}"), context("l")));

		assertThat(invalid.message())
			.isEqualTo("locationId: is required (the update body has none: pass the location as the tenant)");
		assertThat(noId.message()).isEqualTo("contactId: is required");
	}

	@Test
	void ignoresCreateNewIfDuplicateAllowedInAnUpdate() {
		AdapterResult result = this.adapter.updateById("hl-1",
				json("{'firstName': 'Ann', 'createNewIfDuplicateAllowed': true}"), context("l"));

		assertThat(mapped(result).getCreateNewIfDuplicateAllowed()).isFalse();
		assertThat(((AdapterResult.Mapped) result).ignoredFields()).containsExactly("createNewIfDuplicateAllowed");
	}

}
