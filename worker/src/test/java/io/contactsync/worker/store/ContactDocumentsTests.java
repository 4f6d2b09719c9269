package io.contactsync.worker.store;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.contactsync.worker.merge.Contact;
import io.contactsync.worker.merge.ContactField;
import io.contactsync.worker.merge.ContactId;
import io.contactsync.worker.merge.Created;
import io.contactsync.worker.merge.CustomValue;
import io.contactsync.worker.merge.DndChannel;
import io.contactsync.worker.merge.DndSetting;
import io.contactsync.worker.merge.DndStatus;
import io.contactsync.worker.merge.MergeEngine;
import io.contactsync.worker.merge.MergeOutcome;
import io.contactsync.worker.merge.SourceLink;
import io.contactsync.worker.merge.Stamp;
import io.contactsync.worker.merge.Stamped;
import io.contactsync.worker.merge.TagSet;
import io.contactsync.worker.merge.TagWrite;
import io.contactsync.worker.merge.TenantPolicies;
import io.contactsync.worker.merge.TenantPolicy;
import io.contactsync.worker.merge.UpsertCommand;
import io.contactsync.worker.merge.Updated;
import io.contactsync.worker.outbox.PendingEvent;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;
import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The BSON shape of a contact, without a server: every document goes through BSON bytes
 * and back, as the store would. A round trip loses nothing; a document the 0.1 worker
 * wrote is read; parts a newer version wrote in forms this one does not know are read
 * without failing and written back as they were.
 */
class ContactDocumentsTests {

	private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

	private static final MergeEngine engine = new MergeEngine(TenantPolicies.of(TenantPolicy.defaults()));

	@ParameterizedTest(name = "allowDuplicates={0}")
	@ValueSource(booleans = { false, true })
	void roundTripLosesNothing(boolean allowDuplicates) {
		Contact contact = richContact();
		List<PendingEvent> outbox = List.of(
				new PendingEvent("e-2", 2, T0.plusSeconds(60), new byte[] { 0, 0, 0, 0, 7, 2, 4 },
						PendingEvent.Encoding.WIRE, T0.plusSeconds(1), "crm/c-2"),
				new PendingEvent("e-1", 1, T0.plusSeconds(30), new byte[] { (byte) 0xC3, 1, 9 },
						PendingEvent.Encoding.SINGLE_OBJECT, null, null));
		Preserved preserved = new Preserved(
				List.of(new Preserved.Part("nickname", new Document("v", "Annie").append("since", new Date(5)),
						new Stamp(T0.plusSeconds(9), "next/c-9"))),
				List.of(new Preserved.Part("TELEGRAM", new Document("channel", "TELEGRAM").append("status", "ACTIVE"),
						new Stamp(T0.plusSeconds(1), "crm/c-2"))));

		Document written = throughBson(ContactDocuments.toDocument(contact, outbox, allowDuplicates, preserved));
		StoredContact read = ContactDocuments.fromDocument(written);

		assertThat(read.contact()).isEqualTo(contact);
		assertThat(read.outbox()).usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(outbox);
		assertThat(read.preserved()).isEqualTo(preserved);
		assertThat(throughBson(
				ContactDocuments.toDocument(read.contact(), read.outbox(), allowDuplicates, read.preserved())))
			.isEqualTo(written);
		assertThat(written.getList(ContactDocuments.UNIQUE_KEYS, String.class))
			.isEqualTo(allowDuplicates ? List.of(ContactKeys.own(contact)) : ContactKeys.of(contact));
		assertThat(written.getDate(ContactDocuments.OUTBOX_SINCE)).isEqualTo(Date.from(T0.plusSeconds(30)));
	}

