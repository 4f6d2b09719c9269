package io.contactsync.worker.pipeline;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.random.RandomGenerator;
import java.util.stream.LongStream;

import io.contactsync.worker.merge.Contact;
import io.contactsync.worker.merge.Created;
import io.contactsync.worker.merge.SourceLink;
import io.contactsync.worker.merge.UpsertCommand;
import io.contactsync.worker.store.ContactKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static io.contactsync.worker.pipeline.PendingCommands.ENGINE;
import static io.contactsync.worker.pipeline.PendingCommands.T0;
import static io.contactsync.worker.pipeline.PendingCommands.command;
import static io.contactsync.worker.pipeline.PendingCommands.normalized;
import static io.contactsync.worker.pipeline.PendingCommands.pending;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Grouping#groups}: which commands of a batch must be merged together, and in
 * which order.
 * <p>
 * <b>Replaying a failure of the seeded property.</b> Its failure messages start with
 * {@code seed=N}. Run only that seed with
 * {@code ./mvnw -o -pl worker test -Dtest=GroupingTests -Dgrouping.seed=N}, or more seeds
 * than usual with {@code -Dgrouping.seeds=5000}.
 */
class GroupingTests {

	static final int SEEDS = 50;

	private static final String OTHER_TENANT = "tenant-other";

	private static final String ANN = "ann@example.org";

	private static final String BOB = "bob@example.org";

	// Valid US numbers: the engine drops invalid ones, and with them their keys.
	private static final String ANN_PHONE = "+1 650-253-0000";

	private static final String BOB_PHONE = "+1 650-253-0001";

	@Test
	void groupsCommandsThatShareAnEmail() {
		Pending first = pending(command("c1", 1).email(ANN).build());
		Pending other = pending(command("c2", 2).email(BOB).build());
		// Spelled differently: the keys are built from the normalized email.
		Pending second = pending(command("c3", 3).email(" Ann@Example.ORG ").build());

		List<List<Pending>> groups = Grouping.groups(List.of(first, other, second), List.of());

		assertThat(groups).containsExactly(List.of(first, second), List.of(other));
	}

	@Test
	void groupsCommandsThatShareAPhoneInAnyNotation() {
		Pending first = pending(command("c1", 1).phone(ANN_PHONE).build());
		Pending second = pending(command("c2", 2).phone("(650) 253-0000").build());

		List<List<Pending>> groups = Grouping.groups(List.of(first, second), List.of());

		assertThat(groups).containsExactly(List.of(first, second));
	}

	@Test
	void groupsCommandsThatShareASourceRecord() {
		Pending first = pending(command("c1", 1).source(new SourceLink("crm", "r-1")).email(ANN).build());
		Pending second = pending(command("c2", 2).source(new SourceLink("crm", "r-1")).email(BOB).build());

		List<List<Pending>> groups = Grouping.groups(List.of(first, second), List.of());

		assertThat(groups).containsExactly(List.of(first, second));
	}

	@Test
	void groupsARedeliveredCommandWithItsFirstDelivery() {
		// Both create one contact id: the second must see the first's creation.
		UpsertCommand creating = command("c1", 1).email(ANN).build();
		Pending first = pending(creating);
		Pending redelivered = pending(creating);

		List<List<Pending>> groups = Grouping.groups(List.of(first, redelivered), List.of());

		assertThat(groups).containsExactly(List.of(first, redelivered));
	}

	@Test
	void groupsCommandsLinkedOnlyThroughAStoredContact() {
		Contact ann = stored(command("s1", 0).email(ANN).phone(ANN_PHONE).build());
		Pending byEmail = pending(command("c1", 1).email(ANN).build());
		Pending byPhone = pending(command("c2", 2).phone(ANN_PHONE).build());

		List<List<Pending>> groups = Grouping.groups(List.of(byEmail, byPhone), List.of(ann));

		assertThat(groups).containsExactly(List.of(byEmail, byPhone));
	}

	@Test
	void groupsCommandsLinkedOnlyThroughAStoredContactsSourceRecord() {
		Contact ann = stored(command("s1", 0).source(new SourceLink("crm", "r-1")).email(ANN).build());
		Pending bySource = pending(command("c1", 1).source(new SourceLink("crm", "r-1")).phone(BOB_PHONE).build());
		Pending byEmail = pending(command("c2", 2).email(ANN).build());

		List<List<Pending>> groups = Grouping.groups(List.of(bySource, byEmail), List.of(ann));

		assertThat(groups).containsExactly(List.of(bySource, byEmail));
	}

