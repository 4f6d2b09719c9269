package io.contactsync.worker.store;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.contactsync.worker.merge.CommandId;
import io.contactsync.worker.merge.Contact;
import io.contactsync.worker.merge.ContactChange;
import io.contactsync.worker.merge.ContactField;
import io.contactsync.worker.merge.ContactId;
import io.contactsync.worker.merge.CustomValue;
import io.contactsync.worker.merge.DndChannel;
import io.contactsync.worker.merge.DndSetting;
import io.contactsync.worker.merge.DndStatus;
import io.contactsync.worker.merge.FieldChange;
import io.contactsync.worker.merge.IdentifierKind;
import io.contactsync.worker.merge.IgnoredIdentifier;
import io.contactsync.worker.merge.SourceLink;
import io.contactsync.worker.merge.Stamp;
import io.contactsync.worker.merge.Stamped;
import io.contactsync.worker.merge.TagSet;
import io.contactsync.worker.merge.TagWrite;
import io.contactsync.worker.merge.TenantId;
import io.contactsync.worker.outbox.Origin;
import io.contactsync.worker.outbox.PendingEvent;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.bson.types.Binary;
import org.bson.types.Decimal128;

/**
 * The BSON shape of a contact (format 2, docs/semantics.md "The stored document"): the
 * contact's current values at the top level in natural types, for people and tools that
 * read the collection, and everything the merge needs in {@code _sync}: the stamp of each
 * value's last write (stamps are stored once in {@code _sync.stamps} and referenced by
 * position, since one command usually writes many fields), tombstones of cleared values
 * (a stamp without a value), the tag writes, the identity keys, and the outbox.
 *
 * <p>
 * {@code _sync.keys} lists what a command can find the contact by (see
 * {@link ContactKeys}) and is unique; for a tenant that allows duplicates only the
 * contact's own key is unique, and its shared identifiers are in
 * {@code _sync.sharedKeys}. Custom field keys are names chosen by users: as BSON keys
 * they are escaped ({@link #fieldName}). Documents without {@code _sync} are in the
 * format of versions up to 0.2 and read by {@link LegacyContactDocuments}.
 */
final class ContactDocuments {

	static final int FORMAT = 2;

	/** Significant digits a Decimal128 holds. */
	private static final int MAX_DECIMAL128_DIGITS = 34;

	static final String ID = "_id";

	static final String TENANT = "tenantId";

	static final String VERSION = "version";

	static final String CREATED_AT = "createdAt";

	static final String UPDATED_AT = "updatedAt";

	static final String TAGS = "tags";

	static final String CUSTOM_FIELDS = "customFields";

	static final String DND_SETTINGS = "dndSettings";

	static final String SOURCES = "sources";

	static final String SYNC = "_sync";

	/** Every identity key, or the contact's own key when its tenant allows duplicates. */
	static final String KEYS = SYNC + ".keys";

	/** Identity keys of a tenant that allows duplicates, apart from the own key. */
	static final String SHARED_KEYS = SYNC + ".sharedKeys";

	static final String OUTBOX = SYNC + ".outbox";

	private static final Set<String> TOP_LEVEL = topLevel();

	private static final Set<String> SYNC_KEYS = Set.of("format", "keys", "sharedKeys", "stamps", "fields",
			"customFields", "dnd", "tags", "outbox");

	/** Extended JSON keeps every BSON type (dates, longs) through a round trip. */
	static final JsonWriterSettings EXACT_JSON = JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();

	private static final Map<String, ContactField> FIELDS_BY_PATH = fieldsByPath();

	private ContactDocuments() {
	}