	@Test
	void writesNewOutboxEntriesInWireFormatWithTimeAndCausation() {
		PendingEvent event = new PendingEvent("e-1", 1, T0, new byte[] { 0, 0, 0, 0, 7 }, PendingEvent.Encoding.WIRE,
				T0.minusSeconds(5), "crm/c-1");

		Document entry = throughBson(ContactDocuments.toDocument(richContact(), List.of(event), false, Preserved.NONE))
			.getList(ContactDocuments.OUTBOX, Document.class)
			.get(0);

		assertThat(entry).isEqualTo(new Document("eventId", "e-1").append("contactVersion", 1L)
			.append("storedAt", Date.from(T0))
			.append("wire", new Binary(new byte[] { 0, 0, 0, 0, 7 }))
			.append("occurredAt", Date.from(T0.minusSeconds(5)))
			.append("causation", "crm/c-1"));
	}

	/** Built by hand as the 0.1 worker wrote it; its stamps name unscoped command ids. */
	@Test
	void readsADocumentThe01WorkerWrote() {
		Document old = throughBson(documentOf01());

		StoredContact read = ContactDocuments.fromDocument(old);

		Contact contact = read.contact();
		Stamp first = new Stamp(T0, "c-1");
		Stamp second = new Stamp(T0.plusSeconds(60), "c-2");
		assertThat(contact.id()).isEqualTo(new ContactId("contact-1"));
		assertThat(contact.version()).isEqualTo(2);
		assertThat(contact.fieldStates()).containsOnly(
				Map.entry(ContactField.EMAIL, new Stamped<>("ann@example.org", first)),
				Map.entry(ContactField.FIRST_NAME, new Stamped<>("Ann", second)),
				Map.entry(ContactField.CITY, Stamped.cleared(second)));
		assertThat(contact.tagSet()).isEqualTo(new TagSet(first, Set.of("a", "b"),
				Map.of("c", new TagWrite(true, second), "a", new TagWrite(false, second))));
		assertThat(contact.customFieldStates()).containsOnly(
				Map.entry("plan", new Stamped<>(new CustomValue.Text("gold"), first)),
				Map.entry("score", new Stamped<>(new CustomValue.Number(new BigDecimal("12.5")), second)),
				Map.entry("old", Stamped.cleared(second)));
		assertThat(contact.dndStates()).containsOnly(
				Map.entry(DndChannel.SMS, new Stamped<>(new DndSetting(DndStatus.ACTIVE, null, null), first)),
				Map.entry(DndChannel.EMAIL, Stamped.cleared(second)));
		assertThat(contact.sources()).containsExactly(new SourceLink("crm", "r-1"));
		assertThat(read.preserved().isEmpty()).isTrue();
		assertThat(read.outbox()).singleElement().satisfies((event) -> {
			assertThat(event.eventId()).isEqualTo("e-2");
			assertThat(event.contactVersion()).isEqualTo(2);
			assertThat(event.storedAt()).isEqualTo(T0.plusSeconds(61));
			assertThat(event.bytes()).containsExactly(0xC3, 0x01, 1, 2, 3);
			assertThat(event.encoding()).isEqualTo(PendingEvent.Encoding.SINGLE_OBJECT);
			assertThat(event.occurredAt()).isNull();
			assertThat(event.causation()).isNull();
		});
	}

	/** Until it is published, an entry of 0.1 stays what it was. */
	@Test
	void writesAn01OutboxEntryBackAsItWas() {
		Document old = throughBson(documentOf01());
		StoredContact read = ContactDocuments.fromDocument(old);

		Document written = throughBson(
				ContactDocuments.toDocument(read.contact(), read.outbox(), false, read.preserved()));

		assertThat(written.getList(ContactDocuments.OUTBOX, Document.class))
			.isEqualTo(old.getList(ContactDocuments.OUTBOX, Document.class));
	}