	@Test
	void groupsCommandsLinkedThroughAChainOfKeys() {
		Pending annAndPhone = pending(command("c1", 1).email(ANN).phone(ANN_PHONE).build());
		Pending phoneAndBob = pending(command("c2", 2).email(BOB).phone(ANN_PHONE).build());
		Pending bob = pending(command("c3", 3).email(BOB).build());

		List<List<Pending>> groups = Grouping.groups(List.of(bob, annAndPhone, phoneAndBob), List.of());

		assertThat(groups).containsExactly(List.of(bob, annAndPhone, phoneAndBob));
	}

	@Test
	void keepsCommandsApartWhenNoStoredContactLinksThem() {
		// As above, but the stored contact holds only the email.
		Contact ann = stored(command("s1", 0).email(ANN).build());
		Pending byEmail = pending(command("c1", 1).email(ANN).build());
		Pending byPhone = pending(command("c2", 2).phone(ANN_PHONE).build());

		List<List<Pending>> groups = Grouping.groups(List.of(byEmail, byPhone), List.of(ann));

		assertThat(groups).containsExactly(List.of(byEmail), List.of(byPhone));
	}

	@Test
	void keepsUnrelatedCommandsInSeparateGroups() {
		Pending ann = pending(command("c1", 1).email(ANN).build());
		Pending bob = pending(command("c2", 2).email(BOB).build());
		Pending phone = pending(command("c3", 3).phone(BOB_PHONE).build());
		Pending source = pending(command("c4", 4).source(new SourceLink("crm", "r-9")).build());

		List<List<Pending>> groups = Grouping.groups(List.of(ann, bob, phone, source), List.of());

		assertThat(groups).containsExactly(List.of(ann), List.of(bob), List.of(phone), List.of(source));
	}

	@Test
	void keepsBatchOrderWithinEachGroup() {
		Pending ann1 = pending(command("c1", 50).email(ANN).build());
		Pending bob1 = pending(command("c2", 40).email(BOB).build());
		Pending ann2 = pending(command("c3", 30).email(ANN).build());
		Pending bob2 = pending(command("c4", 20).email(BOB).build());
		Pending ann3 = pending(command("c5", 10).email(ANN).build());

		// occurredAt runs backwards: the batch's order is kept, not the stamps'.
		List<List<Pending>> groups = Grouping.groups(List.of(ann1, bob1, ann2, bob2, ann3), List.of());

		assertThat(groups).containsExactly(List.of(ann1, ann2, ann3), List.of(bob1, bob2));
	}

	@Test
	void neverGroupsCommandsOfDifferentTenants() {
		Pending mine = pending(command("c1", 1).email(ANN).phone(ANN_PHONE).build());
		Pending theirs = pending(command("c1", 1).tenantId(OTHER_TENANT).email(ANN).phone(ANN_PHONE).build());

		List<List<Pending>> groups = Grouping.groups(List.of(mine, theirs), List.of());

		assertThat(groups).containsExactly(List.of(mine), List.of(theirs));
	}

	@Test
	void neverLinksCommandsThroughAContactOfAnotherTenant() {
		Contact theirs = stored(command("s1", 0).tenantId(OTHER_TENANT).email(ANN).phone(ANN_PHONE).build());
		Pending byEmail = pending(command("c1", 1).email(ANN).build());
		Pending byPhone = pending(command("c2", 2).phone(ANN_PHONE).build());

		List<List<Pending>> groups = Grouping.groups(List.of(byEmail, byPhone), List.of(theirs));

		assertThat(groups).containsExactly(List.of(byEmail), List.of(byPhone));
	}

	@Test
	void returnsNoGroupsForAnEmptyBatch() {
		assertThat(Grouping.groups(List.of(), List.of())).isEmpty();
	}

	static LongStream seeds() {
		String one = System.getProperty("grouping.seed");
		if (one != null && !one.isBlank()) {
			return LongStream.of(Long.parseLong(one.trim()));
		}
		return LongStream.rangeClosed(1, Long.getLong("grouping.seeds", SEEDS));
	}

