package io.contactsync.worker.merge;

import java.text.Normalizer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import org.apache.commons.validator.routines.EmailValidator;

/**
 * Checks and normalizes a raw command. Stateless and thread-safe. Every reason is a fixed
 * sentence that never repeats the offending value.
 */
final class CommandNormalizer {

	static final int MAX_TENANT_ID_LENGTH = 128;

	static final int MAX_ID_LENGTH = 256;

	/** A slug: it scopes command ids ({@link CommandId#scoped()}), so it holds no '/'. */
	private static final Pattern SYSTEM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

	private static final Instant EPOCH = Instant.EPOCH;

	static final int MAX_TAGS_PER_COMMAND = 100;

	static final int MAX_TAG_LENGTH = 100;

	static final int MAX_CUSTOM_FIELDS_PER_COMMAND = 100;

	static final int MAX_CUSTOM_KEY_LENGTH = 100;

	static final int MAX_CUSTOM_TEXT_LENGTH = 10_000;

	static final int MAX_LIST_ITEMS = 100;

	private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

	private final TenantPolicies policies;

	private final Limits limits;

	private final PhoneNumberUtil phoneNumbers = PhoneNumberUtil.getInstance();

	private final EmailValidator emailValidator = EmailValidator.getInstance();

	CommandNormalizer(TenantPolicies policies, Limits limits) {
		this.policies = policies;
		this.limits = limits;
	}

	/**
	 * @param producedAt when the record carrying the command was produced, which bounds
	 * how far in the future {@code occurredAt} may lie; null when unknown
	 */
	Normalized normalize(UpsertCommand raw, Instant producedAt) {
		Violations violations = new Violations();
		if (raw == null) {
			violations.add("command", "must be present");
			return new Rejected(violations.toList());
		}
		String commandId = requiredId(raw.commandId(), "commandId", MAX_ID_LENGTH, violations);
		String tenantId = requiredId(raw.tenantId(), "tenantId", MAX_TENANT_ID_LENGTH, violations);
		String system = null;
		String recordId = null;
		if (raw.source() == null) {
			violations.add("source", "must be present");
		}
		else {
			system = system(raw.source().system(), violations);
			recordId = optionalId(raw.source().recordId(), "source.recordId", MAX_ID_LENGTH, violations);
		}
		occurredAt(raw.occurredAt(), producedAt, violations);
		TenantPolicy policy = (tenantId != null) ? this.policies.policyFor(new TenantId(tenantId))
				: this.policies.defaults();

		List<DroppedIdentifier> dropped = new ArrayList<>(2);
		String email = email(raw, policy, dropped, violations);
		String phone = phone(raw, policy, dropped, violations);
		Map<ContactField, String> set = scalars(raw, violations);
		Set<ContactField> clear = EnumSet.noneOf(ContactField.class);
		for (ContactField field : raw.clear()) {
			if (field != null) {
				clear.add(field);
			}
		}
		TagOps tags = tags(raw, violations);
		Map<String, Optional<CustomValue>> customFields = customFields(raw, violations);
		Map<DndChannel, Optional<DndSetting>> dnd = dndSettings(raw, violations);

		boolean usable = recordId != null || (email != null && policy.matchesOn(IdentifierKind.EMAIL))
				|| (phone != null && policy.matchesOn(IdentifierKind.PHONE));
		if (!usable && !violations.concerns("email") && !violations.concerns("phone")) {
			violations.add("identifiers", "must include at least one of: " + identifierNames(policy));
		}
		if (!violations.isEmpty()) {
			return new Rejected(violations.toList());
		}

		TenantId tenant = new TenantId(tenantId);
		CommandId command = new CommandId(system, commandId);
		SourceLink source = new SourceLink(system, recordId);
		boolean createWithoutMatching = raw.createNewIfDuplicateAllowed() && policy.allowDuplicates();
		LookupKeys keys = lookupKeys(tenant, command, source, email, phone, policy, createWithoutMatching);
		return new NormalizedCommand(command, tenant, source, new Stamp(raw.occurredAt(), command.scoped()),
				Optional.ofNullable(email), Optional.ofNullable(phone), set, clear, tags, customFields, dnd,
				createWithoutMatching, dropped, keys);
	}