	/**
	 * A newer version added a scalar field, a DND channel, a DND status and a custom
	 * value kind: all read without failing, and written back identical, each still with
	 * the stamp it had (its index in the stamp table may change).
	 */
	@Test
	void writesBackWhatANewerVersionWroteUnchanged() {
		Document stored = throughBson(documentOfANewerVersion());

		assertThatNoException().isThrownBy(() -> ContactDocuments.fromDocument(stored));
		StoredContact read = ContactDocuments.fromDocument(stored);
		Document written = throughBson(
				ContactDocuments.toDocument(read.contact(), read.outbox(), false, read.preserved()));

		assertThat(unknownParts(written)).isEqualTo(unknownParts(stored));
		// SMS, whose status only the newer version knows, is held as a placeholder with
		// that write's stamp, so commands are compared against it; it shows no value.
		assertThat(read.contact().dndStates()).containsOnlyKeys(DndChannel.EMAIL, DndChannel.SMS);
		assertThat(read.contact().dndStates().get(DndChannel.SMS).isCleared()).isTrue();
		assertThat(read.contact().dndSettings()).containsOnlyKeys(DndChannel.EMAIL);
		assertThat(read.contact().customFieldStates().get("embedding").value()).isInstanceOf(CustomValue.Opaque.class)
			.extracting((value) -> ((CustomValue.Opaque) value).type())
			.isEqualTo("vector");
		Document embedding = (Document) customField(written, "embedding").get("v");
		assertThat(embedding.get("at")).isInstanceOf(Date.class).isEqualTo(new Date(1_700_000_000_123L));
		assertThat(embedding.get("n")).isInstanceOf(Long.class).isEqualTo(Long.MAX_VALUE);
		assertThat(embedding.get("i")).isInstanceOf(Integer.class).isEqualTo(3);
		assertThat(embedding.getList("value", Object.class)).containsExactly(1.5, 2L);
	}

	/** The unknown value takes part in last-writer-wins like any value. */
	@Test
	void unknownCustomValueIsOverwrittenByANewerWrite() {
		StoredContact read = ContactDocuments.fromDocument(throughBson(documentOfANewerVersion()));
		UpsertCommand overwrite = UpsertCommand.builder("c-9", "t", SourceLink.ofSystem("crm"), T0.plusSeconds(3600))
			.email("ann@example.org")
			.customField("embedding", new CustomValue.Text("none"))
			.build();

		MergeOutcome outcome = engine.upsert(overwrite, List.of(read.contact()), T0.plusSeconds(3601));

		assertThat(outcome).isInstanceOfSatisfying(Updated.class,
				(updated) -> assertThat(updated.after().customFields().get("embedding"))
					.isEqualTo(new CustomValue.Text("none")));
	}

	/**
	 * A known channel with a status this version does not know is kept aside; when this
	 * version then writes that channel, the document must still hold one entry for it, or
	 * readers of either version pick one by position, not by stamp.
	 */
	@Test
	void writesOneEntryPerDndChannel() {
		StoredContact read = ContactDocuments.fromDocument(throughBson(documentOfANewerVersion()));
		UpsertCommand sms = UpsertCommand.builder("c-9", "t", SourceLink.ofSystem("crm"), T0.plusSeconds(3600))
			.email("ann@example.org")
			.dnd(DndChannel.SMS, DndSetting.of(DndStatus.ACTIVE))
			.build();
		Contact after = ((Updated) engine.upsert(sms, List.of(read.contact()), T0.plusSeconds(3601))).after();

		Document written = throughBson(ContactDocuments.toDocument(after, read.outbox(), false, read.preserved()));

		assertThat(written.getList("dnd", Document.class)).extracting((entry) -> entry.getString("channel"))
			.doesNotHaveDuplicates();
	}

