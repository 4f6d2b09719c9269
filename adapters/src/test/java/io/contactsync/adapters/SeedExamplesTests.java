package io.contactsync.adapters;

import java.time.Instant;
import java.util.List;

import io.contactsync.contracts.ContactUpsertCommand;
import io.contactsync.contracts.CustomField;
import io.contactsync.contracts.DateTimeValue;
import io.contactsync.contracts.DndChannel;
import io.contactsync.contracts.DndSetting;
import io.contactsync.contracts.DndStatus;
import io.contactsync.contracts.FileValue;
import io.contactsync.contracts.Gender;
import io.contactsync.contracts.JsonValue;
import io.contactsync.contracts.NumberValue;
import io.contactsync.contracts.SourceRef;
import io.contactsync.contracts.TextValue;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import static io.contactsync.adapters.Bodies.context;
import static io.contactsync.adapters.Bodies.invalid;
import static io.contactsync.adapters.Bodies.mapped;
import static io.contactsync.adapters.Bodies.seed;
import static org.assertj.core.api.Assertions.assertThat;

/** Every documented example body of the vendor pages (shared/seeds) maps. */
class SeedExamplesTests {

	@Test
	void mapsTheHighLevelUpsertExampleOfSeed004() {
		ContactUpsertCommand command = mapped(
				new HighLevelAdapter().upsert(seed("highlevel/004-upsert-example.json"), context("loc-1")));

		assertThat(command.getTenantId()).isEqualTo("loc-1");
		assertThat(command.getSource()).isEqualTo(new SourceRef("highlevel", null));
		assertThat(command.getCommandId()).isEqualTo("cmd-1");
		assertThat(command.getOccurredAt()).isEqualTo(Bodies.NOW);
		assertThat(command.getFirstName()).isEqualTo("rosan");
		assertThat(command.getLastName()).isEqualTo("Deo");
		assertThat(command.getName()).isEqualTo("rosan Deo");
		// As published: the page's email is obfuscated (with a no-break space). The
		// adapter maps shapes; the worker decides it is not an address.
		assertThat(command.getEmail()).isEqualTo("[email\u00a0protected]");
		assertThat(command.getPhone()).isEqualTo("+1 888-888-8888");
		assertThat(command.getAddressLine1()).isEqualTo("3535 1st St N");
		assertThat(command.getCity()).isEqualTo("Dolomite");
		assertThat(command.getState()).isEqualTo("AL");
		assertThat(command.getPostalCode()).isEqualTo("35061");
		assertThat(command.getWebsite()).isEqualTo("https://www.tesla.com");
		assertThat(command.getTimezone()).isEqualTo("America/Chihuahua");
		assertThat(command.getDnd()).isTrue();
		assertThat(command.getDndSettings()).extracting(DndSetting::getChannel)
			.containsExactly(DndChannel.CALL, DndChannel.EMAIL, DndChannel.SMS, DndChannel.WHATSAPP, DndChannel.GMB,
					DndChannel.FB, DndChannel.INBOUND_ALL);
		assertThat(command.getDndSettings().get(0))
			.isEqualTo(new DndSetting(DndChannel.CALL, DndStatus.ACTIVE, "string", "string"));
		assertThat(command.getDndSettings().get(6))
			.isEqualTo(new DndSetting(DndChannel.INBOUND_ALL, DndStatus.ACTIVE, "string", null));
		assertThat(command.getTags()).containsExactly("nisi sint commodo amet", "consequat");
		assertThat(command.getLeadSource()).isEqualTo("public api");
		assertThat(command.getDateOfBirth()).isEqualTo("1990-09-25");
		assertThat(command.getCountry()).isEqualTo("US");
		assertThat(command.getAssignedTo()).isEqualTo("y0BeYjuRIlDwsDcOHOJo");
		assertThat(command.getClear()).isEmpty();
		// The example sends nine values for one key; the last (the file) wins, as when a
		// JSON object repeats a key. HighLevelAdapterTests maps each kind on its own key.
		assertThat(command.getCustomFields()).containsExactly(new CustomField("my_custom_field",
				new FileValue("https://services.leadconnectorhq.com/documents/download/w2M9qTZ0ZJz8rGt02jdJ",
						"w2M9qTZ0ZJz8rGt02jdJ", "IMG_20231215_164412935.jpg", "image/jpeg", 1786611L)));
	}

	@Test
	void mapsEveryDocumentedFieldExampleOfSeed002() {
		AdapterResult result = new HighLevelAdapter().upsert(seed("highlevel/002-upsert-documented-examples.json"),
				context(null));

		ContactUpsertCommand command = mapped(result);
		assertThat(command.getTenantId()).isEqualTo("ve9EPM428h8vShlRW1KT");
		assertThat(command.getEmail()).isEqualTo("rosan@deos.com");
		assertThat(command.getGender()).isEqualTo(Gender.MALE);
		assertThat(command.getCompanyName()).isEqualTo("DGS VolMAX");
		assertThat(command.getCustomFields())
			.containsExactly(new CustomField("my_custom_field", new TextValue("My Text")));
		assertThat(command.getCreateNewIfDuplicateAllowed()).isFalse();
		assertThat(((AdapterResult.Mapped) result).ignoredFields()).isEmpty();
	}