	/*
	 * Identifiers outside the match order are still unique in a tenant without
	 * duplicates, so the store must find their owners too. A duplicates-allowing tenant
	 * only needs the keys it matches on, and scenario 1 (create without matching) none at
	 * all.
	 */
	private static LookupKeys lookupKeys(TenantId tenant, CommandId command, SourceLink source, String email,
			String phone, TenantPolicy policy, boolean createWithoutMatching) {
		ContactId created = ContactId.forCreation(tenant, command);
		if (createWithoutMatching) {
			// Nothing else finds the contact a redelivered command created before its
			// id was scoped by system: look for that id too.
			return new LookupKeys(tenant, created, Optional.empty(), Optional.empty(), Optional.empty(),
					Optional.of(ContactId.beforeScopedCommandIds(tenant, command)));
		}
		boolean unique = !policy.allowDuplicates();
		Optional<String> emailKey = Optional.ofNullable(email)
			.filter((value) -> unique || policy.matchesOn(IdentifierKind.EMAIL));
		Optional<String> phoneKey = Optional.ofNullable(phone)
			.filter((value) -> unique || policy.matchesOn(IdentifierKind.PHONE));
		Optional<SourceLink> link = source.hasRecordId() ? Optional.of(source) : Optional.empty();
		return new LookupKeys(tenant, created, link, emailKey, phoneKey);
	}

	private static String identifierNames(TenantPolicy policy) {
		StringBuilder names = new StringBuilder();
		for (IdentifierKind kind : policy.matchOrder()) {
			names.append(kind.path()).append(", ");
		}
		return names.append("source record id").toString();
	}

	private static String requiredId(String value, String field, int maxLength, Violations violations) {
		String trimmed = trimToNull(value);
		if (trimmed == null) {
			violations.add(field, "must not be blank");
			return null;
		}
		return optionalId(trimmed, field, maxLength, violations);
	}

	private static String optionalId(String value, String field, int maxLength, Violations violations) {
		String trimmed = trimToNull(value);
		if (trimmed != null && trimmed.length() > maxLength) {
			violations.add(field, "must be at most " + maxLength + " characters");
			return null;
		}
		if (trimmed != null && !TextRules.isCleanName(trimmed)) {
			violations.add(field, "must not contain control characters or broken Unicode");
			return null;
		}
		return trimmed;
	}