	/** A contact with every kind of value, written by two commands. */
	private static Contact richContact() {
		UpsertCommand first = UpsertCommand.builder("c-1", "t", new SourceLink("crm", "r-1"), T0)
			.email("ann@example.org")
			.phone("+14155550101")
			.set(ContactField.FIRST_NAME, "Ann")
			.set(ContactField.DATE_OF_BIRTH, "1990-09-25")
			.replaceTags("a", "b")
			.customField("plan", new CustomValue.Text("gold"))
			.customField("score", new CustomValue.Number(new BigDecimal("12.5")))
			.customField("price", new CustomValue.Monetary(new BigDecimal("9.99"), "EUR"))
			.customField("seen", new CustomValue.DateTime(T0.minusSeconds(86_400)))
			.customField("vip", new CustomValue.Bool(true))
			.customField("colors", new CustomValue.ListOf(List.of("red", "blue")))
			.customField("meta", new CustomValue.Json("{\"a\":[1,2]}"))
			.customField("file",
					new CustomValue.FileRef("https://f.example.org/1", "d-1", "a.pdf", "application/pdf", 12_345L))
			.dnd(DndChannel.SMS, new DndSetting(DndStatus.ACTIVE, "stop", "S1"))
			.build();
		UpsertCommand second = UpsertCommand.builder("c-2", "t", new SourceLink("shop", "s-1"), T0.plusSeconds(1))
			.email("ann@example.org")
			.clear(ContactField.DATE_OF_BIRTH)
			.addTags("c")
			.removeTags("a")
			.clearCustomField("price")
			.clearDnd(DndChannel.EMAIL)
			.build();
		Contact created = ((Created) engine.upsert(first, List.of(), T0)).contact();
		Contact updated = ((Updated) engine.upsert(second, List.of(created), T0.plusSeconds(2))).after();
		// Commands cannot write a value of an unknown kind; only a store read can.
		Map<String, Stamped<CustomValue>> custom = new TreeMap<>(updated.customFieldStates());
		custom.put("embedding", new Stamped<>(new CustomValue.Opaque("vector",
				"{\"type\": \"vector\", \"value\": [{\"$numberDouble\": \"1.5\"}], \"n\": {\"$numberLong\": \"7\"}}"),
				new Stamp(T0.plusSeconds(5), "next/c-5")));
		return new Contact(updated.id(), updated.tenantId(), updated.version(), updated.createdAt(),
				updated.updatedAt(), updated.fieldStates(), updated.tagSet(), custom, updated.dndStates(),
				updated.sources());
	}

	/** The layout of 0.1: no preserved parts; the outbox entry in {@code avro} only. */
	private static Document documentOf01() {
		return new Document("_id", "contact-1").append("tenantId", "t")
			.append("version", 2L)
			.append("revision", "contact-1@2")
			.append("createdAt", Date.from(T0))
			.append("updatedAt", Date.from(T0.plusSeconds(61)))
			.append("keys", List.of("t|c|contact-1", "t|e|ann@example.org", "t|s|crm|r-1"))
			.append("uniqueKeys", List.of("t|c|contact-1", "t|e|ann@example.org", "t|s|crm|r-1"))
			.append("fields",
					new Document("email", new Document("v", "ann@example.org").append("s", 0))
						.append("firstName", new Document("v", "Ann").append("s", 1))
						.append("city", new Document("v", null).append("s", 1)))
			.append("tags",
					new Document("replaced", List.of("a", "b")).append("replacedAt", 0)
						.append("writes",
								List.of(new Document("tag", "a").append("present", false).append("s", 1),
										new Document("tag", "c").append("present", true).append("s", 1))))
			.append("customFields",
					List.of(new Document("v", new Document("type", "text").append("value", "gold")).append("s", 0)
						.append("key", "plan"),
							new Document("v", new Document("type", "number").append("value", "12.5")).append("s", 1)
								.append("key", "score"),
							new Document("v", null).append("s", 1).append("key", "old")))
			.append("dnd",
					List.of(new Document("channel", "SMS").append("s", 0)
						.append("status", "ACTIVE")
						.append("message", null)
						.append("code", null), new Document("channel", "EMAIL").append("s", 1)))
			.append("sources", List.of(new Document("system", "crm").append("recordId", "r-1")))
			.append("outbox",
					List.of(new Document("eventId", "e-2").append("contactVersion", 2L)
						.append("storedAt", Date.from(T0.plusSeconds(61)))
						.append("avro", new Binary(new byte[] { (byte) 0xC3, 0x01, 1, 2, 3 }))))
			.append("outboxSince", Date.from(T0.plusSeconds(61)))
			.append("stamps", List.of(new Document("at", Date.from(T0)).append("cmd", "c-1"),
					new Document("at", Date.from(T0.plusSeconds(60))).append("cmd", "c-2")));
	}

