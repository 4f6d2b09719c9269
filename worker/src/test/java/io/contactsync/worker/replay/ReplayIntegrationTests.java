package io.contactsync.worker.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import io.contactsync.contracts.Contact;
import io.contactsync.contracts.ContactEvent;
import io.contactsync.contracts.ContactUpsertCommand;
import io.contactsync.contracts.SourceRef;
import io.contactsync.devstack.DevStack;
import io.contactsync.devstack.DevStackExtension;
import io.contactsync.worker.Endpoints;
import io.contactsync.worker.TopicClient;
import io.contactsync.worker.WorkerInstance;
import io.contactsync.worker.events.ContactEvents;
import io.contactsync.worker.merge.TenantId;
import io.contactsync.worker.store.StoredContact;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Replay and the state topic on the devstack. One worker applies a history of commands
 * about a few people; the tests then replay it, lose and restore contacts, dry-run, and
 * read or rebuild the compacted state topic.
 */
class ReplayIntegrationTests {

	private static final int PEOPLE = 12;

	private static final String TENANT = "tenant-replay";

	private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");

	private static DevStack devstack;

	private static Endpoints stack;

	private static WorkerInstance.Topology topology;

	private static WorkerInstance worker;

	private static TopicClient topics;

	private static int published;

	@BeforeAll
	static void applyHistory() {
		devstack = DevStackExtension.shared();
		stack = Endpoints.of(devstack);
		topology = WorkerInstance.Topology.fresh("replay");
		topics = new TopicClient(stack);
		worker = WorkerInstance.start(stack, topology, Map.of());
		for (int i = 0; i < 60; i++) {
			int person = i % PEOPLE;
			ContactUpsertCommand.Builder command = ContactUpsertCommand.newBuilder()
				.setCommandId("history-" + i)
				.setTenantId(TENANT)
				.setSource(new SourceRef("crm", "rec-" + person))
				.setOccurredAt(T0.plusSeconds(i))
				.setEmail("person" + person + "@example.org")
				.setCity("City " + i);
			if (i % 3 == 0) {
				command.setPhone(String.format("+1415555%04d", person));
			}
			topics.publish(topology.commands(), command.build());
			published++;
		}
		await().atMost(Duration.ofSeconds(60))
			.until(() -> worker.store().count(new TenantId(TENANT)) == PEOPLE && events().size() == published);
	}

	@AfterAll
	static void stop() {
		worker.close();
		topics.close();
	}

	@Test
	void replayOfAnAlreadyAppliedRangeChangesNothingAndEmitsNothing() {
		Map<String, StoredContact> before = byEmail(worker.store().findAll(new TenantId(TENANT)));
		int eventsBefore = events().size();

		ReplayReport report = replay(false, "replay-noop-" + UUID.randomUUID());

		assertThat(report.completed()).isTrue();
		assertThat(report.records()).isEqualTo(published);
		assertThat(report.skipped()).isZero();
		assertThat(report.invalid()).isZero();
		assertThat(report.created()).isZero();
		assertThat(report.updated()).isZero();
		assertThat(report.unchanged()).isEqualTo(published);
		assertThat(byEmail(worker.store().findAll(new TenantId(TENANT)))).isEqualTo(before);
		assertThat(events()).hasSize(eventsBefore);
	}

	@Test
	void dryRunWritesNothingAndReportsExactlyTheLostContacts() {
		deleteContacts(Set.of("person1@example.org", "person2@example.org"));
		try {
			int eventsBefore = events().size();

			ReplayReport report = replay(true, "dry-" + UUID.randomUUID());

			assertThat(report.created()).isEqualTo(2);
			assertThat(report.samples()).hasSize(2);
			assertThat(report.samples().values()).allSatisfy((changes) -> assertThat(changes)
				.anySatisfy((change) -> assertThat(change.field()).isEqualTo("email")));
			assertThat(worker.store().count(new TenantId(TENANT))).isEqualTo(PEOPLE - 2);
			assertThat(events()).hasSize(eventsBefore);
		}
		finally {
			replay(false, "repair-" + UUID.randomUUID());
		}
	}