	static Document toDocument(Contact contact, List<PendingEvent> outbox, boolean allowDuplicates,
			Preserved preserved) {
		StampTable stamps = new StampTable();
		Document doc = new Document(ID, contact.id().value()).append(TENANT, contact.tenantId().value())
			.append(VERSION, contact.version())
			.append(CREATED_AT, Date.from(contact.createdAt()))
			.append(UPDATED_AT, Date.from(contact.updatedAt()));
		Document fieldStamps = new Document();
		contact.fieldStates().forEach((field, state) -> {
			if (!state.isCleared()) {
				doc.append(field.path(), fieldValue(field, state.value()));
			}
			fieldStamps.append(field.path(), stamps.indexOf(state.stamp()));
		});
		for (Preserved.Part part : preserved.fields) {
			if (part.value() != null) {
				doc.append(part.name(), part.value());
			}
			fieldStamps.append(part.name(), stamps.indexOf(part.stamp()));
		}
		doc.append(TAGS, List.copyOf(contact.tags()));

		Document custom = new Document();
		Document customStamps = new Document();
		contact.customFieldStates().forEach((key, state) -> {
			String name = fieldName(key);
			int stamp = stamps.indexOf(state.stamp());
			if (state.isCleared()) {
				customStamps.append(name, stamp);
				return;
			}
			custom.append(name, customValue(state.value()));
			String kind = kind(state.value());
			customStamps.append(name, (kind != null) ? new Document("s", stamp).append("t", kind) : stamp);
		});
		doc.append(CUSTOM_FIELDS, custom);

		Document dnd = new Document();
		Document dndStamps = new Document();
		Map<String, Preserved.Part> kept = new HashMap<>();
		preserved.dnd.forEach((part) -> kept.put(part.name(), part));
		contact.dndStates().forEach((channel, state) -> {
			Preserved.Part part = kept.get(channel.name());
			if (part != null && part.stamp().equals(state.stamp())) {
				// Still the write of a newer version, held as a placeholder: as it was.
				return;
			}
			kept.remove(channel.name());
			if (!state.isCleared()) {
				dnd.append(channel.name(), dndSetting(state.value()));
			}
			dndStamps.append(channel.name(), stamps.indexOf(state.stamp()));
		});
		for (Preserved.Part part : kept.values()) {
			if (part.value() != null) {
				dnd.append(part.name(), part.value());
			}
			dndStamps.append(part.name(), stamps.indexOf(part.stamp()));
		}
		doc.append(DND_SETTINGS, dnd);
		doc.append(SOURCES, contact.sources().stream().map(ContactDocuments::source).toList());
		doc.putAll(preserved.top);

		List<String> keys = ContactKeys.of(contact);
		// The records whose entries it holds find the contact too (unique: a record
		// changes one contact).
		Set<String> recordKeys = new LinkedHashSet<>();
		for (PendingEvent event : outbox) {
			if (event.origin() != null) {
				recordKeys.add(ContactKeys.origin(contact.tenantId(), event.origin()));
			}
		}
		Document sync = new Document("format", FORMAT);
		if (allowDuplicates) {
			List<String> unique = new ArrayList<>(1 + recordKeys.size());
			unique.add(ContactKeys.own(contact));
			unique.addAll(recordKeys);
			sync.append("keys", unique).append("sharedKeys", keys.subList(1, keys.size()));
		}
		else {
			List<String> unique = new ArrayList<>(keys.size() + recordKeys.size());
			unique.addAll(keys);
			unique.addAll(recordKeys);
			sync.append("keys", unique);
		}
		sync.append("fields", fieldStamps)
			.append("customFields", customStamps)
			.append("dnd", dndStamps)
			.append("tags", tagState(contact.tagSet(), stamps));
		sync.append("outbox", outbox.stream().map(ContactDocuments::outboxEntry).toList());
		sync.putAll(preserved.sync);
		// Last: every stamp referred to above is in the table by now.
		sync.append("stamps", stamps.toDocuments());
		return doc.append(SYNC, sync);
	}

