package io.contactsync.worker.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import io.contactsync.worker.merge.Contact;
import io.contactsync.worker.merge.CustomValue;
import io.contactsync.worker.merge.DndChannel;
import io.contactsync.worker.merge.DndSetting;
import io.contactsync.worker.merge.Stamp;
import io.contactsync.worker.merge.Stamped;
import io.contactsync.worker.merge.TagSet;
import io.contactsync.worker.outbox.PendingEvent;
import org.bson.Document;
import org.bson.types.Binary;

/**
 * Documents as versions up to 0.2 wrote them (format 1): a copy of that writer, kept here
 * because nothing in the worker writes format 1 any more, yet stores still hold it.
 * Values with their stamps under {@code fields.<path>.v}, custom fields and DND channels
 * as arrays, tags as their merge state only, identity keys in {@code keys} and
 * {@code uniqueKeys}, a {@code revision} for conditional writes, and the outbox as bytes.
 */
final class FormatOneDocuments {

	private FormatOneDocuments() {
	}

	/**
	 * A contact as format 1 stored it.
	 * @param outbox entries with bytes (format 1 had no other form); each stored with a
	 * {@code causation}, as 0.2 did
	 */
	static Document of(Contact contact, List<PendingEvent> outbox, boolean allowDuplicates) {
		List<String> keys = ContactKeys.of(contact);
		Document doc = new Document("_id", contact.id().value()).append("tenantId", contact.tenantId().value())
			.append("version", contact.version())
			.append("revision", contact.id().value() + "@" + contact.version())
			.append("createdAt", Date.from(contact.createdAt()))
			.append("updatedAt", Date.from(contact.updatedAt()))
			.append("keys", keys)
			.append("uniqueKeys", allowDuplicates ? List.of(ContactKeys.own(contact)) : keys);
		List<Stamp> stamps = new ArrayList<>();
		Document fields = new Document();
		contact.fieldStates()
			.forEach((field, state) -> fields.append(field.path(), stamped(state.value(), state.stamp(), stamps)));
		doc.append("fields", fields);
		doc.append("tags", tags(contact.tagSet(), stamps));
		List<Document> custom = new ArrayList<>();
		contact.customFieldStates()
			.forEach((key, state) -> custom
				.add(stamped(customValue(state.value()), state.stamp(), stamps).append("key", key)));
		doc.append("customFields", custom);
		List<Document> dnd = new ArrayList<>();
		contact.dndStates().forEach((channel, state) -> dnd.add(dnd(channel, state, stamps)));
		doc.append("dnd", dnd);
		doc.append("sources",
				contact.sources()
					.stream()
					.map((link) -> new Document("system", link.system()).append("recordId", link.recordId()))
					.toList());
		doc.append("outbox", outbox.stream().map(FormatOneDocuments::outboxEntry).toList());
		outbox.stream()
			.map(PendingEvent::storedAt)
			.min(Instant::compareTo)
			.ifPresent((oldest) -> doc.append("outboxSince", Date.from(oldest)));
		doc.append("stamps",
				stamps.stream()
					.map((stamp) -> new Document("at", Date.from(stamp.occurredAt())).append("cmd", stamp.commandId()))
					.toList());
		return doc;
	}

	private static Document outboxEntry(PendingEvent event) {
		Document entry = new Document("eventId", event.eventId()).append("contactVersion", event.contactVersion())
			.append("storedAt", Date.from(event.storedAt()));
		entry.append((event.encoding() == PendingEvent.Encoding.WIRE) ? "wire" : "avro", new Binary(event.wire()));
		if (event.occurredAt() != null) {
			entry.append("occurredAt", Date.from(event.occurredAt()));
		}
		return entry.append("causation", "crm/" + event.eventId());
	}

	private static Document stamped(Object value, Stamp stamp, List<Stamp> stamps) {
		int index = stamps.indexOf(stamp);
		if (index < 0) {
			index = stamps.size();
			stamps.add(stamp);
		}
		return new Document("v", value).append("s", index);
	}

	private static Document tags(TagSet tags, List<Stamp> stamps) {
		Document doc = new Document("replaced", List.copyOf(tags.replaced()));
		if (tags.replacedAt() != null) {
			doc.append("replacedAt", stamped(null, tags.replacedAt(), stamps).getInteger("s"));
		}
		List<Document> writes = new ArrayList<>();
		tags.writes()
			.forEach((tag, write) -> writes.add(new Document("tag", tag).append("present", write.present())
				.append("s", stamped(null, write.stamp(), stamps).getInteger("s"))));
		return doc.append("writes", writes);
	}

	private static Document dnd(DndChannel channel, Stamped<DndSetting> state, List<Stamp> stamps) {
		Document doc = new Document("channel", channel.name()).append("s",
				stamped(null, state.stamp(), stamps).getInteger("s"));
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

}