	@Test
	void replayAfterTheStoreLostContactsRestoresExactlyThose() {
		Map<String, StoredContact> before = byEmail(worker.store().findAll(new TenantId(TENANT)));
		deleteContacts(Set.of("person3@example.org", "person4@example.org", "person5@example.org"));
		Set<String> replayedBefore = replayedEventIds();
		long liveEventsBefore = events().stream().filter((e) -> !e.getReplay()).count();

		ReplayReport report = replay(false, "restore-" + UUID.randomUUID());

		assertThat(report.created()).isEqualTo(3);
		Map<String, StoredContact> after = byEmail(worker.store().findAll(new TenantId(TENANT)));
		assertThat(after.keySet()).isEqualTo(before.keySet());
		after.forEach((email, stored) -> {
			var expected = before.get(email).contact();
			assertThat(stored.contact().id()).as(email).isEqualTo(expected.id());
			assertThat(stored.contact().fieldStates()).as(email).isEqualTo(expected.fieldStates());
			assertThat(stored.contact().sources()).as(email).isEqualTo(expected.sources());
		});
		// The restored contacts' events again, marked as replayed (same event ids as the
		// originals: same command, same contact); nothing else.
		assertThat(events().stream().filter((e) -> !e.getReplay()).count()).isEqualTo(liveEventsBefore);
		List<ContactEvent> emitted = events().stream()
			.filter((e) -> e.getReplay() && !replayedBefore.contains(e.getEventId()))
			.toList();
		assertThat(emitted).extracting((e) -> e.getContact().getEmail())
			.contains("person3@example.org", "person4@example.org", "person5@example.org")
			.allSatisfy((email) -> assertThat(email).isIn("person3@example.org", "person4@example.org",
					"person5@example.org"));
	}

	@Test
	void newSubscriberReadingTheStateTopicSeesEveryContactsLatestState() {
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(latestStates()).isEqualTo(storedStates()));
	}

	@Test
	void snapshotRestoresAWipedStateTopic() throws Exception {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
			admin.deleteTopics(List.of(topology.state())).all().get(30, TimeUnit.SECONDS);
		}
		await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
			devstack.createTopic(topology.state(), 6, Map.of("cleanup.policy", "compact"));
			assertThat(latestStates()).isEmpty();
		});

		long published = worker.bean(Snapshotter.class).run(null, (done, total) -> {
		});

		assertThat(published).isEqualTo(worker.store().count(null));
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(latestStates()).isEqualTo(storedStates()));
	}

	private static ReplayReport replay(boolean dryRun, String group) {
		return worker.bean(Replayer.class)
			.run(new ReplayRequest(Instant.EPOCH, Map.of(), null, TENANT, dryRun, group, 10), (done, total) -> {
			}, () -> false);
	}

	private static Set<String> replayedEventIds() {
		return events().stream()
			.filter(ContactEvent::getReplay)
			.map(ContactEvent::getEventId)
			.collect(Collectors.toSet());
	}

	private static List<ContactEvent> events() {
		return topics.events(topology.events()).stream().filter((e) -> e.getTenantId().equals(TENANT)).toList();
	}

	/** The state topic as a new subscriber sees it: the last record per key. */
	private static Map<String, Contact> latestStates() {
		Map<String, Contact> latest = new HashMap<>();
		for (ConsumerRecord<String, Object> record : topics.avroRecords(topology.state())) {
			latest.put(record.key(), (Contact) record.value());
		}
		return latest;
	}

	private static Map<String, Contact> storedStates() {
		return worker.store()
			.findAll(null)
			.stream()
			.collect(Collectors.toMap((c) -> c.contact().id().value(), (c) -> ContactEvents.contact(c.contact())));
	}

	private static Map<String, StoredContact> byEmail(List<StoredContact> contacts) {
		return contacts.stream().collect(Collectors.toMap((c) -> c.contact().email().orElseThrow(), (c) -> c));
	}

	private static void deleteContacts(Set<String> emails) {
		try (MongoClient client = MongoClients.create(stack.mongoUri())) {
			var deleted = client.getDatabase(topology.database())
				.getCollection("contacts")
				// By hand, as an operator would: by the values a person reads.
				.deleteMany(Filters.and(Filters.eq("tenantId", TENANT), Filters.in("email", emails)));
			assertThat(deleted.getDeletedCount()).isEqualTo(emails.size());
		}
	}

}
