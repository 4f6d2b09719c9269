package io.contactsync.adapters;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.contactsync.contracts.ContactUpsertCommand;
import io.contactsync.contracts.SourceRef;
import org.junit.jupiter.api.Test;

import static io.contactsync.adapters.Bodies.invalid;
import static io.contactsync.adapters.Bodies.json;
import static io.contactsync.adapters.Bodies.mapped;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class VendorTests {

	private static final AdapterContext IMPORT = AdapterContext.contentAddressed("t-1",
			Instant.parse("2025-01-01T00:00:00Z"));

	@Test
	void detectsEachShapeFromFieldNames() {
		assertThat(Vendor.detect(Set.of("workspace_id", "contact"))).contains(Vendor.NOTIFUSE);
		assertThat(Vendor.detect(List.of("email", "first_name", "custom_string_1"))).contains(Vendor.NOTIFUSE);
		assertThat(Vendor.detect(Set.of("identifier", "firstName"))).contains(Vendor.CHATBOTX);
		assertThat(Vendor.detect(Set.of("contactId", "firstName", "phone"))).contains(Vendor.HIGHLEVEL_UPDATE);
		assertThat(Vendor.detect(Set.of("locationId", "email"))).contains(Vendor.HIGHLEVEL);
		assertThat(Vendor.detect(Set.of("email", "firstName"))).isEmpty();
	}

	@Test
	void takesThePathParameterFromTheRecord() {
		ContactUpsertCommand update = mapped(
				Vendor.HIGHLEVEL_UPDATE.adapt(json("{'contactId': 'hl-9', 'firstName': 'Ann'}"), IMPORT));
		ContactUpsertCommand chat = mapped(Vendor.CHATBOTX.adapt(json("{'id': 'cbx-9', 'firstName': 'Ann'}"), IMPORT));

		assertThat(update.getSource()).isEqualTo(new SourceRef("highlevel", "hl-9"));
		assertThat(chat.getSource()).isEqualTo(new SourceRef("chatbotx", "cbx-9"));
		assertThat(invalid(Vendor.CHATBOTX.adapt(json("{'firstName': 'Ann'}"), IMPORT)).message())
			.isEqualTo("identifier: is required");
	}

	@Test
	void derivesTheSameCommandIdFromTheSameContentWhateverTheKeyOrder() {
		ContactUpsertCommand first = mapped(Vendor.HIGHLEVEL.adapt(json("{'email': 'a@b.org', 'city': 'X'}"), IMPORT));
		ContactUpsertCommand again = mapped(Vendor.HIGHLEVEL.adapt(json("{'city': 'X', 'email': 'a@b.org'}"), IMPORT));
		ContactUpsertCommand changed = mapped(
				Vendor.HIGHLEVEL.adapt(json("{'city': 'Y', 'email': 'a@b.org'}"), IMPORT));
		ContactUpsertCommand otherTime = mapped(Vendor.HIGHLEVEL.adapt(json("{'email': 'a@b.org', 'city': 'X'}"),
				AdapterContext.contentAddressed("t-1", Instant.parse("2025-01-02T00:00:00Z"))));

		assertThat(again.getCommandId()).isEqualTo(first.getCommandId());
		assertThat(changed.getCommandId()).isNotEqualTo(first.getCommandId());
		assertThat(otherTime.getCommandId()).isNotEqualTo(first.getCommandId());
	}

	@Test
	void buildsRecordsFromCsvCells() {
		Map<String, String> cells = new LinkedHashMap<>();
		cells.put("workspace_id", "ws");
		cells.put("email", "a@b.org");
		cells.put("first_name", "");
		cells.put("custom_json_1", "{\"a\": 1}");

		assertThat(Vendor.NOTIFUSE.recordOf(cells))
			.hasToString("{\"contact\":{\"email\":\"a@b.org\",\"custom_json_1\":{\"a\":1}},\"workspace_id\":\"ws\"}");
	}

	@Test
	void namesTheColumnOfAMalformedJsonCell() {
		assertThatIllegalArgumentException().isThrownBy(() -> Vendor.HIGHLEVEL.recordOf(Map.of("customFields", "[{")))
			.withMessage("column customFields: is not well-formed JSON (cells starting with { or [ are JSON)");
	}

	@Test
	void findsVendorsByTheirCommandLineLabel() {
		assertThat(Vendor.ofLabel("highlevel-update")).contains(Vendor.HIGHLEVEL_UPDATE);
		assertThat(Vendor.ofLabel("hubspot")).isEmpty();
	}

}
