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
import org.bson.types.Binary;

/**
 * Reads documents in the format of versions up to 0.2 (format 1): values with their
 * stamps under {@code fields.<path>.v}, custom fields and DND channels as arrays, tags as
 * their merge state only, identity keys in {@code keys} and {@code uniqueKeys}, and
 * events in {@code outbox} as bytes. The next write of such a contact stores it in format
 * 2; nothing writes format 1 any more.
 */
final class LegacyContactDocuments {

	private LegacyContactDocuments() {
	}

	static StoredContact fromDocument(Document doc) {
		List<Stamp> stamps = StampTable.read(doc.getList("stamps", Document.class));
		Map<ContactField, Stamped<String>> fields = new EnumMap<>(ContactField.class);
		List<Preserved.Part> otherFields = new ArrayList<>();
		for (Map.Entry<String, Object> entry : doc.get("fields", Document.class).entrySet()) {
			Document state = (Document) entry.getValue();
			ContactField field = ContactDocuments.field(entry.getKey());
			if (field != null) {
				fields.put(field, new Stamped<>(state.getString("v"), stamp(state, stamps)));
			}
			else {
				otherFields.add(new Preserved.Part(entry.getKey(), state.get("v"), stamp(state, stamps)));
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
			DndChannel channel = ContactDocuments.known(DndChannel.class, state.getString("channel"));
			String status = state.getString("status");
			DndStatus known = ContactDocuments.known(DndStatus.class, status);
			if (channel == null || (status != null && known == null)) {
				Stamp stamp = stamp(state, stamps);
				otherDnd.add(new Preserved.Part(state.getString("channel"),
						(status != null) ? new Document("status", status).append("message", state.getString("message"))
							.append("code", state.getString("code")) : null,
						stamp));
				if (channel != null) {
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
		Contact contact = new Contact(new ContactId(doc.getString(ContactDocuments.ID)),
				new TenantId(doc.getString(ContactDocuments.TENANT)), doc.getLong(ContactDocuments.VERSION),
				doc.getDate("createdAt").toInstant(), doc.getDate("updatedAt").toInstant(), fields,
				tagSet(doc.get("tags", Document.class), stamps), custom, dnd, sources);
		List<PendingEvent> outbox = new ArrayList<>();
		for (Document event : doc.getList("outbox", Document.class, List.of())) {
			outbox.add(pendingEvent(event));
		}
		return new StoredContact(contact, outbox, new Preserved(otherFields, otherDnd));
	}

	/**
	 * An entry of format 1: bytes only, and no origin. The batch that loads it publishes
	 * it, and keeps it until that batch is out.
	 */
	private static PendingEvent pendingEvent(Document event) {
		Binary wire = event.get("wire", Binary.class);
		Binary bytes = (wire != null) ? wire : event.get("avro", Binary.class);
		Date occurredAt = event.getDate("occurredAt");
		return new PendingEvent(event.getString("eventId"), event.getLong("contactVersion"),
				event.getDate("storedAt").toInstant(), null, null, false,
				(bytes != null) ? bytes.getData() : new byte[0],
				(wire != null) ? PendingEvent.Encoding.WIRE : PendingEvent.Encoding.SINGLE_OBJECT,
				(occurredAt != null) ? occurredAt.toInstant() : null);
	}

	private static Stamp stamp(Document state, List<Stamp> stamps) {
		return stamps.get(state.getInteger("s"));
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
			default -> new CustomValue.Opaque(doc.getString("type"),
					new Document("value", doc).toJson(ContactDocuments.EXACT_JSON));
		};
	}

}
