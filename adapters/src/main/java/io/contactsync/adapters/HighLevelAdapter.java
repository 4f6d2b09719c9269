package io.contactsync.adapters;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.contactsync.contracts.BooleanValue;
import io.contactsync.contracts.ContactField;
import io.contactsync.contracts.ContactUpsertCommand;
import io.contactsync.contracts.DndChannel;
import io.contactsync.contracts.DndSetting;
import io.contactsync.contracts.DndStatus;
import io.contactsync.contracts.FileValue;
import io.contactsync.contracts.ListValue;
import io.contactsync.contracts.MonetaryValue;
import io.contactsync.contracts.NumberValue;
import io.contactsync.contracts.SourceRef;
import io.contactsync.contracts.TextValue;
import tools.jackson.databind.JsonNode;

/**
 * HighLevel (LeadConnector) contact bodies: {@code POST /contacts/upsert} (seeds 002,
 * 004) and {@code PUT /contacts/{contactId}} (seed 003). Field mapping:
 * adapters/README.md.
 */
public final class HighLevelAdapter {

	/** The {@link SourceRef#getSystem() source system} of HighLevel commands. */
	public static final String SYSTEM = "highlevel";

	private static final Map<String, DndChannel> CHANNELS = Map.of("Call", DndChannel.CALL, "Email", DndChannel.EMAIL,
			"SMS", DndChannel.SMS, "WhatsApp", DndChannel.WHATSAPP, "GMB", DndChannel.GMB, "FB", DndChannel.FB);

	private static final List<String> CHANNEL_ORDER = List.of("Call", "Email", "SMS", "WhatsApp", "GMB", "FB");

	/**
	 * An upsert body: {@code locationId} is the tenant (the context's tenant when
	 * absent); the command carries no source record id, so the worker matches by email or
	 * phone.
	 */
	public AdapterResult upsert(JsonNode body, AdapterContext context) {
		return map(null, body, context, true);
	}

	/**
	 * An update-by-id body: the contact id becomes the source link
	 * {@code (highlevel, contactId)}. The body has no {@code locationId}; the tenant
	 * comes from the context unless the body names one.
	 */
	public AdapterResult updateById(String contactId, JsonNode body, AdapterContext context) {
		return map((contactId != null) ? contactId : "", body, context, false);
	}

	private AdapterResult map(String contactId, JsonNode body, AdapterContext context, boolean upsert) {
		if (body == null || !body.isObject()) {
			return new AdapterResult.Invalid(List.of(FieldError.badRequest("body", "must be a JSON object")));
		}
		BodyReader.Draft draft = new BodyReader.Draft();
		BodyReader in = new BodyReader(body, "", draft);
		ContactUpsertCommand.Builder command = draft.command();
		if (contactId != null && contactId.isBlank()) {
			draft.error(FieldError.unprocessable("contactId", "is required"));
		}
		String tenant = in.string("locationId").orElse(context.defaultTenant());
		if (tenant == null || tenant.isBlank()) {
			draft.error(FieldError.unprocessable("locationId", upsert ? "is required"
					: "is required (the update body has none: pass the location as the tenant)"));
		}
		in.text("firstName", ContactField.FIRST_NAME, command::setFirstName);
		in.text("lastName", ContactField.LAST_NAME, command::setLastName);
		in.text("name", ContactField.NAME, command::setName);
		in.text("email", ContactField.EMAIL, command::setEmail);
		in.text("phone", ContactField.PHONE, command::setPhone);
		in.gender("gender");
		in.text("address1", ContactField.ADDRESS_LINE1, command::setAddressLine1);
		in.text("city", ContactField.CITY, command::setCity);
		in.text("state", ContactField.STATE, command::setState);
		in.text("postalCode", ContactField.POSTAL_CODE, command::setPostalCode);
		in.text("country", ContactField.COUNTRY, command::setCountry);
		in.text("website", ContactField.WEBSITE, command::setWebsite);
		in.text("timezone", ContactField.TIMEZONE, command::setTimezone);
		in.text("companyName", ContactField.COMPANY_NAME, command::setCompanyName);
		in.text("assignedTo", ContactField.ASSIGNED_TO, command::setAssignedTo);
		in.text("source", ContactField.LEAD_SOURCE, command::setLeadSource);
		in.text("dateOfBirth", ContactField.DATE_OF_BIRTH, (date) -> command.setDateOfBirth(dateOnly(date)));
		in.bool("dnd", ContactField.DND, command::setDnd);
		dndSettings(in);
		inboundDndSettings(in);
		tags(in);
		customFields(in);
		if (upsert) {
			in.bool("createNewIfDuplicateAllowed", null, command::setCreateNewIfDuplicateAllowed);
		}
		// Exports carry the record's last change; a live request is stamped on arrival.
		Instant occurredAt = in.instant("dateUpdated").orElse(context.receivedAt());
		if (draft.hasErrors()) {
			return draft.finish(null, null, null, null, List.of());
		}
		String commandId = context.commandIdFor(upsert ? SYSTEM : SYSTEM + "-update", contactId, tenant, occurredAt,
				body);
		return draft.finish(commandId, tenant, new SourceRef(SYSTEM, contactId), occurredAt, in.ignoredFields());
	}

