package io.contactsync.adapters;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import io.contactsync.contracts.ContactField;
import io.contactsync.contracts.ContactUpsertCommand;
import io.contactsync.contracts.CustomField;
import io.contactsync.contracts.DateTimeValue;
import io.contactsync.contracts.DndChannel;
import io.contactsync.contracts.DndSetting;
import io.contactsync.contracts.Gender;
import io.contactsync.contracts.NumberValue;
import io.contactsync.contracts.SourceRef;
import tools.jackson.databind.JsonNode;

/**
 * Reads the fields of one JSON object into a command under construction, collecting every
 * error instead of stopping at the first. An absent field leaves the value alone, an
 * explicit {@code null} clears it, a value sets it. Shapes only: normalization and the
 * worker's rules (email syntax, phone numbers, dates of birth) stay in the worker.
 */
final class BodyReader {

	static final String DATE_TIME_RULE = "must be an ISO-8601 date-time with an offset, e.g. 2023-05-15T14:30:00Z";

	private final JsonNode object;

	private final String prefix;

	private final Draft draft;

	private final Set<String> known = new LinkedHashSet<>();

	BodyReader(JsonNode object, String prefix, Draft draft) {
		this.object = object;
		this.prefix = prefix;
		this.draft = draft;
	}

	String path(String name) {
		return this.prefix + name;
	}

	Draft draft() {
		return this.draft;
	}

	/** The field's node: {@code null} when absent, a null node when explicitly null. */
	JsonNode field(String name) {
		this.known.add(name);
		return this.object.get(name);
	}

	/** Marks fields that are understood but not mapped (e.g. {@code created_at}). */
	void skip(String... names) {
		this.known.addAll(List.of(names));
	}

	/** Top-level fields nobody asked for, in body order. */
	List<String> ignoredFields() {
		List<String> ignored = new ArrayList<>();
		for (String name : this.object.propertyNames()) {
			if (!this.known.contains(name)) {
				ignored.add(this.prefix + name);
			}
		}
		return ignored;
	}

	void text(String name, ContactField field, Consumer<String> setter) {
		JsonNode node = field(name);
		if (node == null) {
			return;
		}
		if (node.isNull()) {
			this.draft.clear(field);
			return;
		}
		String text = scalarText(node);
		if (text == null) {
			this.draft.error(FieldError.badRequest(path(name), "must be a string"));
			return;
		}
		setter.accept(text);
	}

	/** Text with a length limit the vendor documents. */
	void text(String name, ContactField field, int maxLength, Consumer<String> setter) {
		text(name, field, (value) -> {
			if (value.length() > maxLength) {
				this.draft.error(FieldError.unprocessable(path(name), "must be at most " + maxLength + " characters"));
			}
			else {
				setter.accept(value);
			}
		});
	}

	/** A string that is not a contact attribute (ids, tenants); null counts as absent. */
	Optional<String> string(String name) {
		JsonNode node = field(name);
		if (node == null || node.isNull()) {
			return Optional.empty();
		}
		String text = scalarText(node);
		if (text == null) {
			this.draft.error(FieldError.badRequest(path(name), "must be a string"));
			return Optional.empty();
		}
		return text.isBlank() ? Optional.empty() : Optional.of(text.strip());
	}

	void bool(String name, ContactField field, Consumer<Boolean> setter) {
		JsonNode node = field(name);
		if (node == null) {
			return;
		}
		if (node.isNull()) {
			if (field != null) {
				this.draft.clear(field);
			}
			return;
		}
		Boolean value = booleanOf(node, path(name));
		if (value != null) {
			setter.accept(value);
		}
	}

	Boolean booleanOf(JsonNode node, String path) {
		if (node.isBoolean()) {
			return node.booleanValue();
		}
		if (node.isString()) {
			String text = node.stringValue().strip().toLowerCase(Locale.ROOT);
			if (text.equals("true") || text.equals("false")) {
				return Boolean.valueOf(text);
			}
			this.draft.error(FieldError.unprocessable(path, "must be true or false"));
			return null;
		}
		this.draft.error(FieldError.badRequest(path, "must be true or false"));
		return null;
	}

	void gender(String name) {
		JsonNode node = field(name);
		if (node == null) {
			return;
		}
		if (node.isNull()) {
			this.draft.clear(ContactField.GENDER);
			return;
		}
		if (!node.isString()) {
			this.draft.error(FieldError.badRequest(path(name), "must be a string"));
			return;
		}
		switch (node.stringValue().strip().toLowerCase(Locale.ROOT)) {
			case "male" -> this.draft.command().setGender(Gender.MALE);
			case "female" -> this.draft.command().setGender(Gender.FEMALE);
			case "unknown" -> this.draft.command().setGender(Gender.UNKNOWN);
			case "" -> {
				// Blank means "not given", as for every other text field.
			}
			default -> this.draft.error(FieldError.unprocessable(path(name), "must be one of male, female, unknown"));
		}
	}