	/**
	 * Reads a stored contact, in this format or the one before. Entries a newer version
	 * wrote in a form this one does not know (a field, a DND channel or status, a custom
	 * value kind, keys) are kept aside and written back as they were.
	 */
	static StoredContact fromDocument(Document doc) {
		Document sync = doc.get(SYNC, Document.class);
		if (sync == null) {
			return LegacyContactDocuments.fromDocument(doc);
		}
		List<Stamp> stamps = StampTable.read(sync.getList("stamps", Document.class));

		Map<ContactField, Stamped<String>> fields = new EnumMap<>(ContactField.class);
		List<Preserved.Part> otherFields = new ArrayList<>();
		Document fieldStamps = sync.get("fields", Document.class);
		for (Map.Entry<String, Object> entry : fieldStamps.entrySet()) {
			Stamp stamp = stamps.get((Integer) entry.getValue());
			ContactField field = FIELDS_BY_PATH.get(entry.getKey());
			Object value = doc.get(entry.getKey());
			if (field != null) {
				fields.put(field, new Stamped<>((value != null) ? fieldText(field, value) : null, stamp));
			}
			else {
				otherFields.add(new Preserved.Part(entry.getKey(), value, stamp));
			}
		}

		Map<String, Stamped<CustomValue>> custom = new HashMap<>();
		Document customValues = doc.get(CUSTOM_FIELDS, Document.class);
		for (Map.Entry<String, Object> entry : sync.get("customFields", Document.class).entrySet()) {
			String kind = null;
			int stamp;
			if (entry.getValue() instanceof Document typed) {
				kind = typed.getString("t");
				stamp = typed.getInteger("s");
			}
			else {
				stamp = (Integer) entry.getValue();
			}
			Object value = customValues.get(entry.getKey());
			custom.put(key(entry.getKey()),
					new Stamped<>((value != null) ? customValue(kind, value) : null, stamps.get(stamp)));
		}

		Map<DndChannel, Stamped<DndSetting>> dnd = new EnumMap<>(DndChannel.class);
		List<Preserved.Part> otherDnd = new ArrayList<>();
		Document settings = doc.get(DND_SETTINGS, Document.class);
		for (Map.Entry<String, Object> entry : sync.get("dnd", Document.class).entrySet()) {
			Stamp stamp = stamps.get((Integer) entry.getValue());
			Document setting = settings.get(entry.getKey(), Document.class);
			DndChannel channel = known(DndChannel.class, entry.getKey());
			String status = (setting != null) ? setting.getString("status") : null;
			DndStatus knownStatus = known(DndStatus.class, status);
			if (channel == null || (status != null && knownStatus == null)) {
				otherDnd.add(new Preserved.Part(entry.getKey(), setting, stamp));
				if (channel != null) {
					// A status of a newer version on a channel commands can write: the
					// merge must compare against its stamp, so it holds a placeholder.
					dnd.put(channel, Stamped.cleared(stamp));
				}
				continue;
			}
			dnd.put(channel,
					new Stamped<>((setting != null)
							? new DndSetting(knownStatus, setting.getString("message"), setting.getString("code"))
							: null, stamp));
		}

		Set<SourceLink> sources = new LinkedHashSet<>();
		for (Document link : doc.getList(SOURCES, Document.class)) {
			sources.add(new SourceLink(link.getString("system"), link.getString("recordId")));
		}
		Contact contact = new Contact(new ContactId(doc.getString(ID)), new TenantId(doc.getString(TENANT)),
				doc.getLong(VERSION), doc.getDate(CREATED_AT).toInstant(), doc.getDate(UPDATED_AT).toInstant(), fields,
				tagSet(sync.get("tags", Document.class), doc.getList(TAGS, String.class), stamps), custom, dnd,
				sources);

		List<PendingEvent> outbox = new ArrayList<>();
		for (Document entry : sync.getList("outbox", Document.class, List.of())) {
			outbox.add(pendingEvent(entry, contact.id()));
		}
		Document top = new Document();
		doc.forEach((key, value) -> {
			if (!TOP_LEVEL.contains(key) && !fieldStamps.containsKey(key)) {
				top.append(key, value);
			}
		});
		Document otherSync = new Document();
		sync.forEach((key, value) -> {
			if (!SYNC_KEYS.contains(key)) {
				otherSync.append(key, value);
			}
		});
		return new StoredContact(contact, outbox, new Preserved(otherFields, otherDnd, top, otherSync));
	}