	@Test
	void mapsEveryDocumentedFieldExampleOfSeed003WithTheContactIdAsSourceLink() {
		ContactUpsertCommand command = mapped(new HighLevelAdapter().updateById("ocQHyuzHvysMo5N5VsXc",
				seed("highlevel/003-update-documented-examples.json"), context("ve9EPM428h8vShlRW1KT")));

		assertThat(command.getSource()).isEqualTo(new SourceRef("highlevel", "ocQHyuzHvysMo5N5VsXc"));
		assertThat(command.getTenantId()).isEqualTo("ve9EPM428h8vShlRW1KT");
		assertThat(command.getFirstName()).isEqualTo("rosan");
		assertThat(command.getPhone()).isEqualTo("+1 888-888-8888");
		assertThat(command.getTags()).containsExactly("nisi sint commodo amet", "consequat");
	}

	@Test
	void mapsTheNotifuseExampleOfSeed001() {
		AdapterResult result = new NotifuseAdapter().upsert(seed("notifuse/001-contacts-upsert-example.json"),
				context(null));

		ContactUpsertCommand command = mapped(result);
		assertThat(command.getTenantId()).isEqualTo("ws_1234567890");
		assertThat(command.getSource()).isEqualTo(new SourceRef("notifuse", "user_12345"));
		assertThat(command.getOccurredAt()).isEqualTo(Instant.parse("2023-04-22T15:45:00Z"));
		assertThat(command.getEmail()).isEqualTo("user@example.com");
		assertThat(command.getFirstName()).isEqualTo("John");
		assertThat(command.getLastName()).isEqualTo("Doe");
		assertThat(command.getPhone()).isEqualTo("+15551234567");
		assertThat(command.getTimezone()).isEqualTo("America/New_York");
		assertThat(command.getLanguage()).isEqualTo("en-US");
		assertThat(command.getAddressLine1()).isEqualTo("123 Main St");
		assertThat(command.getAddressLine2()).isEqualTo("Apt 4B");
		assertThat(command.getCountry()).isEqualTo("US");
		assertThat(command.getPostalCode()).isEqualTo("10001");
		assertThat(command.getState()).isEqualTo("NY");
		assertThat(command.getJobTitle()).isEqualTo("Software Engineer");
		List<CustomField> fields = command.getCustomFields();
		assertThat(fields).hasSize(23);
		assertThat(fields).contains(new CustomField("lifetime_value", new NumberValue("1250.5")),
				new CustomField("orders_count", new NumberValue("5")),
				new CustomField("last_order_at", new DateTimeValue(Instant.parse("2023-05-15T14:30:00Z"))),
				new CustomField("custom_string_1", new TextValue("Premium tier")),
				new CustomField("custom_number_1", new NumberValue("42")),
				new CustomField("custom_datetime_1", new DateTimeValue(Instant.parse("2023-06-01T09:00:00Z"))),
				new CustomField("custom_json_1",
						new JsonValue("{\"preferences\":{\"theme\":\"dark\",\"notifications\":true}}")),
				new CustomField("custom_json_2", new JsonValue("{}")));
		assertThat(((AdapterResult.Mapped) result).ignoredFields()).isEmpty();
	}

	@Test
	void rejectsThePlaceholderPhoneOfTheChatbotXExampleOfSeed000() {
		AdapterResult result = new ChatbotXAdapter().upsert("cbx-1", seed("chatbotx/000-upsert-example.json"),
				context("ws-1"));

		assertThat(invalid(result).message())
			.isEqualTo("phoneNumber: must be 10 to 20 digits with an optional leading + (pattern \\+?\\d{10,20})");
		assertThat(invalid(result).status()).isEqualTo(422);
	}

	@Test
	void mapsTheChatbotXExampleOfSeed000WithItsPlaceholdersFilledIn() {
		ObjectNode body = (ObjectNode) seed("chatbotx/000-upsert-example.json");
		body.put("phoneNumber", "+15551234567");

		ContactUpsertCommand command = mapped(new ChatbotXAdapter().upsert("cbx-1", body, context("ws-1")));

		assertThat(command.getSource()).isEqualTo(new SourceRef("chatbotx", "cbx-1"));
		assertThat(command.getTenantId()).isEqualTo("ws-1");
		assertThat(command.getFirstName()).isEqualTo("<string>");
		assertThat(command.getLastName()).isEqualTo("<string>");
		assertThat(command.getEmail()).isEqualTo("<unknown>");
		assertThat(command.getPhone()).isEqualTo("+15551234567");
		assertThat(command.getAvatarUrl()).isEqualTo("<string>");
	}

}
