package io.contactsync.worker.store;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.contactsync.worker.merge.Contact;
import io.contactsync.worker.merge.ContactField;
import io.contactsync.worker.merge.ContactId;
import io.contactsync.worker.merge.CustomValue;
import io.contactsync.worker.merge.DndChannel;
import io.contactsync.worker.merge.DndSetting;
import io.contactsync.worker.merge.DndStatus;
import io.contactsync.worker.merge.SourceLink;
import io.contactsync.worker.merge.Stamp;
import io.contactsync.worker.merge.Stamped;
import io.contactsync.worker.merge.TagSet;
import io.contactsync.worker.merge.TagWrite;
import io.contactsync.worker.merge.TenantId;
import io.contactsync.worker.outbox.PendingEvent;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.bson.types.Binary;

/**
 * The BSON shape of a contact. Every value keeps the stamp of its last write, so the
 * merge stays order-independent across workers; stamps are stored once in {@code stamps}
 * and referenced by index ({@code s}), since one command usually writes many fields.
 * User-chosen names (tags, custom field keys) are stored as values in arrays, never as
 * BSON keys, so dots and dollars in them are harmless.
 *
 * <p>
 * {@code keys} lists what a command can find the contact by (see {@link ContactKeys});
 * {@code uniqueKeys} is the subset MongoDB keeps unique (all of them, unless the tenant
 * allows duplicates: then only the contact's own key). {@code revision} names the stored
 * version for conditional writes.
 */
final class ContactDocuments {

	static final String ID = "_id";

	static final String TENANT = "tenantId";

	static final String VERSION = "version";

	static final String KEYS = "keys";

	static final String UNIQUE_KEYS = "uniqueKeys";

	static final String OUTBOX = "outbox";

	static final String OUTBOX_SINCE = "outboxSince";

	static final String REVISION = "revision";

	static final String STAMPS = "stamps";

	/** Extended JSON keeps every BSON type (dates, longs) through a round trip. */
	private static final JsonWriterSettings EXACT_JSON = JsonWriterSettings.builder()
		.outputMode(JsonMode.EXTENDED)
		.build();

	private ContactDocuments() {
	}

	/**
	 * {@code contactId@version}: names one version of one contact, for conditional
	 * writes.
	 */
	static String revision(ContactId id, long version) {
		return id.value() + "@" + version;
	}

	static Document toDocument(Contact contact, List<PendingEvent> outbox, boolean allowDuplicates,
			Preserved preserved) {
		List<String> keys = ContactKeys.of(contact);
		Document doc = new Document(ID, contact.id().value()).append(TENANT, contact.tenantId().value())
			.append(VERSION, contact.version())
			.append(REVISION, revision(contact.id(), contact.version()))
			.append("createdAt", Date.from(contact.createdAt()))
			.append("updatedAt", Date.from(contact.updatedAt()))
			.append(KEYS, keys)
			.append(UNIQUE_KEYS, allowDuplicates ? List.of(ContactKeys.own(contact)) : keys);
		StampTable stamps = new StampTable();
		Document fields = new Document();
		contact.fieldStates()
			.forEach((field, state) -> fields.append(field.path(), stamped(state.value(), state.stamp(), stamps)));
		for (Preserved.Part part : preserved.fields) {
			fields.append(part.name(), new Document(part.entry()).append("s", stamps.indexOf(part.stamp())));
		}
		doc.append("fields", fields);
		doc.append("tags", tags(contact.tagSet(), stamps));
		List<Document> custom = new ArrayList<>();
		contact.customFieldStates()
			.forEach((key, state) -> custom
				.add(stamped(customValue(state.value()), state.stamp(), stamps).append("key", key)));
		doc.append("customFields", custom);
		List<Document> dnd = new ArrayList<>();
		Map<String, Preserved.Part> kept = new HashMap<>();
		preserved.dnd.forEach((part) -> kept.put(part.name(), part));
		contact.dndStates().forEach((channel, state) -> {
			Preserved.Part part = kept.get(channel.name());
			if (part != null && part.stamp().equals(state.stamp())) {
				// Still the write of a newer version, held as a placeholder: as it was.
				return;
			}
			kept.remove(channel.name());
			dnd.add(dnd(channel, state, stamps));
		});
		for (Preserved.Part part : kept.values()) {
			dnd.add(new Document(part.entry()).append("s", stamps.indexOf(part.stamp())));
		}
		doc.append("dnd", dnd);
		doc.append("sources",
				contact.sources()
					.stream()
					.map((link) -> new Document("system", link.system()).append("recordId", link.recordId()))
					.toList());
		doc.append(OUTBOX, outbox.stream().map(ContactDocuments::outboxEntry).toList());
		outbox.stream()
			.map(PendingEvent::storedAt)
			.min(Instant::compareTo)
			.ifPresent((oldest) -> doc.append(OUTBOX_SINCE, Date.from(oldest)));
		doc.append(STAMPS, stamps.toDocuments());
		return doc;
	}