	/**
	 * A user-chosen key as a BSON key: {@code %}, {@code .} and {@code $} are
	 * percent-escaped, so a key never reads as a path or an operator. Other keys are as
	 * they are, so {@code customFields.plan} finds the custom field {@code plan}.
	 */
	static String fieldName(String key) {
		if (key.indexOf('%') < 0 && key.indexOf('.') < 0 && key.indexOf('$') < 0) {
			return key;
		}
		return key.replace("%", "%25").replace(".", "%2E").replace("$", "%24");
	}

	/** The key a {@link #fieldName} spells. */
	static String key(String fieldName) {
		if (fieldName.indexOf('%') < 0) {
			return fieldName;
		}
		return fieldName.replace("%2E", ".").replace("%24", "$").replace("%25", "%");
	}

	/** DND as a boolean; every other scalar field as text. */
	private static Object fieldValue(ContactField field, String value) {
		return (field == ContactField.DND) ? Boolean.valueOf(value) : value;
	}

	private static String fieldText(ContactField field, Object value) {
		return (value instanceof Boolean bool) ? bool.toString() : (String) value;
	}

	private static Document source(SourceLink link) {
		return new Document("system", link.system()).append("recordId", link.recordId());
	}

	private static Document dndSetting(DndSetting setting) {
		Document doc = new Document("status", setting.status().name());
		if (setting.message() != null) {
			doc.append("message", setting.message());
		}
		if (setting.code() != null) {
			doc.append("code", setting.code());
		}
		return doc;
	}

	/**
	 * Tags: the current ones are at the top level; here what the merge needs. When no add
	 * or remove came after the last replace, the replaced tags are the current ones and
	 * are not stored twice.
	 */
	private static Document tagState(TagSet tags, StampTable stamps) {
		Document doc = new Document();
		if (tags.replacedAt() != null) {
			doc.append("replacedAt", stamps.indexOf(tags.replacedAt()));
		}
		if (!tags.writes().isEmpty() || !tags.replaced().equals(tags.effective())) {
			doc.append("replaced", List.copyOf(tags.replaced()));
		}
		List<Document> writes = new ArrayList<>(tags.writes().size());
		tags.writes()
			.forEach((tag, write) -> writes.add(new Document("tag", tag).append("present", write.present())
				.append("s", stamps.indexOf(write.stamp()))));
		return doc.append("writes", writes);
	}

	private static TagSet tagSet(Document doc, List<String> current, List<Stamp> stamps) {
		Integer replacedAt = doc.getInteger("replacedAt");
		List<String> replaced = doc.getList("replaced", String.class, current);
		Map<String, TagWrite> writes = new HashMap<>();
		for (Document write : doc.getList("writes", Document.class, List.of())) {
			writes.put(write.getString("tag"),
					new TagWrite(write.getBoolean("present"), stamps.get(write.getInteger("s"))));
		}
		if (replacedAt == null && replaced.isEmpty() && writes.isEmpty()) {
			return TagSet.EMPTY;
		}
		return new TagSet((replacedAt != null) ? stamps.get(replacedAt) : null, new LinkedHashSet<>(replaced), writes);
	}

	/** The name of a custom value's kind, or null for text (the common case). */
	private static String kind(CustomValue value) {
		return switch (value) {
			case CustomValue.Text text -> null;
			case CustomValue.Number number -> "number";
			case CustomValue.Monetary money -> "monetary";
			case CustomValue.DateTime time -> "datetime";
			case CustomValue.Bool bool -> "boolean";
			case CustomValue.ListOf list -> "list";
			case CustomValue.Json json -> "json";
			case CustomValue.FileRef file -> "file";
			case CustomValue.Opaque opaque -> opaque.type();
		};
	}