	/** An update time of the record; absent, null or blank give empty. */
	Optional<Instant> instant(String name) {
		JsonNode node = field(name);
		if (node == null || node.isNull() || (node.isString() && node.stringValue().isBlank())) {
			return Optional.empty();
		}
		return instantOf(node, path(name));
	}

	Optional<Instant> instantOf(JsonNode node, String path) {
		if (!node.isString()) {
			this.draft.error(FieldError.badRequest(path, DATE_TIME_RULE));
			return Optional.empty();
		}
		try {
			return Optional.of(OffsetDateTime.parse(node.stringValue().strip()).toInstant());
		}
		catch (DateTimeParseException ex) {
			this.draft.error(FieldError.unprocessable(path, DATE_TIME_RULE));
			return Optional.empty();
		}
	}

	/** A number, or a string holding one (CSV cells), as decimal text. */
	String numberOf(JsonNode node, String path) {
		if (node.isNumber()) {
			return JsonNodes.numberText(node);
		}
		if (node.isString()) {
			try {
				return new BigDecimal(node.stringValue().strip()).toPlainString();
			}
			catch (NumberFormatException ex) {
				this.draft.error(FieldError.unprocessable(path, "must be a number"));
				return null;
			}
		}
		this.draft.error(FieldError.badRequest(path, "must be a number"));
		return null;
	}

	/** A custom field holding a number; null clears the key. */
	void numberField(String name) {
		JsonNode node = field(name);
		if (node == null) {
			return;
		}
		if (node.isNull()) {
			this.draft.customField(name, null);
			return;
		}
		String number = numberOf(node, path(name));
		if (number != null) {
			this.draft.customField(name, new NumberValue(number));
		}
	}

	/** A custom field holding an instant; null clears the key. */
	void dateTimeField(String name) {
		JsonNode node = field(name);
		if (node == null) {
			return;
		}
		if (node.isNull()) {
			this.draft.customField(name, null);
			return;
		}
		instantOf(node, path(name)).ifPresent((instant) -> this.draft.customField(name, new DateTimeValue(instant)));
	}

	/** String or number as text; {@code null} for booleans, objects and arrays. */
	static String scalarText(JsonNode node) {
		if (node.isString()) {
			return node.stringValue();
		}
		if (node.isNumber()) {
			return JsonNodes.numberText(node);
		}
		return null;
	}

	/**
	 * A command under construction plus the errors found so far; shared by the readers of
	 * one body.
	 */
	static final class Draft {

		private final ContactUpsertCommand.Builder command = ContactUpsertCommand.newBuilder();

		private final Set<ContactField> clear = new LinkedHashSet<>();

		// Last entry of a key wins, as when the same key appears twice in a JSON object.
		private final Map<String, CustomField> customFields = new LinkedHashMap<>();

		private final Map<DndChannel, DndSetting> dndSettings = new LinkedHashMap<>();

		private final Set<DndChannel> clearDnd = new LinkedHashSet<>();

		private final List<FieldError> errors = new ArrayList<>();

		ContactUpsertCommand.Builder command() {
			return this.command;
		}

		void clear(ContactField field) {
			this.clear.add(field);
		}

		void customField(String key, Object value) {
			this.customFields.remove(key);
			this.customFields.put(key, new CustomField(key, value));
		}

		void dnd(DndSetting setting) {
			this.clearDnd.remove(setting.getChannel());
			this.dndSettings.put(setting.getChannel(), setting);
		}

		void clearDnd(DndChannel channel) {
			this.dndSettings.remove(channel);
			this.clearDnd.add(channel);
		}

		void error(FieldError error) {
			this.errors.add(error);
		}

		boolean hasErrors() {
			return !this.errors.isEmpty();
		}

		/**
		 * The result: the command with the given identity, or every error.
		 */
		AdapterResult finish(String commandId, String tenant, SourceRef source, Instant occurredAt,
				List<String> ignoredFields) {
			if (!this.errors.isEmpty()) {
				return new AdapterResult.Invalid(this.errors);
			}
			ContactUpsertCommand built = this.command.setCommandId(commandId)
				.setTenantId(tenant)
				.setSource(source)
				.setOccurredAt(occurredAt)
				.setClear(new ArrayList<>(this.clear))
				.setCustomFields(new ArrayList<>(this.customFields.values()))
				.setDndSettings(new ArrayList<>(this.dndSettings.values()))
				.setClearDndChannels(new ArrayList<>(this.clearDnd))
				.build();
			return new AdapterResult.Mapped(built, ignoredFields);
		}

	}

}
