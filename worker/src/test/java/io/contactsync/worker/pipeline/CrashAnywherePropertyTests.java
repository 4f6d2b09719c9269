package io.contactsync.worker.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import io.contactsync.contracts.ContactField;
import io.contactsync.contracts.ContactUpsertCommand;
import io.contactsync.contracts.CustomField;
import io.contactsync.contracts.SourceRef;
import io.contactsync.contracts.TextValue;
import io.contactsync.worker.deadletter.DeadLetter;
import io.contactsync.worker.deadletter.DeadLetterSink;
import io.contactsync.worker.events.SingleObjectEncoder;
import io.contactsync.worker.failure.TransientFailureException;
import io.contactsync.worker.merge.Contact;
import io.contactsync.worker.merge.ContactId;
import io.contactsync.worker.merge.LookupKeys;
import io.contactsync.worker.merge.TenantId;
import io.contactsync.worker.observability.WorkerMetrics;
import io.contactsync.worker.outbox.EventSink;
import io.contactsync.worker.outbox.Origin;
import io.contactsync.worker.outbox.OutboxDelivery;
import io.contactsync.worker.outbox.OutboxRelay;
import io.contactsync.worker.outbox.OutboxSettings;
import io.contactsync.worker.outbox.PendingEvent;
import io.contactsync.worker.store.ContactWrite;
import io.contactsync.worker.store.Contacts;
import io.contactsync.worker.store.StoredContact;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.util.unit.DataSize;

import static io.contactsync.worker.pipeline.PendingCommands.ENGINE;
import static io.contactsync.worker.pipeline.PendingCommands.NOW;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outbox promise of "No lost events" in docs/architecture.md, checked by crashing the
 * worker anywhere in a batch. A seeded workload about a few overlapping people (shared
 * phones, phone-only commands, stale and repeated commands) is consumed from one or two
 * partitions, by one or two worker processes, through the real {@link BatchProcessor}
 * over {@link FakeContacts}. Batches of the other partition sometimes run in the middle
 * of a batch, just before its write (as a second consumer thread or instance would), so
 * batches race for contacts and find each other's outbox entries.
 * <p>
 * A crash can hit before the write, in the middle of the bulk write (some documents
 * stored), after the write, before or in the middle of the publish, or after the publish
 * but before the commit. A crashed process loses its memory (its {@link OutboxLedger} and
 * the {@link GroupOffsets} it read): a new one takes over, the committed offsets stay
 * where they were, and the records come again from the committed offset, in batches that
 * may be cut differently. Some failures are not crashes: the error handler retries the
 * same records in the same process, the commit fails and the same process gets the
 * records again, or a failure that is not transient hits after the write and the
 * processor splits the batch in halves (another way to cut a batch differently, without a
 * crash). The clock moves on with every attempt and every restart, so the leftover grace
 * sometimes passes while an entry waits.
 * <p>
 * Once every record is committed: every event ever stored was published, one contact owns
 * each identifier, the contacts are those of the same workload run without failures, no
 * event was published more often than failures (crashes and retries) allow, and an event
 * id names one change. No quiet batch is needed at the end: once every record is
 * committed, every origin is out, so no batch would publish an entry any more (an entry
 * not published by then is lost for good, which is what the first property looks for).
 * <p>
 * <b>Replaying a failure.</b> Every failure message starts with {@code seed=N}; run only
 * that seed with
 * {@code ./mvnw -o -pl worker test -Dtest=CrashAnywherePropertyTests -Dcrash.seed=N}, or
 * more seeds with {@code -Dcrash.seeds=2000}. The message also lists the run's failures
 * in order ({@code p0@5..9 AFTER_WRITE crash}); {@code -Dcrash.trace=true} prints what
 * each run stored, published and committed, and when.
 */
class CrashAnywherePropertyTests {

	static final int SEEDS = 100;

	private static final boolean TRACE = Boolean.getBoolean("crash.trace");

	private static final String GROUP = "contact-sync";