	private static String system(String value, Violations violations) {
		String trimmed = trimToNull(value);
		if (trimmed == null) {
			violations.add("source.system", "must not be blank");
			return null;
		}
		if (!SYSTEM.matcher(trimmed).matches()) {
			violations.add("source.system",
					"must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
			return null;
		}
		return trimmed;
	}

	private void occurredAt(Instant occurredAt, Instant producedAt, Violations violations) {
		if (occurredAt == null) {
			violations.add("occurredAt", "must be present");
		}
		else if (occurredAt.isBefore(EPOCH)) {
			violations.add("occurredAt", "must not be before 1970-01-01T00:00:00Z");
		}
		else if (producedAt != null && occurredAt.isAfter(producedAt.plus(this.limits.maxFutureSkew()))) {
			violations.add("occurredAt",
					"must not be more than "
							+ this.limits.maxFutureSkew().toString().substring(2).toLowerCase(Locale.ROOT)
							+ " after the record was produced (is a clock wrong?)");
		}
	}

	private String email(UpsertCommand raw, TenantPolicy policy, List<DroppedIdentifier> dropped,
			Violations violations) {
		String value = trimToNull(raw.email());
		if (value == null) {
			return null;
		}
		if (raw.clear().contains(ContactField.EMAIL)) {
			violations.add("email", "is both set and cleared");
			return null;
		}
		// One address in composed and decomposed Unicode is one identifier.
		String lower = Normalizer.normalize(value, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
		if (policy.placeholderValues().contains(lower)) {
			dropped.add(new DroppedIdentifier(IdentifierKind.EMAIL, DroppedIdentifier.Reason.PLACEHOLDER));
			return null;
		}
		if (lower.length() > ContactField.EMAIL.maxLength() || !TextRules.isCleanName(lower)
				|| !this.emailValidator.isValid(lower)) {
			violations.add("email", "is not a valid email address");
			return null;
		}
		String localPart = lower.substring(0, lower.lastIndexOf('@'));
		if (policy.blockedEmails().contains(lower) || policy.blockedEmailLocalParts().contains(localPart)) {
			dropped.add(new DroppedIdentifier(IdentifierKind.EMAIL, DroppedIdentifier.Reason.BLOCKED));
			return null;
		}
		return lower;
	}

	private String phone(UpsertCommand raw, TenantPolicy policy, List<DroppedIdentifier> dropped,
			Violations violations) {
		String value = trimToNull(raw.phone());
		if (value == null) {
			return null;
		}
		if (raw.clear().contains(ContactField.PHONE)) {
			violations.add("phone", "is both set and cleared");
			return null;
		}
		if (policy.placeholderValues().contains(value.toLowerCase(Locale.ROOT))) {
			dropped.add(new DroppedIdentifier(IdentifierKind.PHONE, DroppedIdentifier.Reason.PLACEHOLDER));
			return null;
		}
		String e164 = e164(value, policy.defaultRegion());
		if (e164 == null) {
			violations.add("phone", "is not a possible phone number");
			return null;
		}
		if (policy.blockedPhones().contains(e164)) {
			dropped.add(new DroppedIdentifier(IdentifierKind.PHONE, DroppedIdentifier.Reason.BLOCKED));
			return null;
		}
		return e164;
	}

	private String e164(String value, String region) {
		if (value.length() > 50) {
			return null;
		}
		try {
			PhoneNumber number = this.phoneNumbers.parse(value, region);
			return this.phoneNumbers.isPossibleNumber(number) ? this.phoneNumbers.format(number, PhoneNumberFormat.E164)
					: null;
		}
		catch (NumberParseException ex) {
			return null;
		}
	}

	private static Map<ContactField, String> scalars(UpsertCommand raw, Violations violations) {
		Map<ContactField, String> set = new EnumMap<>(ContactField.class);
		raw.set().forEach((field, value) -> {
			String trimmed = trimToNull(value);
			if (field == null || trimmed == null) {
				return;
			}
			if (field.isIdentifier()) {
				violations.add(field.path(), "must be passed as the command's own " + field.path() + " attribute");
				return;
			}
			if (raw.clear().contains(field)) {
				violations.add(field.path(), "is both set and cleared");
				return;
			}
			String normalized = switch (field) {
				case GENDER -> gender(trimmed, violations);
				case DND -> dnd(trimmed, violations);
				case DATE_OF_BIRTH -> DatesOfBirth.toIsoDate(trimmed, violations);
				default -> {
					if (trimmed.length() > field.maxLength()) {
						violations.add(field.path(), "must be at most " + field.maxLength() + " characters");
						yield null;
					}
					if (!TextRules.isCleanText(trimmed)) {
						violations.add(field.path(), "must not contain control characters or broken Unicode");
						yield null;
					}
					yield trimmed;
				}
			};
			if (normalized != null) {
				set.put(field, normalized);
			}
		});
		return set;
	}

	private static String gender(String value, Violations violations) {
		return switch (value.toLowerCase(Locale.ROOT)) {
			case "male" -> "MALE";
			case "female" -> "FEMALE";
			case "unknown" -> "UNKNOWN";
			default -> {
				violations.add("gender", "must be one of male, female, unknown");
				yield null;
			}
		};
	}

	private static String dnd(String value, Violations violations) {
		return switch (value.toLowerCase(Locale.ROOT)) {
			case "true" -> "true";
			case "false" -> "false";
			default -> {
				violations.add("dnd", "must be true or false");
				yield null;
			}
		};
	}

	private static TagOps tags(UpsertCommand raw, Violations violations) {
		int count = ((raw.replaceTags() != null) ? raw.replaceTags().size() : 0) + raw.addTags().size()
				+ raw.removeTags().size();
		if (count > MAX_TAGS_PER_COMMAND) {
			violations.add("tags", "must not name more than " + MAX_TAGS_PER_COMMAND + " tags in one command");
			return TagOps.NONE;
		}
		Set<String> replace = (raw.replaceTags() != null) ? tagSet(raw.replaceTags(), "tags", violations) : null;
		Set<String> add = tagSet(raw.addTags(), "addTags", violations);
		Set<String> remove = new TreeSet<>();
		for (int i = 0; i < raw.removeTags().size(); i++) {
			String tag = tag(raw.removeTags().get(i), "removeTags[" + i + "]", violations);
			if (tag != null && add.contains(tag)) {
				violations.add("removeTags[" + i + "]", "is also in addTags");
			}
			else if (tag != null) {
				remove.add(tag);
			}
		}
		if (replace != null) {
			// One command is one write: fold its adds and removes into the replace.
			replace.addAll(add);
			replace.removeAll(remove);
			return new TagOps(replace, Set.of(), Set.of());
		}
		return new TagOps(null, add, remove);
	}

	private static Set<String> tagSet(List<String> tags, String field, Violations violations) {
		Set<String> set = new TreeSet<>();
		for (int i = 0; i < tags.size(); i++) {
			String tag = tag(tags.get(i), field + "[" + i + "]", violations);
			if (tag != null) {
				set.add(tag);
			}
		}
		return set;
	}

	private static String tag(String raw, String field, Violations violations) {
		String trimmed = (raw != null) ? raw.strip() : "";
		if (trimmed.isEmpty() || trimmed.length() > MAX_TAG_LENGTH) {
			violations.add(field, "must be 1 to " + MAX_TAG_LENGTH + " characters long");
			return null;
		}
		if (!TextRules.isCleanName(trimmed)) {
			violations.add(field, "must not contain control characters or broken Unicode");
			return null;
		}
		return trimmed.toLowerCase(Locale.ROOT);
	}

	private static Map<String, Optional<CustomValue>> customFields(UpsertCommand raw, Violations violations) {
		Map<String, Optional<CustomValue>> values = new LinkedHashMap<>();
		if (raw.customFields().size() > MAX_CUSTOM_FIELDS_PER_COMMAND) {
			violations.add("customFields", "must not have more than " + MAX_CUSTOM_FIELDS_PER_COMMAND + " keys");
			return values;
		}
		boolean badKey = false;
		for (Map.Entry<String, Optional<CustomValue>> entry : raw.customFields().entrySet()) {
			String key = entry.getKey();
			if (key == null || key.isBlank() || key.length() > MAX_CUSTOM_KEY_LENGTH || !TextRules.isCleanName(key)) {
				badKey = true;
				continue;
			}
			Optional<CustomValue> value = entry.getValue();
			if (value == null || value.isEmpty()) {
				values.put(key, Optional.empty());
				continue;
			}
			CustomValue normalized = customValue(value.get(), "customFields." + key, violations);
			if (normalized != null) {
				values.put(key, Optional.of(normalized));
			}
		}
		if (badKey) {
			violations.add("customFields",
					"must have keys of 1 to " + MAX_CUSTOM_KEY_LENGTH + " characters without control characters");
		}
		return values;
	}

	private static CustomValue customValue(CustomValue value, String field, Violations violations) {
		return switch (value) {
			case CustomValue.Text text -> {
				String trimmed = text.value().strip();
				if (trimmed.length() > MAX_CUSTOM_TEXT_LENGTH) {
					violations.add(field, "must be at most " + MAX_CUSTOM_TEXT_LENGTH + " characters");
					yield null;
				}
				if (!TextRules.isCleanText(trimmed)) {
					violations.add(field, "must not contain control characters or broken Unicode");
					yield null;
				}
				// Like scalar fields, a blank text means "no value given", not "clear".
				yield trimmed.isEmpty() ? null : new CustomValue.Text(trimmed);
			}
			case CustomValue.Monetary money -> {
				String currency = trimToNull(money.currency());
				if (currency != null) {
					currency = currency.toUpperCase(Locale.ROOT);
					if (!CURRENCY.matcher(currency).matches()) {
						violations.add(field, "must have a three-letter ISO 4217 currency code");
						yield null;
					}
				}
				yield new CustomValue.Monetary(money.amount(), currency);
			}
			case CustomValue.ListOf list -> listOf(list, field, violations);
			case CustomValue.Json json -> {
				String compact = JsonDocuments.compact(json.json(), field, violations);
				yield (compact != null) ? new CustomValue.Json(compact) : null;
			}
			case CustomValue.FileRef file -> fileRef(file, field, violations);
			case CustomValue.Number number -> number;
			case CustomValue.DateTime dateTime -> dateTime;
			case CustomValue.Bool bool -> bool;
			case CustomValue.Opaque opaque -> {
				violations.add(field, "has a value of an unknown type");
				yield null;
			}
		};
	}

	private static CustomValue listOf(CustomValue.ListOf list, String field, Violations violations) {
		if (list.values().size() > MAX_LIST_ITEMS) {
			violations.add(field, "must have at most " + MAX_LIST_ITEMS + " items");
			return null;
		}
		List<String> items = new ArrayList<>(list.values().size());
		for (String item : list.values()) {
			String trimmed = trimToNull(item);
			if (trimmed == null || trimmed.length() > ContactField.MAX_TEXT_LENGTH || !TextRules.isCleanText(trimmed)) {
				violations.add(field, "must have items of 1 to " + ContactField.MAX_TEXT_LENGTH
						+ " characters without control characters");
				return null;
			}
			items.add(trimmed);
		}
		return new CustomValue.ListOf(items);
	}

	private static CustomValue fileRef(CustomValue.FileRef file, String field, Violations violations) {
		String url = trimToNull(file.url());
		if (url == null || url.length() > ContactField.MAX_TEXT_LENGTH) {
			violations.add(field, "must have a url of 1 to " + ContactField.MAX_TEXT_LENGTH + " characters");
			return null;
		}
		String documentId = trimToNull(file.documentId());
		String fileName = trimToNull(file.fileName());
		String mimeType = trimToNull(file.mimeType());
		if (!TextRules.isCleanName(url) || !clean(documentId) || !clean(fileName) || !clean(mimeType)) {
			violations.add(field, "must not contain control characters or broken Unicode");
			return null;
		}
		if (tooLong(documentId) || tooLong(fileName) || tooLong(mimeType)) {
			violations.add(field, "must have a document id, file name and mime type of at most "
					+ ContactField.MAX_TEXT_LENGTH + " characters each");
			return null;
		}
		if (file.sizeBytes() != null && file.sizeBytes() < 0) {
			violations.add(field, "must not have a negative size");
			return null;
		}
		return new CustomValue.FileRef(url, documentId, fileName, mimeType, file.sizeBytes());
	}

	private static boolean clean(String value) {
		return value == null || TextRules.isCleanText(value);
	}

	private static boolean tooLong(String value) {
		return value != null && value.length() > ContactField.MAX_TEXT_LENGTH;
	}

	private static Map<DndChannel, Optional<DndSetting>> dndSettings(UpsertCommand raw, Violations violations) {
		Map<DndChannel, Optional<DndSetting>> settings = new EnumMap<>(DndChannel.class);
		raw.dndSettings().forEach((channel, setting) -> {
			if (channel == null) {
				return;
			}
			String field = "dndSettings." + channel.name();
			if (setting == null || setting.status() == null) {
				violations.add(field, "must have a status");
				return;
			}
			if (raw.clearDndChannels().contains(channel)) {
				violations.add(field, "is both set and cleared");
				return;
			}
			if (channel == DndChannel.INBOUND_ALL && setting.status() == DndStatus.PERMANENT) {
				violations.add(field, "cannot be permanent: inbound DND is either active or inactive");
				return;
			}
			String message = trimToNull(setting.message());
			String code = trimToNull(setting.code());
			if (!clean(message) || !clean(code)) {
				violations.add(field, "must not contain control characters or broken Unicode");
				return;
			}
			if (tooLong(message) || tooLong(code)) {
				violations.add(field,
						"must have a message and code of at most " + ContactField.MAX_TEXT_LENGTH + " characters each");
				return;
			}
			settings.put(channel, Optional.of(new DndSetting(setting.status(), message, code)));
		});
		for (DndChannel channel : raw.clearDndChannels()) {
			if (channel != null) {
				settings.putIfAbsent(channel, Optional.empty());
			}
		}
		return settings;
	}

	private static String trimToNull(String value) {
		if (value == null) {
			return null;
		}
		String trimmed = value.strip();
		return trimmed.isEmpty() ? null : trimmed;
	}

}