	/** Exports write dates of birth as midnight instants; the worker expects a date. */
	private static String dateOnly(String date) {
		String trimmed = date.strip();
		if (trimmed.length() > 10 && trimmed.charAt(10) == 'T' && trimmed.matches("\\d{4}-\\d{2}-\\d{2}T.*")) {
			return trimmed.substring(0, 10);
		}
		return date;
	}

	private void dndSettings(BodyReader in) {
		JsonNode settings = in.field("dndSettings");
		if (settings == null) {
			return;
		}
		if (settings.isNull()) {
			CHANNEL_ORDER.forEach((name) -> in.draft().clearDnd(CHANNELS.get(name)));
			return;
		}
		if (!settings.isObject()) {
			in.draft().error(FieldError.badRequest("dndSettings", "must be an object"));
			return;
		}
		for (Map.Entry<String, JsonNode> entry : settings.properties()) {
			String path = "dndSettings." + entry.getKey();
			DndChannel channel = CHANNELS.get(entry.getKey());
			if (channel == null) {
				in.draft()
					.error(FieldError.unprocessable(path,
							"is not a channel: use Call, Email, SMS, WhatsApp, GMB or FB"));
				continue;
			}
			dndSetting(in, channel, entry.getValue(), path);
		}
	}

	private void inboundDndSettings(BodyReader in) {
		JsonNode settings = in.field("inboundDndSettings");
		if (settings == null) {
			return;
		}
		if (settings.isNull()) {
			in.draft().clearDnd(DndChannel.INBOUND_ALL);
			return;
		}
		if (!settings.isObject()) {
			in.draft().error(FieldError.badRequest("inboundDndSettings", "must be an object"));
			return;
		}
		for (Map.Entry<String, JsonNode> entry : settings.properties()) {
			String path = "inboundDndSettings." + entry.getKey();
			if (!entry.getKey().equals("all")) {
				in.draft().error(FieldError.unprocessable(path, "is not a channel: use all"));
				continue;
			}
			dndSetting(in, DndChannel.INBOUND_ALL, entry.getValue(), path);
		}
	}

	private void dndSetting(BodyReader in, DndChannel channel, JsonNode setting, String path) {
		if (setting.isNull()) {
			in.draft().clearDnd(channel);
			return;
		}
		if (!setting.isObject()) {
			in.draft().error(FieldError.badRequest(path, "must be an object"));
			return;
		}
		JsonNode status = setting.get("status");
		if (status == null || status.isNull()) {
			in.draft().error(FieldError.unprocessable(path + ".status", "is required"));
			return;
		}
		DndStatus parsed = switch (status.isString() ? status.stringValue().strip() : "") {
			case "active" -> DndStatus.ACTIVE;
			case "inactive" -> DndStatus.INACTIVE;
			case "permanent" -> DndStatus.PERMANENT;
			default -> null;
		};
		if (parsed == null) {
			in.draft().error(FieldError.unprocessable(path + ".status", "must be one of active, inactive, permanent"));
			return;
		}
		String message = optionalText(in, setting, "message", path);
		String code = optionalText(in, setting, "code", path);
		in.draft().dnd(new DndSetting(channel, parsed, message, code));
	}

	private static String optionalText(BodyReader in, JsonNode object, String name, String path) {
		JsonNode node = object.get(name);
		if (node == null || node.isNull()) {
			return null;
		}
		String text = BodyReader.scalarText(node);
		if (text == null) {
			in.draft().error(FieldError.badRequest(path + "." + name, "must be a string"));
		}
		return text;
	}

	private void tags(BodyReader in) {
		JsonNode tags = in.field("tags");
		if (tags == null) {
			return;
		}
		if (tags.isNull()) {
			// "This field will overwrite all current tags": null overwrites them with
			// none.
			in.draft().command().setTags(List.of());
			return;
		}
		List<String> values = new ArrayList<>();
		if (tags.isString()) {
			// CSV exports write the tags of a contact as one comma-separated cell.
			for (String tag : tags.stringValue().split(",")) {
				if (!tag.isBlank()) {
					values.add(tag.strip());
				}
			}
		}
		else if (tags.isArray()) {
			int i = 0;
			for (JsonNode tag : tags.values()) {
				String text = BodyReader.scalarText(tag);
				if (text == null) {
					in.draft().error(FieldError.badRequest("tags[" + i + "]", "must be a string"));
				}
				else {
					values.add(text);
				}
				i++;
			}
		}
		else {
			in.draft().error(FieldError.badRequest("tags", "must be a list of strings"));
			return;
		}
		in.draft().command().setTags(values);
	}

