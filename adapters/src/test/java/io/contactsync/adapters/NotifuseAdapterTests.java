package io.contactsync.adapters;

import io.contactsync.contracts.ContactField;
import io.contactsync.contracts.ContactUpsertCommand;
import io.contactsync.contracts.CustomField;
import io.contactsync.contracts.JsonValue;
import io.contactsync.contracts.NumberValue;
import io.contactsync.contracts.SourceRef;
import org.junit.jupiter.api.Test;

import static io.contactsync.adapters.Bodies.context;
import static io.contactsync.adapters.Bodies.invalid;
import static io.contactsync.adapters.Bodies.json;
import static io.contactsync.adapters.Bodies.mapped;
import static org.assertj.core.api.Assertions.assertThat;

class NotifuseAdapterTests {

	private final NotifuseAdapter adapter = new NotifuseAdapter();

	@Test
	void clearsNullFieldsAndCustomKeys() {
		ContactUpsertCommand command = mapped(this.adapter.upsert(json("""
				{'workspace_id': 'ws', 'contact': {'email': 'a@b.org', 'first_name': null, 'postcode': null,
				 'custom_string_2': null, 'custom_json_1': null}}"""), context(null)));

		assertThat(command.getClear()).containsExactly(ContactField.FIRST_NAME, ContactField.POSTAL_CODE);
		assertThat(command.getCustomFields()).containsExactly(new CustomField("custom_string_2", null),
				new CustomField("custom_json_1", null));
		assertThat(command.getSource()).isEqualTo(new SourceRef("notifuse", null));
	}

	@Test
	void readsNumbersAndJsonFromCsvCellsAsText() {
		ContactUpsertCommand command = mapped(this.adapter.upsert(json("""
				{'workspace_id': 'ws', 'contact': {'email': 'a@b.org', 'custom_number_3': ' 7.50 ',
				 'custom_json_5': [1, 2]}}"""), context(null)));

		assertThat(command.getCustomFields()).containsExactly(
				new CustomField("custom_number_3", new NumberValue("7.50")),
				new CustomField("custom_json_5", new JsonValue("[1,2]")));
	}

	@Test
	void rejectsWhatNotifuseWouldRejectNamingTheField() {
		AdapterResult.Invalid invalid = invalid(this.adapter.upsert(json("""
				{'contact': {'external_id': 'u1', 'custom_string_6': 'x', 'custom_number_1': 'many',
				 'custom_datetime_2': 'soon', 'first_name': {'a': 1}}}"""), context(null)));

		assertThat(invalid.errors()).extracting(FieldError::message)
			.containsExactly("workspace_id: is required", "contact.email: is required",
					"contact.first_name: must be a string",
					"contact.custom_string_6: is not a Notifuse field: custom_string_1 to custom_string_5 exist",
					"contact.custom_number_1: must be a number",
					"contact.custom_datetime_2: must be an ISO-8601 date-time with an offset, e.g. 2023-05-15T14:30:00Z");
	}

	@Test
	void rejectsABodyWithoutContact() {
		assertThat(invalid(this.adapter.upsert(json("{'workspace_id': 'ws'}"), context(null))).message())
			.isEqualTo("contact: is required");
	}

}
