package io.contactsync.worker.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.contactsync.devstack.DevStackExtension;
import io.contactsync.worker.merge.Contact;
import io.contactsync.worker.merge.ContactField;
import io.contactsync.worker.merge.ContactId;
import io.contactsync.worker.merge.Created;
import io.contactsync.worker.merge.MergeEngine;
import io.contactsync.worker.merge.NormalizedCommand;
import io.contactsync.worker.merge.SourceLink;
import io.contactsync.worker.merge.TenantId;
import io.contactsync.worker.merge.TenantPolicies;
import io.contactsync.worker.merge.TenantPolicy;
import io.contactsync.worker.merge.UpsertCommand;
import io.contactsync.worker.merge.Updated;
import io.contactsync.worker.outbox.OutboxDelivery;
import io.contactsync.worker.outbox.PendingEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store's race rules, on the Mongo-wire server, with both index layouts (replica set
 * and sharded): the second creator of a person loses, a write computed from an old
 * version loses, and a round trip keeps every stamp.
 */
class ContactStoreIntegrationTests {

	private static final Instant T0 = Instant.parse("2026-04-01T00:00:00Z");

	private static final MergeEngine engine = new MergeEngine(TenantPolicies.of(TenantPolicy.defaults()));

	private static MongoClient client;

	@BeforeAll
	static void connect() {
		client = MongoClients.create(DevStackExtension.shared().mongoUri());
	}

	@AfterAll
	static void disconnect() {
		client.close();
	}

	@ParameterizedTest(name = "sharded={0}")
	@ValueSource(booleans = { false, true })
	void secondCreatorOfTheSamePersonLosesTheRace(boolean sharded) {
		ContactStore store = store(sharded);
		Contact byEmail = create("c1", "ann@example.org", null);
		Contact byEmailAndPhone = create("c2", "ann@example.org", "+14155550100");

		assertThat(store.write(List.of(new ContactWrite(byEmail, 0, List.of())))).isEmpty();
		Set<ContactId> lost = store.write(List.of(new ContactWrite(byEmailAndPhone, 0, List.of())));

		assertThat(lost).containsExactly(byEmailAndPhone.id());
		assertThat(store.findAll(new TenantId("t"))).extracting((c) -> c.contact().id()).containsExactly(byEmail.id());
	}

	@ParameterizedTest(name = "sharded={0}")
	@ValueSource(booleans = { false, true })
	void writeComputedFromAnOldVersionLoses(boolean sharded) {
		ContactStore store = store(sharded);
		Contact created = create("c1", "bob@example.org", null);
		store.write(List.of(new ContactWrite(created, 0, List.of())));
		Contact first = update(created, "c2", "Austin");
		Contact second = update(created, "c3", "Boston");

		assertThat(store.write(List.of(new ContactWrite(first, created.version(), List.of())))).isEmpty();
		Set<ContactId> lost = store.write(List.of(new ContactWrite(second, created.version(), List.of())));

		assertThat(lost).containsExactly(created.id());
		assertThat(store.findAll(new TenantId("t"))).singleElement()
			.satisfies((stored) -> assertThat(stored.contact().value(ContactField.CITY)).contains("Austin"));
	}

	@ParameterizedTest(name = "sharded={0}")
	@ValueSource(booleans = { false, true })
	void roundTripKeepsEveryStampAndTheOutbox(boolean sharded) {
		ContactStore store = store(sharded);
		Contact contact = update(create("c1", "cy@example.org", "+14155550101"), "c2", "Denver");
		PendingEvent event = new PendingEvent("e1", contact.version(), T0, new byte[] { 1, 2, 3 },
				PendingEvent.Encoding.WIRE, T0.minusSeconds(1), "crm/c2");
		store.write(List.of(new ContactWrite(contact, 0, List.of(event))));

		StoredContact stored = store.load(List.of(lookup("c9", "cy@example.org"))).get(contact.id());

		assertThat(stored.contact()).isEqualTo(contact);
		assertThat(stored.outbox()).singleElement().satisfies((e) -> {
			assertThat(e.eventId()).isEqualTo("e1");
			assertThat(e).usingRecursiveComparison().isEqualTo(event);
		});
	}

	@ParameterizedTest(name = "sharded={0}")
	@ValueSource(booleans = { false, true })
	void lookupOfManyKeysAcrossTenantsFindsEveryContactOnce(boolean sharded) {
		ContactStore store = store(sharded);
		int people = ContactStore.KEYS_PER_QUERY * 2 + 7;
		List<ContactWrite> writes = new java.util.ArrayList<>();
		List<io.contactsync.worker.merge.LookupKeys> lookups = new java.util.ArrayList<>();
		for (int i = 0; i < people; i++) {
			String tenant = (i % 2 == 0) ? "t" : "u";
			String email = "p" + i + "@example.org";
			writes.add(new ContactWrite(create(tenant, "c" + i, email, "+1415555" + String.format("%04d", i)), 0,
					List.of()));
			lookups.add(lookup(tenant, "l" + i, email));
		}
		// A key nobody has, and the other tenant's copy of a taken email, find nothing.
		lookups.add(lookup("t", "l-none", "nobody@example.org"));
		lookups.add(lookup("t", "l-other", "p1@example.org"));
		assertThat(store.write(writes)).isEmpty();

		var found = store.load(lookups);

		assertThat(found.keySet())
			.containsExactlyInAnyOrderElementsOf(writes.stream().map((write) -> write.contact().id()).toList());
	}