	/**
	 * A document of this version plus what a newer one added: a field {@code nickname}, a
	 * channel {@code TELEGRAM}, a status {@code SNOOZED} on SMS and a custom value of
	 * kind {@code vector}, with a date, a long and an int inside. Two of them have stamps
	 * no known value uses.
	 */
	private static Document documentOfANewerVersion() {
		Contact contact = ((Created) engine.upsert(UpsertCommand.builder("c-1", "t", SourceLink.ofSystem("crm"), T0)
			.email("ann@example.org")
			.set(ContactField.FIRST_NAME, "Ann")
			.dnd(DndChannel.EMAIL, DndSetting.of(DndStatus.INACTIVE))
			.build(), List.of(), T0)).contact();
		Document doc = ContactDocuments.toDocument(contact, List.of(), false, Preserved.NONE);
		List<Document> stamps = new ArrayList<>(doc.getList(ContactDocuments.STAMPS, Document.class));
		int known = 0;
		int newer = stamps.size();
		stamps.add(new Document("at", Date.from(T0.plusSeconds(600))).append("cmd", "next/c-7"));
		int newest = stamps.size();
		stamps.add(new Document("at", Date.from(T0.plusSeconds(900))).append("cmd", "next/c-8"));
		doc.append(ContactDocuments.STAMPS, stamps);
		doc.get("fields", Document.class)
			.append("nickname",
					new Document("v", "Annie").append("since", new Date(1_600_000_000_000L))
						.append("count", 7L)
						.append("s", newer));
		List<Document> dnd = new ArrayList<>(doc.getList("dnd", Document.class));
		dnd.add(new Document("channel", "TELEGRAM").append("s", known)
			.append("status", "ACTIVE")
			.append("message", "via bot")
			.append("code", null));
		dnd.add(new Document("channel", "SMS").append("s", newest)
			.append("status", "SNOOZED")
			.append("until", new Date(1_800_000_000_000L)));
		doc.append("dnd", dnd);
		List<Document> custom = new ArrayList<>(doc.getList("customFields", Document.class));
		custom.add(new Document("v",
				new Document("type", "vector").append("value", List.of(1.5, 2L))
					.append("at", new Date(1_700_000_000_123L))
					.append("n", Long.MAX_VALUE)
					.append("i", 3))
			.append("s", newest)
			.append("key", "embedding"));
		doc.append("customFields", custom);
		return doc;
	}

	/**
	 * The parts this version does not know, each without its stamp index but with the
	 * stamp it resolves to, so documents whose stamp tables differ in order compare
	 * equal.
	 */
	private static Map<String, Object> unknownParts(Document doc) {
		List<Document> stamps = doc.getList(ContactDocuments.STAMPS, Document.class);
		Map<String, Object> parts = new TreeMap<>();
		parts.put("fields.nickname",
				resolved(doc.get("fields", Document.class).get("nickname", Document.class), stamps));
		for (Document entry : doc.getList("dnd", Document.class)) {
			String channel = entry.getString("channel");
			if (channel.equals("TELEGRAM") || "SNOOZED".equals(entry.getString("status"))) {
				parts.put("dnd." + channel, resolved(entry, stamps));
			}
		}
		parts.put("customFields.embedding", resolved(customField(doc, "embedding"), stamps));
		return parts;
	}

	private static Document customField(Document doc, String key) {
		return doc.getList("customFields", Document.class)
			.stream()
			.filter((entry) -> key.equals(entry.getString("key")))
			.findFirst()
			.orElseThrow();
	}

	private static Document resolved(Document entry, List<Document> stamps) {
		Document copy = new Document(entry);
		Document stamp = stamps.get((Integer) copy.remove("s"));
		return copy.append("stamp", stamp);
	}

	/** What the store would give back: the document encoded to BSON and decoded. */
	private static Document throughBson(Document doc) {
		return new RawBsonDocument(doc, new DocumentCodec()).decode(new DocumentCodec());
	}

}