	private static Document outboxEntry(PendingEvent event) {
		Document entry = new Document("eventId", event.eventId()).append("contactVersion", event.contactVersion())
			.append("storedAt", Date.from(event.storedAt()));
		if (event.encoding() == PendingEvent.Encoding.WIRE) {
			entry.append("wire", new Binary(event.bytes()));
		}
		else {
			entry.append("avro", new Binary(event.bytes()));
		}
		if (event.occurredAt() != null) {
			entry.append("occurredAt", Date.from(event.occurredAt()));
		}
		if (event.causation() != null) {
			entry.append("causation", event.causation());
		}
		return entry;
	}

	/**
	 * Reads a stored contact. Entries a newer version wrote in a form this one does not
	 * know (a field, a DND channel or status, a custom value kind) are kept aside and
	 * written back as they were.
	 */
	static StoredContact fromDocument(Document doc) {
		List<Stamp> stamps = StampTable.read(doc.getList(STAMPS, Document.class));
		Map<ContactField, Stamped<String>> fields = new EnumMap<>(ContactField.class);
		List<Preserved.Part> otherFields = new ArrayList<>();
		Document storedFields = doc.get("fields", Document.class);
		for (Map.Entry<String, Object> entry : storedFields.entrySet()) {
			Document state = (Document) entry.getValue();
			ContactField field = FIELDS_BY_PATH.get(entry.getKey());
			if (field != null) {
				fields.put(field, new Stamped<>(state.getString("v"), stamp(state, stamps)));
			}
			else {
				otherFields.add(new Preserved.Part(entry.getKey(), withoutStamp(state), stamp(state, stamps)));
			}
		}
		Map<String, Stamped<CustomValue>> custom = new HashMap<>();
		for (Document state : doc.getList("customFields", Document.class)) {
			Document value = state.get("v", Document.class);
			custom.put(state.getString("key"),
					new Stamped<>((value != null) ? customValue(value) : null, stamp(state, stamps)));
		}
		Map<DndChannel, Stamped<DndSetting>> dnd = new EnumMap<>(DndChannel.class);
		List<Preserved.Part> otherDnd = new ArrayList<>();
		for (Document state : doc.getList("dnd", Document.class)) {
			DndChannel channel = known(DndChannel.class, state.getString("channel"));
			String status = state.getString("status");
			DndStatus known = (status != null) ? known(DndStatus.class, status) : null;
			if (channel == null || (status != null && known == null)) {
				Stamp stamp = stamp(state, stamps);
				otherDnd.add(new Preserved.Part(state.getString("channel"), withoutStamp(state), stamp));
				if (channel != null) {
					// A status of a newer version on a channel commands can write: the
					// merge must compare against its stamp, so it holds a placeholder.
					dnd.put(channel, Stamped.cleared(stamp));
				}
				continue;
			}
			DndSetting setting = (known != null)
					? new DndSetting(known, state.getString("message"), state.getString("code")) : null;
			dnd.put(channel, new Stamped<>(setting, stamp(state, stamps)));
		}
		Set<SourceLink> sources = new LinkedHashSet<>();
		for (Document link : doc.getList("sources", Document.class)) {
			sources.add(new SourceLink(link.getString("system"), link.getString("recordId")));
		}
		Contact contact = new Contact(new ContactId(doc.getString(ID)), new TenantId(doc.getString(TENANT)),
				doc.getLong(VERSION), doc.getDate("createdAt").toInstant(), doc.getDate("updatedAt").toInstant(),
				fields, tagSet(doc.get("tags", Document.class), stamps), custom, dnd, sources);
		List<PendingEvent> outbox = new ArrayList<>();
		for (Document event : doc.getList(OUTBOX, Document.class, List.of())) {
			outbox.add(pendingEvent(event));
		}
		return new StoredContact(contact, outbox, new Preserved(otherFields, otherDnd));
	}

	private static PendingEvent pendingEvent(Document event) {
		Binary wire = event.get("wire", Binary.class);
		Binary bytes = (wire != null) ? wire : event.get("avro", Binary.class);
		Date occurredAt = event.getDate("occurredAt");
		return new PendingEvent(event.getString("eventId"), event.getLong("contactVersion"),
				event.getDate("storedAt").toInstant(), (bytes != null) ? bytes.getData() : new byte[0],
				(wire != null) ? PendingEvent.Encoding.WIRE : PendingEvent.Encoding.SINGLE_OBJECT,
				(occurredAt != null) ? occurredAt.toInstant() : null, event.getString("causation"));
	}