	@ParameterizedTest(name = "sharded={0}")
	@ValueSource(booleans = { false, true })
	void pagesThroughPendingOutboxesByOldestEventThenId(boolean sharded) {
		ContactStore store = store(sharded);
		List<ContactWrite> writes = new ArrayList<>();
		for (int i = 0; i < 7; i++) {
			Contact contact = create("p" + i, "p" + i + "@example.org", null);
			// Three share their oldest time: the id orders them.
			Instant storedAt = T0.plusSeconds((i < 3) ? 0 : i);
			writes.add(new ContactWrite(contact, 0, List.of(new PendingEvent("e" + i, 1, storedAt, new byte[] { 1 },
					PendingEvent.Encoding.WIRE, storedAt, "crm/p" + i))));
		}
		writes.add(new ContactWrite(create("young", "young@example.org", null), 0, List.of(new PendingEvent("ey", 1,
				T0.plusSeconds(60), new byte[] { 1 }, PendingEvent.Encoding.WIRE, T0, "crm/young"))));
		store.write(writes);

		List<String> seen = new ArrayList<>();
		OutboxDelivery after = null;
		for (List<OutboxDelivery> page = store.pendingSince(T0.plusSeconds(30), null, 3); !page.isEmpty(); page = store
			.pendingSince(T0.plusSeconds(30), after, 3)) {
			assertThat(page.size()).isLessThanOrEqualTo(3);
			page.forEach((delivery) -> seen.add(delivery.events().get(0).eventId()));
			after = page.get(page.size() - 1);
		}

		// Nothing is cleared, yet every pending contact comes exactly once.
		assertThat(seen).hasSize(7).containsExactlyInAnyOrder("e0", "e1", "e2", "e3", "e4", "e5", "e6");
		assertThat(seen.subList(3, 7)).containsExactly("e3", "e4", "e5", "e6");
	}

	@ParameterizedTest(name = "sharded={0}")
	@ValueSource(booleans = { false, true })
	void findsAContactStoredWithKeysSpelledTheOldWay(boolean sharded) {
		ContactStore store = store(sharded);
		Contact contact = create("t|x", "c1", "a%b@example.org", null);
		store.write(List.of(new ContactWrite(contact, 0, List.of())));
		// As versions up to 0.1 stored it: parts not escaped.
		String old = "t|x|e|a%b@example.org";
		this.mongo.getCollection("contacts")
			.updateOne(Filters.eq("_id", contact.id().value()),
					Updates.combine(Updates.set("keys", List.of(old)), Updates.set("uniqueKeys", List.of(old))));

		assertThat(store.load(List.of(lookup("t|x", "c2", "a%b@example.org")))).containsKey(contact.id());
	}

	private MongoTemplate mongo;

	private ContactStore store(boolean sharded) {
		this.mongo = new MongoTemplate(client, "store_" + UUID.randomUUID().toString().substring(0, 8));
		ContactStore store = new ContactStore(this.mongo, new StoreSettings("contacts", sharded),
				TenantPolicies.of(TenantPolicy.defaults()));
		store.ensureIndexes();
		return store;
	}

	private static Contact create(String commandId, String email, String phone) {
		return create("t", commandId, email, phone);
	}

	private static Contact create(String tenant, String commandId, String email, String phone) {
		UpsertCommand command = UpsertCommand.builder(commandId, tenant, new SourceLink("crm", null), T0)
			.email(email)
			.phone(phone)
			.build();
		return ((Created) engine.upsert(command, List.of(), T0)).contact();
	}

	private static Contact update(Contact contact, String commandId, String city) {
		UpsertCommand command = UpsertCommand
			.builder(commandId, "t", new SourceLink("crm", null), T0.plusSeconds(commandId.hashCode() & 0xff))
			.email(contact.email().orElseThrow())
			.set(ContactField.CITY, city)
			.build();
		return ((Updated) engine.upsert(command, List.of(contact), T0)).after();
	}

	private static io.contactsync.worker.merge.LookupKeys lookup(String commandId, String email) {
		return lookup("t", commandId, email);
	}

	private static io.contactsync.worker.merge.LookupKeys lookup(String tenant, String commandId, String email) {
		UpsertCommand command = UpsertCommand.builder(commandId, tenant, new SourceLink("crm", null), T0)
			.email(email)
			.build();
		return ((NormalizedCommand) engine.normalize(command)).lookupKeys();
	}

}