	private void customFields(BodyReader in) {
		JsonNode fields = in.field("customFields");
		if (fields == null) {
			return;
		}
		if (!fields.isArray()) {
			in.draft()
				.error(fields.isNull()
						? FieldError.unprocessable("customFields",
								"must be a list (to clear a field, send it with field_value null)")
						: FieldError.badRequest("customFields", "must be a list"));
			return;
		}
		int i = 0;
		for (JsonNode field : fields.values()) {
			customField(in, field, "customFields[" + i++ + "]");
		}
	}

	private void customField(BodyReader in, JsonNode field, String path) {
		if (!field.isObject()) {
			in.draft().error(FieldError.badRequest(path, "must be an object"));
			return;
		}
		String key = keyOf(field.get("key"));
		if (key == null) {
			key = keyOf(field.get("id"));
		}
		if (key == null) {
			in.draft().error(FieldError.unprocessable(path + ".id", "is required (or a key)"));
			return;
		}
		JsonNode value = field.get("field_value");
		String valuePath = path + ".field_value";
		if (value == null) {
			in.draft().error(FieldError.unprocessable(valuePath, "is required (null clears the field)"));
			return;
		}
		if (value.isNull()) {
			in.draft().customField(key, null);
			return;
		}
		Optional<Object> mapped = customValue(in, value, valuePath);
		String finalKey = key;
		mapped.ifPresent((v) -> in.draft().customField(finalKey, v));
	}

	private static String keyOf(JsonNode node) {
		String text = (node != null) ? BodyReader.scalarText(node) : null;
		return (text == null || text.isBlank()) ? null : text.strip();
	}

	/**
	 * The field kinds of seed 004: text, large text, single select and radio are strings;
	 * numeric is a number; checkbox and multi select are lists; monetary is a number or
	 * {@code {amount, currency}}; file is an object of uploads keyed by uuid.
	 */
	private Optional<Object> customValue(BodyReader in, JsonNode value, String path) {
		if (value.isString()) {
			return Optional.of(new TextValue(value.stringValue()));
		}
		if (value.isNumber()) {
			return Optional.of(new NumberValue(JsonNodes.numberText(value)));
		}
		if (value.isBoolean()) {
			return Optional.of(new BooleanValue(value.booleanValue()));
		}
		if (value.isArray()) {
			List<String> items = new ArrayList<>();
			int i = 0;
			for (JsonNode item : value.values()) {
				String text = BodyReader.scalarText(item);
				if (text == null) {
					in.draft().error(FieldError.badRequest(path + "[" + i + "]", "must be a string"));
				}
				else {
					items.add(text);
				}
				i++;
			}
			return Optional.of(new ListValue(items));
		}
		if (value.isObject() && value.has("amount")) {
			String amount = in.numberOf(value.get("amount"), path + ".amount");
			String currency = optionalText(in, value, "currency", path);
			return (amount != null) ? Optional.of(new MonetaryValue(amount, currency)) : Optional.empty();
		}
		if (value.isObject() && !value.isEmpty()) {
			return fileValue(in, value, path);
		}
		in.draft()
			.error(FieldError.badRequest(path,
					"must be text, a number, true or false, a list, a money amount or a file upload"));
		return Optional.empty();
	}

	/** A file field holds uploads keyed by uuid; the first one is the field's file. */
	private Optional<Object> fileValue(BodyReader in, JsonNode uploads, String path) {
		Map.Entry<String, JsonNode> first = uploads.properties().iterator().next();
		JsonNode upload = first.getValue();
		String uploadPath = path + "." + first.getKey();
		if (!upload.isObject()) {
			in.draft().error(FieldError.badRequest(uploadPath, "must be an object"));
			return Optional.empty();
		}
		String url = keyOf(upload.get("url"));
		if (url == null) {
			in.draft().error(FieldError.unprocessable(uploadPath + ".url", "is required"));
			return Optional.empty();
		}
		JsonNode meta = upload.path("meta");
		String documentId = keyOf(upload.get("documentId"));
		String fileName = keyOf(meta.get("originalname"));
		String mimeType = keyOf(meta.get("mimetype"));
		Long size = null;
		JsonNode sizeNode = meta.get("size");
		if (sizeNode != null && !sizeNode.isNull()) {
			if (sizeNode.isIntegralNumber() && sizeNode.canConvertToLong()) {
				size = sizeNode.longValue();
			}
			else {
				in.draft().error(FieldError.badRequest(uploadPath + ".meta.size", "must be a whole number of bytes"));
				return Optional.empty();
			}
		}
		return Optional.of(new FileValue(url, documentId, fileName, mimeType, size));
	}

}