	private static Object customValue(CustomValue value) {
		return switch (value) {
			case CustomValue.Text text -> text.value();
			case CustomValue.Number number -> decimal(number.value());
			case CustomValue.Monetary money ->
				new Document("amount", decimal(money.amount())).append("currency", money.currency());
			case CustomValue.DateTime time -> Date.from(time.value());
			case CustomValue.Bool bool -> bool.value();
			case CustomValue.ListOf list -> list.values();
			// As text: any JSON, however deep or oddly keyed, stays exactly as sent.
			case CustomValue.Json json -> json.json();
			case CustomValue.Opaque opaque -> Document.parse(opaque.json()).get("value");
			case CustomValue.FileRef file -> new Document("url", file.url()).append("documentId", file.documentId())
				.append("fileName", file.fileName())
				.append("mimeType", file.mimeType())
				.append("sizeBytes", file.sizeBytes());
		};
	}

	private static CustomValue customValue(String kind, Object value) {
		if (kind == null) {
			return new CustomValue.Text((String) value);
		}
		return switch (kind) {
			case "number" -> new CustomValue.Number(decimal(value));
			case "monetary" -> {
				Document money = (Document) value;
				yield new CustomValue.Monetary(decimal(money.get("amount")), money.getString("currency"));
			}
			case "datetime" -> new CustomValue.DateTime(((Date) value).toInstant());
			case "boolean" -> new CustomValue.Bool((Boolean) value);
			case "list" -> new CustomValue.ListOf(((List<?>) value).stream().map(String.class::cast).toList());
			case "json" -> new CustomValue.Json((String) value);
			case "file" -> {
				Document file = (Document) value;
				yield new CustomValue.FileRef(file.getString("url"), file.getString("documentId"),
						file.getString("fileName"), file.getString("mimeType"), file.getLong("sizeBytes"));
			}
			// A kind a newer version added: kept as it is.
			default -> new CustomValue.Opaque(kind, new Document("value", value).toJson(EXACT_JSON));
		};
	}

	/**
	 * A number as Decimal128 when that holds it exactly (up to 34 significant digits), so
	 * queries and aggregations compare numbers; else as its exact text.
	 */
	private static Object decimal(BigDecimal value) {
		// Canonical numbers carry their trailing zeros (1.5E+40 has 41 digits): only
		// the significant ones count.
		BigDecimal significant = value.stripTrailingZeros();
		if (significant.precision() <= MAX_DECIMAL128_DIGITS) {
			try {
				Decimal128 decimal = new Decimal128(significant);
				if (decimal.bigDecimalValue().compareTo(value) == 0) {
					return decimal;
				}
			}
			catch (NumberFormatException | ArithmeticException ex) {
				// Out of Decimal128's exponent range: stored as text below.
			}
		}
		return value.toPlainString();
	}

	private static BigDecimal decimal(Object stored) {
		return (stored instanceof Decimal128 decimal) ? decimal.bigDecimalValue() : new BigDecimal((String) stored);
	}

	private static Document outboxEntry(PendingEvent event) {
		Document entry = new Document("id", event.eventId()).append("v", event.contactVersion())
			.append("at", Date.from(event.storedAt()));
		if (event.origin() != null) {
			Origin origin = event.origin();
			entry.append("origin",
					new Document("group", origin.group()).append("topic", origin.topic())
						.append("partition", origin.partition())
						.append("offset", origin.offset()));
		}
		if (event.replay()) {
			entry.append("replay", true);
		}
		// A change knows when it occurred; only bytes need it beside them.
		if (event.occurredAt() != null
				&& (event.hasWire() || !event.occurredAt().equals(event.change().occurredAt()))) {
			entry.append("occurredAt", Date.from(event.occurredAt()));
		}
		if (event.hasWire()) {
			entry.append((event.encoding() == PendingEvent.Encoding.WIRE) ? "wire" : "avro", new Binary(event.wire()));
		}
		else {
			entry.append("change", change(event.change()));
		}
		return entry;
	}

