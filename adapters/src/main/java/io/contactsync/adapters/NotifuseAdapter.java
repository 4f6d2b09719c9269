package io.contactsync.adapters;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.contactsync.contracts.ContactField;
import io.contactsync.contracts.ContactUpsertCommand;
import io.contactsync.contracts.JsonValue;
import io.contactsync.contracts.SourceRef;
import io.contactsync.contracts.TextValue;
import tools.jackson.databind.JsonNode;

/**
 * Notifuse {@code POST /api/contacts.upsert} bodies (seed 001): {@code {"workspace_id":
 * ..., "contact": {...}}}. Field mapping: adapters/README.md.
 */
public final class NotifuseAdapter {

	/** The {@link SourceRef#getSystem() source system} of Notifuse commands. */
	public static final String SYSTEM = "notifuse";

	private static final Pattern CUSTOM = Pattern.compile("custom_(string|number|datetime|json)_(\\d+)");

	private static final int CUSTOM_SLOTS = 5;

	public AdapterResult upsert(JsonNode body, AdapterContext context) {
		if (body == null || !body.isObject()) {
			return new AdapterResult.Invalid(List.of(FieldError.badRequest("body", "must be a JSON object")));
		}
		BodyReader.Draft draft = new BodyReader.Draft();
		BodyReader top = new BodyReader(body, "", draft);
		String tenant = top.string("workspace_id").orElse(context.defaultTenant());
		if (tenant == null || tenant.isBlank()) {
			draft.error(FieldError.unprocessable("workspace_id", "is required"));
		}
		JsonNode contact = top.field("contact");
		if (contact == null || contact.isNull()) {
			draft.error(FieldError.unprocessable("contact", "is required"));
			return draft.finish(null, null, null, null, List.of());
		}
		if (!contact.isObject()) {
			draft.error(FieldError.badRequest("contact", "must be an object"));
			return draft.finish(null, null, null, null, List.of());
		}
		BodyReader in = new BodyReader(contact, "contact.", draft);
		ContactUpsertCommand.Builder command = draft.command();
		// Notifuse identifies a contact by its email: an upsert without one is not valid.
		JsonNode email = contact.get("email");
		if (email == null || email.isNull() || (email.isString() && email.stringValue().isBlank())) {
			draft.error(FieldError.unprocessable("contact.email", "is required"));
		}
		in.text("email", ContactField.EMAIL, command::setEmail);
		String externalId = in.string("external_id").orElse(null);
		in.text("first_name", ContactField.FIRST_NAME, command::setFirstName);
		in.text("last_name", ContactField.LAST_NAME, command::setLastName);
		in.text("phone", ContactField.PHONE, command::setPhone);
		in.text("timezone", ContactField.TIMEZONE, command::setTimezone);
		in.text("language", ContactField.LANGUAGE, command::setLanguage);
		in.text("address_line_1", ContactField.ADDRESS_LINE1, command::setAddressLine1);
		in.text("address_line_2", ContactField.ADDRESS_LINE2, command::setAddressLine2);
		in.text("country", ContactField.COUNTRY, command::setCountry);
		in.text("postcode", ContactField.POSTAL_CODE, command::setPostalCode);
		in.text("state", ContactField.STATE, command::setState);
		in.text("job_title", ContactField.JOB_TITLE, command::setJobTitle);
		// Notifuse's commerce columns have no contact attribute: they travel as
		// custom fields under their own names.
		in.numberField("lifetime_value");
		in.numberField("orders_count");
		in.dateTimeField("last_order_at");
		for (String name : new ArrayList<>(contact.propertyNames())) {
			Matcher custom = CUSTOM.matcher(name);
			if (custom.matches()) {
				customField(in, name, custom.group(1), Integer.parseInt(custom.group(2)));
			}
		}
		in.skip("created_at");
		Instant occurredAt = in.instant("updated_at").orElse(context.receivedAt());
		if (draft.hasErrors()) {
			return draft.finish(null, null, null, null, List.of());
		}
		String commandId = context.commandIdFor(SYSTEM, null, tenant, occurredAt, body);
		List<String> ignored = new ArrayList<>(top.ignoredFields());
		ignored.addAll(in.ignoredFields());
		return draft.finish(commandId, tenant, new SourceRef(SYSTEM, externalId), occurredAt, ignored);
	}

	private void customField(BodyReader in, String name, String kind, int slot) {
		if (slot < 1 || slot > CUSTOM_SLOTS) {
			in.field(name);
			in.draft()
				.error(FieldError.unprocessable(in.path(name), "is not a Notifuse field: custom_" + kind
						+ "_1 to custom_" + kind + "_" + CUSTOM_SLOTS + " exist"));
			return;
		}
		switch (kind) {
			case "number" -> in.numberField(name);
			case "datetime" -> in.dateTimeField(name);
			case "json" -> {
				JsonNode node = in.field(name);
				if (node.isNull()) {
					in.draft().customField(name, null);
				}
				else {
					in.draft().customField(name, new JsonValue(node.toString()));
				}
			}
			default -> {
				JsonNode node = in.field(name);
				if (node.isNull()) {
					in.draft().customField(name, null);
					return;
				}
				String text = BodyReader.scalarText(node);
				if (text == null) {
					in.draft().error(FieldError.badRequest(in.path(name), "must be a string"));
					return;
				}
				in.draft().customField(name, new TextValue(text));
			}
		}
	}

}
