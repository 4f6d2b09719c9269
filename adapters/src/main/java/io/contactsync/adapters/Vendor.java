package io.contactsync.adapters;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The vendor shapes as self-contained records, one per line of an export: the API body,
 * plus the path parameter as a field ({@code contactId} for HighLevel updates,
 * {@code identifier} for ChatbotX; {@code id}, as in exported contacts, also works).
 */
public enum Vendor {

	/** HighLevel {@code POST /contacts/upsert} body. */
	HIGHLEVEL("highlevel", null),

	/** HighLevel {@code PUT /contacts/{contactId}} body plus {@code contactId}. */
	HIGHLEVEL_UPDATE("highlevel-update", "contactId"),

	/** Notifuse {@code contacts.upsert} body. */
	NOTIFUSE("notifuse", null),

	/** ChatbotX {@code /v1/contacts/{identifier}/upsert} body plus {@code identifier}. */
	CHATBOTX("chatbotx", "identifier");

	private static final Set<String> NOTIFUSE_KEYS = Set.of("workspace_id", "contact", "external_id", "first_name",
			"last_name", "address_line_1", "postcode", "job_title", "custom_string_1", "custom_number_1");

	private static final Set<String> CHATBOTX_KEYS = Set.of("identifier", "phoneNumber", "avatar", "workspaceId");

	private static final Set<String> HIGHLEVEL_KEYS = Set.of("locationId", "address1", "dndSettings",
			"inboundDndSettings", "customFields", "companyName", "createNewIfDuplicateAllowed", "dateUpdated", "phone");

	private final String label;

	private final String pathField;

	Vendor(String label, String pathField) {
		this.label = label;
		this.pathField = pathField;
	}

	/** The name used on the command line, e.g. {@code highlevel-update}. */
	public String label() {
		return this.label;
	}

	public static Optional<Vendor> ofLabel(String label) {
		for (Vendor vendor : values()) {
			if (vendor.label.equalsIgnoreCase(label.strip())) {
				return Optional.of(vendor);
			}
		}
		return Optional.empty();
	}

	/**
	 * Guesses the shape from field names (of a record, or a CSV header); empty when it is
	 * not obvious. Looks for names only one vendor uses: {@code workspace_id} and
	 * snake_case for Notifuse, {@code identifier}/{@code phoneNumber} for ChatbotX,
	 * {@code contactId} for a HighLevel update, {@code locationId}/{@code address1}/...
	 * for a HighLevel upsert.
	 */
	public static Optional<Vendor> detect(Collection<String> fieldNames) {
		if (fieldNames.stream().anyMatch(NOTIFUSE_KEYS::contains)) {
			return Optional.of(NOTIFUSE);
		}
		if (fieldNames.stream().anyMatch(CHATBOTX_KEYS::contains)) {
			return Optional.of(CHATBOTX);
		}
		if (fieldNames.contains("contactId")) {
			return Optional.of(HIGHLEVEL_UPDATE);
		}
		if (fieldNames.stream().anyMatch(HIGHLEVEL_KEYS::contains)) {
			return Optional.of(HIGHLEVEL);
		}
		return Optional.empty();
	}

	/** Maps one record of this shape. */
	public AdapterResult adapt(JsonNode record, AdapterContext context) {
		if (record == null || !record.isObject()) {
			return new AdapterResult.Invalid(List.of(FieldError.badRequest("record", "must be a JSON object")));
		}
		return switch (this) {
			case HIGHLEVEL -> new HighLevelAdapter().upsert(record, context);
			case NOTIFUSE -> new NotifuseAdapter().upsert(record, context);
			case HIGHLEVEL_UPDATE ->
				withPathId(record, (id, body) -> new HighLevelAdapter().updateById(id, body, context));
			case CHATBOTX -> withPathId(record, (id, body) -> new ChatbotXAdapter().upsert(id, body, context));
		};
	}

	private AdapterResult withPathId(JsonNode record, BiFunction<String, JsonNode, AdapterResult> adapter) {
		ObjectNode body = (ObjectNode) record.deepCopy();
		JsonNode id = body.remove(this.pathField);
		if (id == null || id.isNull()) {
			// Exported contacts carry their id as "id".
			id = body.remove("id");
		}
		String pathId = (id != null && !id.isNull()) ? BodyReader.scalarText(id) : null;
		if (pathId == null || pathId.isBlank()) {
			return new AdapterResult.Invalid(List.of(FieldError.unprocessable(this.pathField, "is required")));
		}
		return adapter.apply(pathId, body);
	}

	/**
	 * One CSV row as a record of this shape. Column names are the body's field names
	 * (Notifuse: {@code workspace_id} plus the names inside {@code contact}). An empty
	 * cell is absent; a cell starting with <code>{</code> or <code>[</code> is JSON
	 * (custom fields, DND settings, tag lists); every other cell is text.
	 * @throws IllegalArgumentException naming the column when a JSON cell is malformed
	 */
	public ObjectNode recordOf(Map<String, String> cells) {
		ObjectNode record = JsonNodes.nodes().objectNode();
		ObjectNode target = record;
		if (this == NOTIFUSE) {
			target = record.putObject("contact");
		}
		for (Map.Entry<String, String> cell : cells.entrySet()) {
			String value = cell.getValue();
			if (value == null || value.isEmpty()) {
				continue;
			}
			ObjectNode into = (this == NOTIFUSE && cell.getKey().equals("workspace_id")) ? record : target;
			String trimmed = value.strip();
			if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
				try {
					into.set(cell.getKey(), JsonNodes.parse(trimmed));
				}
				catch (JacksonException ex) {
					throw new IllegalArgumentException("column " + cell.getKey()
							+ ": is not well-formed JSON (cells starting with { or [ are JSON)");
				}
			}
			else {
				into.put(cell.getKey(), value);
			}
		}
		return record;
	}

	@Override
	public String toString() {
		return this.label.toLowerCase(Locale.ROOT);
	}

}