	/** A change with its old values only: the new ones are the contact's. */
	private static Document change(ContactChange change) {
		Document doc = new Document("command", change.command().value()).append("system", change.source().system());
		if (change.source().recordId() != null) {
			doc.append("recordId", change.source().recordId());
		}
		if (change.created()) {
			doc.append("created", true);
		}
		doc.append("occurredAt", Date.from(change.occurredAt()));
		// A field that had no value is just its path: most changes of most commands
		// (every one of a creation), and the store's cost grows with each element.
		List<Object> changes = new ArrayList<>(change.changes().size());
		for (FieldChange one : change.changes()) {
			changes.add((one.before() != null) ? new Document("field", one.field()).append("before", one.before())
					: one.field());
		}
		doc.append("changes", changes);
		if (!change.ignored().isEmpty()) {
			doc.append("ignored",
					change.ignored()
						.stream()
						.map((ignored) -> new Document("kind", ignored.kind().name()).append("value", ignored.value())
							.append("owner", ignored.owner().value()))
						.toList());
		}
		return doc;
	}

	private static PendingEvent pendingEvent(Document entry, ContactId contact) {
		Document origin = entry.get("origin", Document.class);
		Binary wire = entry.get("wire", Binary.class);
		Binary avro = entry.get("avro", Binary.class);
		Binary bytes = (wire != null) ? wire : avro;
		Date occurredAt = entry.getDate("occurredAt");
		Document stored = entry.get("change", Document.class);
		ContactChange change = (stored != null) ? change(stored) : null;
		return new PendingEvent(entry.getString("id"), entry.getLong("v"), entry.getDate("at").toInstant(),
				(origin != null) ? new Origin(origin.getString("group"), origin.getString("topic"),
						origin.getInteger("partition"), origin.getLong("offset")) : null,
				change, entry.getBoolean("replay", false), (bytes != null) ? bytes.getData() : null,
				(avro != null && wire == null) ? PendingEvent.Encoding.SINGLE_OBJECT : PendingEvent.Encoding.WIRE,
				(occurredAt != null) ? occurredAt.toInstant() : (change != null) ? change.occurredAt() : null);
	}

	private static ContactChange change(Document doc) {
		String system = doc.getString("system");
		List<FieldChange> changes = new ArrayList<>();
		for (Object one : doc.getList("changes", Object.class)) {
			changes.add((one instanceof Document field)
					? new FieldChange(field.getString("field"), field.getString("before"), null)
					: new FieldChange((String) one, null, null));
		}
		List<IgnoredIdentifier> ignored = new ArrayList<>();
		for (Document one : doc.getList("ignored", Document.class, List.of())) {
			ignored.add(new IgnoredIdentifier(IdentifierKind.valueOf(one.getString("kind")), one.getString("value"),
					new ContactId(one.getString("owner"))));
		}
		return new ContactChange(doc.getBoolean("created", false), new CommandId(system, doc.getString("command")),
				new SourceLink(system, doc.getString("recordId")), doc.getDate("occurredAt").toInstant(), changes,
				ignored);
	}

	static <E extends Enum<E>> E known(Class<E> type, String name) {
		if (name == null) {
			return null;
		}
		try {
			return Enum.valueOf(type, name);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	static ContactField field(String path) {
		return FIELDS_BY_PATH.get(path);
	}

	private static Map<String, ContactField> fieldsByPath() {
		Map<String, ContactField> byPath = new HashMap<>();
		for (ContactField field : ContactField.values()) {
			byPath.put(field.path(), field);
		}
		return Map.copyOf(byPath);
	}

	private static Set<String> topLevel() {
		Set<String> names = new LinkedHashSet<>(
				List.of(ID, TENANT, VERSION, CREATED_AT, UPDATED_AT, TAGS, CUSTOM_FIELDS, DND_SETTINGS, SOURCES, SYNC));
		for (ContactField field : ContactField.values()) {
			names.add(field.path());
		}
		return Set.copyOf(names);
	}

}