	private static final String TOPIC = "commands";

	private static final String TENANT = "tenant-crash";

	private static final int MAX_BATCH = 8;

	/** Failures per run at most: enough for several per partition, and an end. */
	private static final int FAULT_BUDGET = 12;

	private static final Duration OFFSETS_REFRESH = Duration.ofSeconds(1);

	private static final PipelineSettings SETTINGS = new PipelineSettings(TOPIC, "events", "dlt", "state", 2, 2, true,
			PipelineSettings.Mode.BATCHED, Duration.ofMillis(200), Duration.ofSeconds(30), 10, Duration.ofSeconds(60),
			Duration.ofSeconds(10), DataSize.ofKilobytes(256), DataSize.ofKilobytes(960), Duration.ofMinutes(1),
			Duration.ofMinutes(15), Duration.ofMinutes(1));

	/** Each seed's two runs, shared by the properties (each asserts one thing). */
	private static final Map<Long, Runs> RUNS = new ConcurrentHashMap<>();

	static LongStream seeds() {
		String one = System.getProperty("crash.seed");
		if (one != null && !one.isBlank()) {
			return LongStream.of(Long.parseLong(one.trim()));
		}
		return LongStream.rangeClosed(1, Long.getLong("crash.seeds", SEEDS));
	}

	/**
	 * The default seeds, and seeds that lost an event before a redelivered record found
	 * its contact by the record (a later command of its batch had moved the identifier it
	 * was matched by).
	 */
	static LongStream seedsAndLostEventSeeds() {
		if (System.getProperty("crash.seed") != null) {
			return seeds();
		}
		return LongStream.concat(seeds(), LongStream.of(1041, 1217, 1662, 2898, 4409));
	}

	/**
	 * Properties 1 and 2: a change is stored with its event, so an event that reached the
	 * store (in any outbox entry, of any version of its contact) must reach the broker,
	 * whatever happened after the write.
	 */
	@ParameterizedTest(name = "seed={0}")
	@MethodSource("seedsAndLostEventSeeds")
	void publishesEveryEventThatWasEverStored(long seed) {
		Runs runs = runs(seed);
		for (Run run : List.of(runs.calm(), runs.crashing())) {
			Map<String, String> lost = new TreeMap<>(run.stored);
			lost.keySet().removeAll(run.published.keySet());
			assertThat(lost).as("%s: events stored and never published (%s run)", runs.context(run), run.name)
				.isEmpty();
		}
	}

	/** Property 3: the unique keys hold through every crash and redelivery. */
	@ParameterizedTest(name = "seed={0}")
	@MethodSource("seeds")
	void keepsOneContactPerIdentifier(long seed) {
		Runs runs = runs(seed);
		Run run = runs.crashing();
		for (String kind : List.of("email", "phone")) {
			Map<String, List<ContactId>> owners = run.store.all()
				.stream()
				.map(StoredContact::contact)
				.filter((contact) -> identifier(contact, kind) != null)
				.collect(Collectors.groupingBy((contact) -> identifier(contact, kind),
						Collectors.mapping(Contact::id, Collectors.toList())));
			assertThat(owners).as("%s: %s owned by more than one contact", runs.context(run), kind)
				.allSatisfy((value, contacts) -> assertThat(contacts).hasSize(1));
		}
	}

	/**
	 * Property 4: crashes and redeliveries change nothing the contacts hold (fields with
	 * their stamps, tags, custom fields, DND, source links).
	 */
	@Disabled("Known defect, fails for seed 78 and about 1 % of seeds: a redelivered command whose write left "
			+ "no outbox entry (no visible change, or its entry is gone) is matched again, against identifiers "
			+ "later commands may have moved, and can change another contact. See the closing note of issue 13.")
	@ParameterizedTest(name = "seed={0}")
	@MethodSource("seeds")
	void endsWithTheContactsOfARunWithoutFailures(long seed) {
		Runs runs = runs(seed);
		Map<String, Workload.State> calm = states(runs.calm().store);
		Map<String, Workload.State> crashing = states(runs.crashing().store);
		// Only the contacts that differ, side by side: whole stores are hard to read.
		Map<String, String> differences = new TreeMap<>();
		for (String name : union(calm.keySet(), crashing.keySet())) {
			if (!Objects.equals(calm.get(name), crashing.get(name))) {
				differences.put(name, "%n  without failures: %s%n  with failures:    %s%n".formatted(calm.get(name),
						crashing.get(name)));
			}
		}
		assertThat(differences)
			.as("%s: contacts that differ from those of the run without failures", runs.context(runs.crashing()))
			.isEmpty();
	}

