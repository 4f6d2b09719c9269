package io.contactsync.adapters;

import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

import io.contactsync.contracts.ContactField;
import io.contactsync.contracts.ContactUpsertCommand;
import io.contactsync.contracts.SourceRef;
import tools.jackson.databind.JsonNode;

/**
 * ChatbotX {@code POST /v1/contacts/{identifier}/upsert} (seed 000): the path identifier
 * becomes the source link {@code (chatbotx, identifier)}; the workspace (tenant) comes
 * from the API token, here the context, or from {@code workspaceId} in exported records.
 * Enforces ChatbotX's documented rules. Field mapping: adapters/README.md.
 */
public final class ChatbotXAdapter {

	/** The {@link SourceRef#getSystem() source system} of ChatbotX commands. */
	public static final String SYSTEM = "chatbotx";

	static final int MAX_NAME_LENGTH = 100;

	private static final Pattern PHONE = Pattern.compile("\\+?\\d{10,20}");

	public AdapterResult upsert(String identifier, JsonNode body, AdapterContext context) {
		if (body == null || !body.isObject()) {
			return new AdapterResult.Invalid(List.of(FieldError.badRequest("body", "must be a JSON object")));
		}
		BodyReader.Draft draft = new BodyReader.Draft();
		BodyReader in = new BodyReader(body, "", draft);
		ContactUpsertCommand.Builder command = draft.command();
		if (identifier == null || identifier.isBlank()) {
			draft.error(FieldError.unprocessable("identifier", "must be at least 1 character long"));
		}
		String tenant = in.string("workspaceId").orElse(context.defaultTenant());
		if (tenant == null || tenant.isBlank()) {
			draft.error(FieldError.unprocessable("workspaceId",
					"is required (the API takes it from the token: pass the workspace as the tenant)"));
		}
		in.text("firstName", ContactField.FIRST_NAME, MAX_NAME_LENGTH, command::setFirstName);
		in.text("lastName", ContactField.LAST_NAME, MAX_NAME_LENGTH, command::setLastName);
		in.text("email", ContactField.EMAIL, command::setEmail);
		in.text("phoneNumber", ContactField.PHONE, (phone) -> {
			if (PHONE.matcher(phone).matches()) {
				command.setPhone(phone);
			}
			else {
				draft.error(FieldError.unprocessable("phoneNumber",
						"must be 10 to 20 digits with an optional leading + (pattern \\+?\\d{10,20})"));
			}
		});
		in.text("avatar", ContactField.AVATAR_URL, command::setAvatarUrl);
		in.gender("gender");
		// Fields of exported contacts (the API's response shape).
		in.text("fullName", ContactField.NAME, command::setName);
		in.text("country", ContactField.COUNTRY, command::setCountry);
		in.text("state", ContactField.STATE, command::setState);
		in.text("city", ContactField.CITY, command::setCity);
		in.text("timezone", ContactField.TIMEZONE, command::setTimezone);
		in.text("locale", ContactField.LANGUAGE, command::setLanguage);
		in.skip("id", "createdAt");
		Instant occurredAt = in.instant("updatedAt").orElse(context.receivedAt());
		if (draft.hasErrors()) {
			return draft.finish(null, null, null, null, List.of());
		}
		String recordId = identifier.strip();
		String commandId = context.commandIdFor(SYSTEM, recordId, tenant, occurredAt, body);
		return draft.finish(commandId, tenant, new SourceRef(SYSTEM, recordId), occurredAt, in.ignoredFields());
	}

}
