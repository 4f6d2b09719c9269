package io.contactsync.adapters;

import io.contactsync.contracts.ContactField;
import io.contactsync.contracts.ContactUpsertCommand;
import io.contactsync.contracts.Gender;
import org.junit.jupiter.api.Test;

import static io.contactsync.adapters.Bodies.context;
import static io.contactsync.adapters.Bodies.invalid;
import static io.contactsync.adapters.Bodies.json;
import static io.contactsync.adapters.Bodies.mapped;
import static org.assertj.core.api.Assertions.assertThat;

class ChatbotXAdapterTests {

	private final ChatbotXAdapter adapter = new ChatbotXAdapter();

	@Test
	void enforcesTheDocumentedRulesOfChatbotX() {
		String tooLong = "x".repeat(101);
		AdapterResult.Invalid invalid = invalid(
				this.adapter.upsert("cbx-1", json("{'firstName': '" + tooLong + "', 'lastName': '" + tooLong
						+ "', 'phoneNumber': '+1 555 123 4567', 'gender': 'other'}"), context("ws")));

		assertThat(invalid.errors()).extracting(FieldError::message)
			.containsExactly("firstName: must be at most 100 characters", "lastName: must be at most 100 characters",
					"phoneNumber: must be 10 to 20 digits with an optional leading + (pattern \\+?\\d{10,20})",
					"gender: must be one of male, female, unknown");
		assertThat(invalid.status()).isEqualTo(422);
		assertThat(invalid.message()).doesNotContain("555");
	}

	@Test
	void acceptsNamesOfExactlyOneHundredCharactersAndEveryGender() {
		ContactUpsertCommand command = mapped(this.adapter.upsert("cbx-1",
				json("{'firstName': '" + "x".repeat(100) + "', 'phoneNumber': '15551234567', 'gender': 'Female'}"),
				context("ws")));

		assertThat(command.getFirstName()).hasSize(100);
		assertThat(command.getPhone()).isEqualTo("15551234567");
		assertThat(command.getGender()).isEqualTo(Gender.FEMALE);
	}

	@Test
	void needsAnIdentifierAndAWorkspace() {
		AdapterResult.Invalid invalid = invalid(this.adapter.upsert("", json("{'email': 'a@b.org'}"), context(null)));

		assertThat(invalid.errors()).extracting(FieldError::message)
			.containsExactly("identifier: must be at least 1 character long",
					"workspaceId: is required (the API takes it from the token: pass the workspace as the tenant)");
	}

	@Test
	void clearsNullFieldsAndReadsExportedContacts() {
		ContactUpsertCommand command = mapped(this.adapter.upsert("cbx-1", json("""
				{'workspaceId': 'ws-7', 'email': null, 'fullName': 'Ann Lee', 'locale': 'en', 'city': 'Oslo',
				 'updatedAt': '2023-11-07T05:31:56Z'}"""), context(null)));

		assertThat(command.getTenantId()).isEqualTo("ws-7");
		assertThat(command.getClear()).containsExactly(ContactField.EMAIL);
		assertThat(command.getName()).isEqualTo("Ann Lee");
		assertThat(command.getLanguage()).isEqualTo("en");
		assertThat(command.getOccurredAt()).hasToString("2023-11-07T05:31:56Z");
	}

}