	/**
	 * Property 5: duplicates come from failures only (a batch published again because it
	 * was not committed, an entry published by a later batch because its own did not
	 * finish), so they are bounded by the failures of the run. Counted per change (id and
	 * version), so that a reused id is not mistaken for a duplicate.
	 */
	@ParameterizedTest(name = "seed={0}")
	@MethodSource("seeds")
	void publishesAnEventAgainOnlyAsOftenAsBatchesFailed(long seed) {
		Runs runs = runs(seed);
		Run run = runs.crashing();
		Map.Entry<String, Integer> most = run.published.entrySet()
			.stream()
			.max(Map.Entry.comparingByValue())
			.orElse(Map.entry("none", 0));
		int bound = run.failures() + 2;
		assertThat(most.getValue())
			.as("%s: event %s published %d times; bound is failures + 2 = %d (without failures: at most %d)",
					runs.context(run), most.getKey(), most.getValue(), bound, runs.calm().mostPublications())
			.isLessThanOrEqualTo(bound);
		// Without failures nothing goes out twice.
		assertThat(runs.calm().mostPublications()).as("%s: duplicates without failures", runs.context(runs.calm()))
			.isLessThanOrEqualTo(1);
	}

	/**
	 * Subscribers drop an event whose id they have seen ("Dedupe" in
	 * docs/subscribing.md), so two different changes must never share an id: the second
	 * would be dropped as a redelivery of the first.
	 */
	@ParameterizedTest(name = "seed={0}")
	@MethodSource("seeds")
	void givesEveryStoredChangeItsOwnEventId(long seed) {
		Runs runs = runs(seed);
		for (Run run : List.of(runs.calm(), runs.crashing())) {
			assertThat(run.versions)
				.as("%s: event ids stored for more than one contact version (%s run)", runs.context(run), run.name)
				.allSatisfy((id, versions) -> assertThat(versions).hasSize(1));
		}
	}

	private static Runs runs(long seed) {
		return RUNS.computeIfAbsent(seed, (s) -> {
			Scenario scenario = Scenario.generate(s);
			return new Runs(scenario, new Run(scenario, false).play(), new Run(scenario, true).play());
		});
	}

	private static Set<String> union(Set<String> one, Set<String> other) {
		Set<String> all = new TreeSet<>(one);
		all.addAll(other);
		return all;
	}

	/** An event as subscribers see it: its id and the contact version it describes. */
	private static String change(PendingEvent event) {
		return event.eventId() + " v" + event.contactVersion();
	}

	private static String identifier(Contact contact, String kind) {
		return kind.equals("email") ? contact.email().orElse(null) : contact.phone().orElse(null);
	}

	/**
	 * The contacts by an identifier that does not depend on which of two racing commands
	 * created the contact (its id does).
	 */
	private static Map<String, Workload.State> states(FakeContacts store) {
		Map<String, Workload.State> states = new TreeMap<>();
		for (StoredContact stored : store.all()) {
			Contact contact = stored.contact();
			String name = contact.email()
				.map((email) -> "email " + email)
				.or(() -> contact.phone().map((phone) -> "phone " + phone))
				.orElse("id " + contact.id().value());
			assertThat(states.put(name, Workload.State.of(contact))).as("two contacts are " + name).isNull();
		}
		return states;
	}

	/** A seed's run without failures and its run with them. */
	private record Runs(Scenario scenario, Run calm, Run crashing) {