	private static final Map<String, ContactField> FIELDS_BY_PATH = fieldsByPath();

	private static Map<String, ContactField> fieldsByPath() {
		Map<String, ContactField> byPath = new HashMap<>();
		for (ContactField field : ContactField.values()) {
			byPath.put(field.path(), field);
		}
		return Map.copyOf(byPath);
	}

	private static <E extends Enum<E>> E known(Class<E> type, String name) {
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

	private static Document withoutStamp(Document entry) {
		Document copy = new Document(entry);
		copy.remove("s");
		return copy;
	}

	private static Document stamped(Object value, Stamp stamp, StampTable stamps) {
		return new Document("v", value).append("s", stamps.indexOf(stamp));
	}

	private static Stamp stamp(Document state, List<Stamp> stamps) {
		return stamps.get(state.getInteger("s"));
	}

	private static Document tags(TagSet tags, StampTable stamps) {
		Document doc = new Document("replaced", List.copyOf(tags.replaced()));
		if (tags.replacedAt() != null) {
			doc.append("replacedAt", stamps.indexOf(tags.replacedAt()));
		}
		List<Document> writes = new ArrayList<>();
		tags.writes()
			.forEach((tag, write) -> writes.add(new Document("tag", tag).append("present", write.present())
				.append("s", stamps.indexOf(write.stamp()))));
		return doc.append("writes", writes);
	}

	private static TagSet tagSet(Document doc, List<Stamp> stamps) {
		if (doc == null) {
			return TagSet.EMPTY;
		}
		Integer replacedAt = doc.getInteger("replacedAt");
		Map<String, TagWrite> writes = new HashMap<>();
		for (Document write : doc.getList("writes", Document.class)) {
			writes.put(write.getString("tag"), new TagWrite(write.getBoolean("present"), stamp(write, stamps)));
		}
		return new TagSet((replacedAt != null) ? stamps.get(replacedAt) : null,
				new LinkedHashSet<>(doc.getList("replaced", String.class)), writes);
	}

	private static Document dnd(DndChannel channel, Stamped<DndSetting> state, StampTable stamps) {
		Document doc = new Document("channel", channel.name()).append("s", stamps.indexOf(state.stamp()));
		if (!state.isCleared()) {
			doc.append("status", state.value().status().name())
				.append("message", state.value().message())
				.append("code", state.value().code());
		}
		return doc;
	}

	private static Document customValue(CustomValue value) {
		if (value == null) {
			return null;
		}
		return switch (value) {
			case CustomValue.Text text -> new Document("type", "text").append("value", text.value());
			case CustomValue.Number number ->
				new Document("type", "number").append("value", number.value().toPlainString());
			case CustomValue.Monetary money ->
				new Document("type", "monetary").append("value", money.amount().toPlainString())
					.append("currency", money.currency());
			case CustomValue.DateTime time -> new Document("type", "datetime").append("value", Date.from(time.value()));
			case CustomValue.Bool bool -> new Document("type", "boolean").append("value", bool.value());
			case CustomValue.ListOf list -> new Document("type", "list").append("value", list.values());
			case CustomValue.Json json -> new Document("type", "json").append("value", json.json());
			case CustomValue.Opaque opaque -> Document.parse(opaque.json());
			case CustomValue.FileRef file -> new Document("type", "file").append("value", file.url())
				.append("documentId", file.documentId())
				.append("fileName", file.fileName())
				.append("mimeType", file.mimeType())
				.append("sizeBytes", file.sizeBytes());
		};
	}

	private static CustomValue customValue(Document doc) {
		return switch (doc.getString("type")) {
			case "text" -> new CustomValue.Text(doc.getString("value"));
			case "number" -> new CustomValue.Number(new BigDecimal(doc.getString("value")));
			case "monetary" ->
				new CustomValue.Monetary(new BigDecimal(doc.getString("value")), doc.getString("currency"));
			case "datetime" -> new CustomValue.DateTime(doc.getDate("value").toInstant());
			case "boolean" -> new CustomValue.Bool(doc.getBoolean("value"));
			case "list" -> new CustomValue.ListOf(doc.getList("value", String.class));
			case "json" -> new CustomValue.Json(doc.getString("value"));
			case "file" -> new CustomValue.FileRef(doc.getString("value"), doc.getString("documentId"),
					doc.getString("fileName"), doc.getString("mimeType"), doc.getLong("sizeBytes"));
			// A kind a newer version added: kept as it is.
			default -> new CustomValue.Opaque(doc.getString("type"), doc.toJson(EXACT_JSON));
		};
	}

}