	/**
	 * A random batch over tiny pools of identifiers (so keys collide often), with random
	 * stored contacts of two tenants: the groups are a partition of the batch in batch
	 * order, and they are exactly the sets of commands connected by shared keys, directly
	 * or through stored contacts.
	 */
	@ParameterizedTest(name = "seed={0}")
	@MethodSource("seeds")
	void groupsAreTheConnectedCommandsInBatchOrder(long seed) {
		RandomGenerator random = new Random(seed);
		List<Contact> loaded = new ArrayList<>();
		int contacts = random.nextInt(5);
		for (int i = 0; i < contacts; i++) {
			// Stored people mostly have both: they link an email to a phone.
			UpsertCommand.Builder creating = randomCommand(random, "s" + i);
			if (random.nextInt(4) != 0) {
				creating.email(email(random)).phone(phone(random));
			}
			loaded.add(stored(creating.build()));
		}
		List<Pending> batch = new ArrayList<>();
		int size = 1 + random.nextInt(12);
		for (int i = 0; i < size; i++) {
			// Now and then a redelivery: same command id, maybe other identifiers.
			String id = (i > 0 && random.nextInt(6) == 0) ? "c" + random.nextInt(i) : "c" + i;
			batch.add(pending(randomCommand(random, id).build()));
		}

		List<List<Pending>> groups = Grouping.groups(batch, loaded);

		String context = "seed=" + seed + " batch=" + describe(batch) + " loaded=" + describeContacts(loaded)
				+ " groups=" + groups.stream().map(GroupingTests::describe).toList();
		Map<Pending, Integer> groupOf = new IdentityHashMap<>();
		for (int g = 0; g < groups.size(); g++) {
			for (Pending pending : groups.get(g)) {
				assertThat(groupOf.put(pending, g)).as("%s: a command in two groups", context).isNull();
			}
			assertThat(groups.get(g)).as("%s: empty group", context).isNotEmpty();
		}
		assertThat(groupOf).as("%s: every command in a group", context).hasSize(batch.size());
		for (List<Pending> group : groups) {
			assertThat(group).as("%s: one tenant per group", context)
				.extracting((pending) -> pending.command().tenantId())
				.containsOnly(group.get(0).command().tenantId());
			List<Integer> positions = group.stream().map((pending) -> indexOf(batch, pending)).toList();
			assertThat(positions).as("%s: batch order within a group", context).isSorted();
		}
		Map<String, Integer> component = components(batch, loaded);
		for (Pending a : batch) {
			for (Pending b : batch) {
				boolean shareKey = a.keys().stream().anyMatch(b.keys()::contains);
				if (shareKey) {
					assertThat(groupOf.get(a)).as("%s: %s and %s share a key", context, a.keys(), b.keys())
						.isEqualTo(groupOf.get(b));
				}
				boolean connected = component.get(a.keys().get(0)).equals(component.get(b.keys().get(0)));
				assertThat(groupOf.get(a).equals(groupOf.get(b)))
					.as("%s: %s and %s connected=%s", context, a.keys(), b.keys(), connected)
					.isEqualTo(connected);
			}
		}
	}

	/**
	 * Reference for the property: gives every key the smallest label among the keys it is
	 * connected to, relaxing until nothing changes. Slow but obviously right, and
	 * independent of the union-find under test.
	 */
	private static Map<String, Integer> components(List<Pending> batch, Collection<Contact> loaded) {
		List<List<String>> items = new ArrayList<>();
		batch.forEach((pending) -> items.add(pending.keys()));
		loaded.forEach((contact) -> items.add(ContactKeys.of(contact)));
		Map<String, Integer> label = new HashMap<>();
		int next = 0;
		for (List<String> keys : items) {
			for (String key : keys) {
				if (!label.containsKey(key)) {
					label.put(key, next++);
				}
			}
		}
		boolean changed = true;
		while (changed) {
			changed = false;
			for (List<String> keys : items) {
				int min = keys.stream().mapToInt(label::get).min().orElseThrow();
				for (String key : keys) {
					if (label.get(key) != min) {
						label.put(key, min);
						changed = true;
					}
				}
			}
		}
		return label;
	}

	/** A command of one of two tenants, with at least one identifier from tiny pools. */
	private static UpsertCommand.Builder randomCommand(RandomGenerator random, String id) {
		UpsertCommand.Builder command = command(id, random.nextInt(60));
		if (random.nextInt(4) == 0) {
			command.tenantId(OTHER_TENANT);
		}
		boolean email = random.nextBoolean();
		boolean phone = random.nextBoolean();
		boolean source = random.nextInt(3) == 0;
		if (!email && !phone && !source) {
			email = true;
		}
		if (email) {
			command.email(email(random));
		}
		if (phone) {
			command.phone(phone(random));
		}
		if (source) {
			command.source(new SourceLink("crm", "r-" + random.nextInt(3)));
		}
		return command;
	}

	private static String email(RandomGenerator random) {
		return "person" + random.nextInt(4) + "@example.org";
	}

	private static String phone(RandomGenerator random) {
		return "+1 650-253-000" + random.nextInt(4);
	}

	private static Contact stored(UpsertCommand creating) {
		Created created = (Created) ENGINE.apply(normalized(creating), List.of(), T0);
		return created.contact();
	}

	private static int indexOf(List<Pending> batch, Pending pending) {
		for (int i = 0; i < batch.size(); i++) {
			if (batch.get(i) == pending) {
				return i;
			}
		}
		throw new AssertionError("not in the batch: " + pending.keys());
	}

	private static List<String> describe(List<Pending> commands) {
		return commands.stream().map((pending) -> pending.command().commandId() + pending.keys().toString()).toList();
	}

	private static List<List<String>> describeContacts(List<Contact> contacts) {
		return contacts.stream().map(ContactKeys::of).toList();
	}

}