		String context(Run run) {
			return "seed=" + this.scenario.seed() + " (replay: -Dcrash.seed=" + this.scenario.seed() + ") "
					+ this.scenario.describe() + ", " + run.summary();
		}

	}

	/** The records of a seed, per partition in offset order, and its worker processes. */
	private record Scenario(long seed, int instances, List<List<ConsumerRecord<String, DecodedCommand>>> partitions) {

		private static final List<String> CITIES = List.of("Austin", "Boston", "Chicago");

		private static final List<String> TAGS = List.of("lead", "vip", "trial");

		static Scenario generate(long seed) {
			SplittableRandom random = new SplittableRandom(seed);
			int partitionCount = 1 + random.nextInt(2);
			int instances = (partitionCount == 2) ? 1 + random.nextInt(2) : 1;
			int people = (partitionCount == 1) ? 3 + random.nextInt(2) : 2 + random.nextInt(2);
			int size = 20 + random.nextInt(20);
			Instant base = PendingCommands.T0;
			List<ContactUpsertCommand> commands = new ArrayList<>();
			// On one partition the commands are applied in offset order in every run,
			// so they may overlap in ways whose outcome depends on that order:
			// phone-only commands, phones shared by two people, phones cleared.
			// Across two partitions the order of application varies with the
			// schedule, so every command names its person's email (and own phone, if
			// any): the same person still arrives on both partitions, and the
			// contacts must not depend on the order.
			boolean overlapping = partitionCount == 1;
			for (int i = 0; i < size; i++) {
				int person = random.nextInt(people);
				// Without a record id a command finds its contact by email or phone only.
				String recordId = random.nextBoolean() ? "rec-" + person : null;
				var command = ContactUpsertCommand.newBuilder()
					.setCommandId(UUID.nameUUIDFromBytes((seed + "/" + i).getBytes()).toString())
					.setTenantId(TENANT)
					.setSource(new SourceRef("crm-" + random.nextInt(2), recordId))
					// Ten minutes of time for a few dozen commands: stale writes are
					// common.
					.setOccurredAt(base.plusSeconds(random.nextInt(600)));
				if (!overlapping || random.nextInt(5) != 0) {
					// People change their email now and then: a command found by its
					// source link or phone moves the contact to the new one.
					String alias = (overlapping && random.nextInt(4) == 0) ? ".new" : "";
					command.setEmail("person" + person + alias + "@example.org");
				}
				if (command.getEmail() == null || random.nextBoolean()) {
					// Often the phone of the next person (a household).
					int holder = (overlapping && random.nextInt(2) == 0) ? (person + 1) % people : person;
					command.setPhone(String.format("+1415555%04d", holder));
				}
				switch (random.nextInt(7)) {
					case 0 -> command.setCity(CITIES.get(random.nextInt(CITIES.size())));
					case 1 -> command.setFirstName("Name" + random.nextInt(3));
					case 2 -> command.setAddTags(List.of(TAGS.get(random.nextInt(TAGS.size()))));
					case 3 -> command
						.setCustomFields(List.of(new CustomField("plan", new TextValue("plan-" + random.nextInt(3)))));
					case 4 -> command.setClear(List.of(ContactField.CITY));
					case 5 -> {
						if (overlapping && command.getEmail() != null && command.getPhone() == null) {
							// Frees the phone for another contact.
							command.setClear(List.of(ContactField.PHONE));
						}
						else {
							command.setCity(CITIES.get(random.nextInt(CITIES.size())));
						}
					}
					default -> command.setLastName("Last" + random.nextInt(3));
				}
				commands.add(command.build());
			}
			// Producers send some commands twice, the second copy a little later.
			for (int i = commands.size() - 1; i >= 0; i--) {
				if (random.nextInt(8) == 0) {
					commands.add(Math.min(commands.size(), i + 1 + random.nextInt(5)), commands.get(i));
				}
			}
			List<List<ConsumerRecord<String, DecodedCommand>>> partitions = new ArrayList<>();
			for (int p = 0; p < partitionCount; p++) {
				partitions.add(new ArrayList<>());
			}
			for (ContactUpsertCommand command : commands) {
				// Keyed by email or by phone (as different producers do), so one
				// person's commands travel on both partitions and race each other.
				String key = (command.getPhone() == null || (command.getEmail() != null && random.nextBoolean()))
						? TENANT + "|e|" + command.getEmail() : TENANT + "|p|" + command.getPhone();
				int partition = Math.floorMod(key.hashCode(), partitionCount);
				List<ConsumerRecord<String, DecodedCommand>> log = partitions.get(partition);
				log.add(record(partition, log.size(), key, command));
			}
			return new Scenario(seed, instances, partitions);
		}

		private static ConsumerRecord<String, DecodedCommand> record(int partition, long offset, String key,
				ContactUpsertCommand command) {
			return new ConsumerRecord<>(TOPIC, partition, offset, key, new DecodedCommand(bytes(command), command));
		}

		private static byte[] bytes(ContactUpsertCommand command) {
			try {
				ByteBuffer encoded = command.toByteBuffer();
				byte[] raw = new byte[encoded.remaining()];
				encoded.get(raw);
				return raw;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		int partitionCount() {
			return this.partitions.size();
		}

		String describe() {
			return this.partitions.size() + " partition(s) " + this.partitions.stream().map(List::size).toList()
					+ " read by " + this.instances + " process(es)";
		}

	}

	/** Where a failure hits a batch. */
	private enum Fault {

		NONE, BEFORE_WRITE, DURING_WRITE, AFTER_WRITE, BEFORE_PUBLISH, DURING_PUBLISH, BEFORE_COMMIT,

		/**
		 * After the write, a failure that is not transient (a defect this batch
		 * triggers): the same process splits the batch in halves and applies each.
		 */
		DEFECT_AFTER_WRITE

	}

	/** One try at one batch, and the failure it is to meet. */
	private static final class Attempt {

		final Run.Worker worker;

		final int partition;

		final List<ConsumerRecord<String, DecodedCommand>> records;

		final Fault fault;

		/** Whether the failure kills the process; else the same process tries again. */
		final boolean crash;

		/**
		 * A partition whose next batch runs just before this one's first write; or -1.
		 */
		int competitor;

		boolean fired;

		Attempt(Run.Worker worker, int partition, List<ConsumerRecord<String, DecodedCommand>> records, Fault fault,
				boolean crash, int competitor) {
			this.worker = worker;
			this.partition = partition;
			this.records = records;
			this.fault = fault;
			this.crash = crash;
			this.competitor = competitor;
		}

		boolean meets(Fault point) {
			return this.fault == point && !this.fired;
		}

		String where() {
			return "p" + this.partition + "@" + this.records.get(0).offset() + ".."
					+ this.records.get(this.records.size() - 1).offset();
		}

	}

	/**
	 * One run of a scenario: a store, a broker (committed offsets and the published
	 * events), and worker processes that may crash.
	 */
	private static final class Run {

		final String name;

		final Scenario scenario;

		final boolean failing;

		/** Batch sizes, which partition goes next, interleavings, the clock. */
		final SplittableRandom schedule;

		/** Which failures hit where. */
		final SplittableRandom faults;

		final MutableClock clock = new MutableClock(NOW);

		final FakeContacts store = new FakeContacts();

		final Contacts contacts = new CrashingContacts();

		final EventSink sink = new CrashingSink();

		final DeadLetterSink deadLetters = (letters) -> {
			if (!letters.isEmpty()) {
				throw new AssertionError("no command of the workload is to be dead-lettered: "
						+ letters.stream().map(DeadLetter::detail).toList());
			}
		};

		/** Per partition: the group's committed offset (the next record to read). */
		final long[] committed;

		final List<List<ConsumerRecord<String, DecodedCommand>>> logs;

		final Worker[] workers;

		final Deque<Attempt> attempts = new ArrayDeque<>();

		/**
		 * Every event that reached the store, as {@code id vN} (N its contact version):
		 * where it was first stored.
		 */
		final Map<String, String> stored = new LinkedHashMap<>();

		/** The contact versions stored under each event id. */
		final Map<String, Set<Long>> versions = new TreeMap<>();

		/** How often each event ({@code id vN}) was published. */
		final Map<String, Integer> published = new HashMap<>();

		final List<String> trace = new ArrayList<>();

		int crashes;

		int retries;

		int budget = FAULT_BUDGET;

		Run(Scenario scenario, boolean failing) {
			this.name = failing ? "crashing" : "calm";
			this.scenario = scenario;
			this.failing = failing;
			this.schedule = new SplittableRandom(scenario.seed() * 31 + 7);
			this.faults = new SplittableRandom(scenario.seed() * 17 + 3);
			this.logs = new ArrayList<>(scenario.partitions());
			this.committed = new long[scenario.partitionCount()];
			this.workers = new Worker[scenario.instances()];
			for (int i = 0; i < this.workers.length; i++) {
				this.workers[i] = new Worker(i);
			}
		}

		Run play() {
			while (true) {
				List<Integer> open = new ArrayList<>();
				for (int p = 0; p < this.committed.length; p++) {
					if (this.committed[p] < this.logs.get(p).size()) {
						open.add(p);
					}
				}
				if (open.isEmpty()) {
					break;
				}
				nextBatch(open.get(this.schedule.nextInt(open.size())), true);
			}
			return this;
		}

		/** The next batch of a partition, from its committed offset. */
		void nextBatch(int partition, boolean mayInterleave) {
			List<ConsumerRecord<String, DecodedCommand>> log = this.logs.get(partition);
			int from = (int) this.committed[partition];
			if (from >= log.size()) {
				return;
			}
			List<ConsumerRecord<String, DecodedCommand>> records = log.subList(from,
					Math.min(log.size(), from + 1 + this.schedule.nextInt(MAX_BATCH)));
			int other = 1 - partition;
			boolean interleave = mayInterleave && this.committed.length == 2 && this.schedule.nextInt(3) == 0
					&& this.committed[other] < this.logs.get(other).size();
			deliver(partition, records, interleave ? other : -1, this.failing);
		}

		/**
		 * Processes a batch as the listener container does: on a failure the error
		 * handler tries the same records again in the same process; a crash ends the
		 * process, and the records come again from the committed offset, later.
		 */
		void deliver(int partition, List<ConsumerRecord<String, DecodedCommand>> records, int competitor,
				boolean mayFail) {
			for (int tries = 1;; tries++) {
				assertThat(tries).as("a batch that never gets through").isLessThan(50);
				Worker worker = this.workers[partition % this.workers.length];
				Attempt attempt = chooseFault(worker, partition, records, competitor, mayFail);
				competitor = -1;
				this.clock.advance(Duration.ofMillis(this.schedule.nextInt(3000)));
				this.attempts.push(attempt);
				try {
					worker.processor.process(records);
				}
				catch (TransientFailureException ex) {
					if (!attempt.fired && !worker.dead) {
						throw new AssertionError("unexpected failure of " + attempt.where(), ex);
					}
					if (worker.dead) {
						// Redelivered from the committed offset when the scheduler
						// comes back to this partition.
						return;
					}
					continue;
				}
				finally {
					this.attempts.pop();
				}
				if (attempt.meets(Fault.BEFORE_COMMIT)) {
					// Published, not committed: with a crash the ledger is lost too;
					// without, the commit failed and the same process gets them again.
					fire(attempt, "before the commit");
					return;
				}
				this.committed[partition] = records.get(records.size() - 1).offset() + 1;
				log(attempt.where() + " committed");
				return;
			}
		}

		private Attempt chooseFault(Worker worker, int partition, List<ConsumerRecord<String, DecodedCommand>> records,
				int competitor, boolean mayFail) {
			Fault fault = Fault.NONE;
			boolean crash = false;
			if (mayFail && this.budget > 0 && this.faults.nextInt(3) == 0) {
				Fault[] points = Fault.values();
				fault = points[1 + this.faults.nextInt(points.length - 1)];
				crash = fault != Fault.DEFECT_AFTER_WRITE && this.faults.nextInt(3) != 0;
			}
			return new Attempt(worker, partition, records, fault, crash, competitor);
		}

		/** The failure happens: a crash ends the process, and a new one starts later. */
		TransientFailureException fire(Attempt attempt, String where) {
			attempt.fired = true;
			this.budget--;
			this.trace.add(attempt.where() + " " + attempt.fault + (attempt.crash ? " crash" : " retry"));
			log("FAILS " + this.trace.get(this.trace.size() - 1));
			if (attempt.crash) {
				crash(attempt.worker);
			}
			else {
				this.retries++;
			}
			return new TransientFailureException("simulated failure " + where);
		}

		private void crash(Worker worker) {
			if (worker.dead) {
				return;
			}
			worker.dead = true;
			this.crashes++;
			this.workers[worker.index] = new Worker(worker.index);
			// A restart and a rebalance take a while: sometimes past the leftover grace.
			this.clock.advance(Duration.ofMillis(this.faults.nextInt(20_000)));
		}

		/**
		 * With {@code -Dcrash.trace=true}, what a run did (stores, publishes, commits,
		 * failures), for the analysis of a failing seed.
		 */
		void log(String line) {
			if (TRACE) {
				System.out.println(this.name + " t=" + this.clock.instant() + " " + line);
			}
		}

		private static String origin(Origin origin) {
			return (origin != null) ? "p" + origin.partition() + "@" + origin.offset() : "no origin";
		}

		int failures() {
			return this.crashes + this.retries;
		}

		int mostPublications() {
			return this.published.values().stream().mapToInt(Integer::intValue).max().orElse(0);
		}

		String summary() {
			return this.name + " run: " + this.crashes + " crashes, " + this.retries + " retries " + this.trace;
		}

		/** One incarnation of a worker process: its memory dies with it. */
		final class Worker {

			final int index;

			final OutboxLedger ledger;

			final BatchProcessor processor;

			boolean dead;

			Worker(int index) {
				this.index = index;
				this.ledger = new OutboxLedger(new BrokerOffsets());
				WorkerMetrics metrics = new WorkerMetrics(new SimpleMeterRegistry());
				RecordDecoder decoder = new RecordDecoder(ENGINE, metrics, SETTINGS.maxCommandSize(), () -> {
					throw new AssertionError("no record needs decoding again here");
				});
				ConflictRounds rounds = new ConflictRounds(ENGINE, new SingleObjectEncoder(), Run.this.contacts,
						this.ledger, metrics, SETTINGS, new OutboxSettings(OFFSETS_REFRESH, Duration.ofDays(7)),
						Run.this.clock);
				this.processor = new BatchProcessor(decoder, Run.this.deadLetters, rounds,
						new OutboxRelay(Run.this.sink, metrics), this.ledger, GROUP, metrics,
						new BatchTracker(metrics, SETTINGS, Run.this.clock), SETTINGS);
			}

		}

		/**
		 * The committed offsets as the Admin API reports them: read at most once per
		 * refresh, so possibly a little behind (which may only keep entries longer).
		 */
		final class BrokerOffsets extends GroupOffsets {

			private long[] snapshot;

			private Instant readAt;

			BrokerOffsets() {
				super(null, OFFSETS_REFRESH, Run.this.clock);
			}

			@Override
			public boolean isCommitted(Origin origin) {
				Instant now = Run.this.clock.instant();
				if (this.snapshot == null || !this.readAt.plus(OFFSETS_REFRESH).isAfter(now)) {
					this.snapshot = Run.this.committed.clone();
					this.readAt = now;
				}
				return origin.group().equals(GROUP) && origin.topic().equals(TOPIC)
						&& this.snapshot[origin.partition()] > origin.offset();
			}

		}

		/**
		 * The store, with the failures of the attempt in hand, the other partition's
		 * batch run just before a write, and a record of every event stored.
		 */
		final class CrashingContacts implements Contacts {

			@Override
			public Map<ContactId, StoredContact> load(Collection<LookupKeys> lookups,
					Map<TenantId, Set<Origin>> records) {
				return Run.this.store.load(lookups, records);
			}

			@Override
			public Set<ContactId> write(List<ContactWrite> writes) {
				Attempt attempt = Run.this.attempts.peek();
				if (attempt.competitor >= 0) {
					// Another consumer's batch gets in between this one's look-up and its
					// write: it may change the same contacts, or find our entries.
					int other = attempt.competitor;
					attempt.competitor = -1;
					nextBatch(other, false);
				}
				if (attempt.worker.dead) {
					// The other consumer crashed the process this batch runs in.
					throw new TransientFailureException("simulated crash of the process");
				}
				if (attempt.meets(Fault.BEFORE_WRITE)) {
					throw fire(attempt, "before the write");
				}
				if (attempt.meets(Fault.DURING_WRITE)) {
					// Each document is written whole or not at all: some are.
					List<ContactWrite> some = writes.stream().filter((write) -> Run.this.faults.nextBoolean()).toList();
					stored(some, Run.this.store.write(some));
					throw fire(attempt, "during the write");
				}
				Set<ContactId> lost = Run.this.store.write(writes);
				stored(writes, lost);
				if (attempt.meets(Fault.DEFECT_AFTER_WRITE) && attempt.records.size() > 1) {
					// (A record that fails alone would be dead-lettered: not this
					// test's subject.)
					fire(attempt, "after the write");
					throw new IllegalStateException("simulated defect that only this batch triggers");
				}
				if (attempt.meets(Fault.AFTER_WRITE)) {
					throw fire(attempt, "after the write");
				}
				return lost;
			}

			private void stored(List<ContactWrite> writes, Set<ContactId> lost) {
				for (ContactWrite write : writes) {
					if (lost.contains(write.contact().id())) {
						continue;
					}
					for (PendingEvent event : write.outbox()) {
						log(Run.this.attempts.peek().where() + " stores " + change(event) + " of contact "
								+ write.contact().id().value() + " (now v" + write.contact().version() + ", "
								+ write.contact().email().orElse("-") + ", " + write.contact().phone().orElse("-")
								+ ") from " + origin(event.origin()) + ", stored at " + event.storedAt());
						Run.this.stored.putIfAbsent(change(event),
								"contact " + write.contact().id().value() + " from " + event.origin());
						Run.this.versions.computeIfAbsent(event.eventId(), (id) -> new TreeSet<>())
							.add(event.contactVersion());
					}
				}
			}

		}

		/** The broker: counts what is published, and fails as the attempt says. */
		final class CrashingSink implements EventSink {

			@Override
			public Set<String> publish(Collection<OutboxDelivery> deliveries) {
				Attempt attempt = Run.this.attempts.peek();
				if (attempt.meets(Fault.BEFORE_PUBLISH)) {
					throw fire(attempt, "before the publish");
				}
				List<PendingEvent> events = deliveries.stream()
					.flatMap((delivery) -> delivery.events().stream())
					.toList();
				// In the middle of the publish, some records are acknowledged.
				int acknowledged = attempt.meets(Fault.DURING_PUBLISH) ? Run.this.faults.nextInt(events.size())
						: events.size();
				for (PendingEvent event : events.subList(0, acknowledged)) {
					Run.this.published.merge(change(event), 1, Integer::sum);
					log(attempt.where() + " publishes " + change(event) + " from " + origin(event.origin()) + ": "
							+ SingleObjectEncoder.decode(event.wire()).getChanges());
				}
				if (acknowledged < events.size()) {
					throw fire(attempt, "during the publish");
				}
				return Set.of();
			}

		}

	}

}
