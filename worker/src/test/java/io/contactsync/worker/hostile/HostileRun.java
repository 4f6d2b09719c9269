package io.contactsync.worker.hostile;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.contactsync.contracts.ContactUpsertCommand;
import io.contactsync.contracts.RegistrySerdes;
import io.contactsync.worker.Endpoints;
import io.contactsync.worker.WorkerInstance;
import io.contactsync.worker.deadletter.DeadLetters;
import io.contactsync.worker.hostile.HostileCorpus.Hostile;
import io.contactsync.worker.hostile.HostileCorpus.Outcome;
import io.contactsync.worker.hostile.HostileCorpus.Payload;
import io.contactsync.worker.merge.Contact;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Runs a hostile corpus through a real worker on the local stack and checks the pass
 * criteria of docs/hostile-input.md. Used by {@link HostileInputIntegrationTests} (a
 * short corpus) and {@link HostileInputRun} (100,000 records).
 */
final class HostileRun {

	private static final long MIB = 1024 * 1024;

	/**
	 * What to run.
	 *
	 * @param seed corpus seed
	 * @param records corpus size
	 * @param maxHeapGrowthBytes how far the heap in use after any collection may rise
	 * above the live heap before the run (the broker and the store live in this JVM too)
	 * @param maxBatchRetries how many failed batch attempts are tolerated
	 * @param timeout how long the worker may take to reach the end of the topic
	 * @param quietConsole keep worker log lines off the console (they are still read)
	 */
	record Settings(long seed, int records, long maxHeapGrowthBytes, int maxBatchRetries, Duration timeout,
			boolean quietConsole) {

		/** Settings from {@code hostile.*} system properties, with these defaults. */
		static Settings fromSystemProperties(long seed, int records, long maxHeapGrowthMiB, Duration timeout) {
			return new Settings(Long.getLong("hostile.seed", seed), Integer.getInteger("hostile.records", records),
					Long.getLong("hostile.maxHeapGrowthMiB", maxHeapGrowthMiB) * MIB,
					Integer.getInteger("hostile.maxBatchRetries", 3),
					Duration.ofSeconds(Long.getLong("hostile.timeoutSeconds", timeout.toSeconds())), false);
		}

		String replay() {
			return "seed=" + this.seed + " records=" + this.records + " (replay: -Dhostile.seed=" + this.seed
					+ " -Dhostile.records=" + this.records + ")";
		}

	}

	/**
	 * One pass criterion.
	 *
	 * @param name what it checks
	 * @param passed whether it held
	 * @param detail figures and, when it failed, the first offending records
	 */
	record Criterion(String name, boolean passed, String detail) {
	}

	/** What a run measured and which criteria held. */
	record Report(Settings settings, List<String> figures, List<Criterion> criteria, List<String> observations,
			List<String> deadLetterDetails) {

		boolean passed() {
			return this.criteria.stream().allMatch(Criterion::passed);
		}

		List<Criterion> failed() {
			return this.criteria.stream().filter((c) -> !c.passed()).toList();
		}

		String describe() {
			StringBuilder text = new StringBuilder("Hostile input, " + this.settings.replay() + "\n");
			this.figures.forEach((line) -> text.append("  ").append(line).append('\n'));
			for (Criterion criterion : this.criteria) {
				text.append(criterion.passed() ? "  PASS " : "  FAIL ")
					.append(criterion.name())
					.append(": ")
					.append(criterion.detail())
					.append('\n');
			}
			this.observations.forEach((line) -> text.append("  NOTE ").append(line).append('\n'));
			if (!this.deadLetterDetails.isEmpty()) {
				text.append("  dead-letter reason and detail, first of each label:\n");
				this.deadLetterDetails.forEach((line) -> text.append("    ").append(line).append('\n'));
			}
			return text.append(passed() ? "PASS" : "FAIL").toString();
		}

	}

	private final Endpoints stack;

	private final Settings settings;

	private final List<String> figures = new ArrayList<>();

	private final List<Criterion> criteria = new ArrayList<>();

	private final List<String> observations = new ArrayList<>();

	private PersonalData personal;

	/** The first dead letter's reason and detail, per label. */
	private final Map<String, String> details = new TreeMap<>();

	private HostileRun(Endpoints stack, Settings settings) {
		this.stack = stack;
		this.settings = settings;
	}

	/** Runs the corpus of the settings' seed and size. */
	static Report run(Endpoints stack, Settings settings) {
		RegistrySerdes.trustContractClasses();
		return run(stack, settings, HostileCorpus.generate(settings.seed(), settings.records()));
	}

	/** Runs a given corpus. */
	static Report run(Endpoints stack, Settings settings, List<Hostile> corpus) {
		return new HostileRun(stack, settings).run(corpus);
	}

	private Report run(List<Hostile> corpus) {
		RegistrySerdes.trustContractClasses();
		PersonalData personal = PersonalData.of(corpus);
		this.personal = personal;
		Map<Outcome, Integer> expected = new EnumMap<>(Outcome.class);
		corpus.forEach((record) -> expected.merge(record.expected(), 1, Integer::sum));
		this.figures.add("records by expected outcome: " + expected);

		WorkerInstance.Topology topology = WorkerInstance.Topology.fresh("hostile");
		long heapBefore = HeapWatch.live();
		try (WorkerInstance worker = WorkerInstance.start(this.stack, topology, Map.of())) {
			LogCapture logs = LogCapture.attach(personal, this.settings.quietConsole());
			HeapWatch heap = new HeapWatch();
			long started = System.nanoTime();
			List<String> origins;
			boolean caughtUp;
			long published;
			try {
				origins = publish(topology.commands(), corpus);
				published = System.nanoTime();
				caughtUp = awaitCaughtUp(topology);
			}
			finally {
				heap.close();
				if (logs != null) {
					logs.detach();
				}
			}
			double seconds = (System.nanoTime() - started) / 1e9;
			long heapAtEnd = HeapWatch.live();

			criterion("the consumer group reached the end of the topic", caughtUp, caughtUp
					? "committed offsets = end offsets" : "lag " + lag(topology) + " after " + this.settings.timeout());
			Map<String, Hostile> byOrigin = new HashMap<>();
			for (int i = 0; i < corpus.size(); i++) {
				byOrigin.put(origins.get(i), corpus.get(i));
			}
			checkDeadLetters(topology, corpus, byOrigin, personal);
			checkApplied(worker, expected.getOrDefault(Outcome.APPLIED, 0));
			long retries = worker.metrics().batchRetries();
			this.figures.add("batch retries: " + retries);
			this.figures.add(String.format(Locale.ROOT,
					"heap: %d MiB live before, max %d MiB after a collection (%d collections), max %d MiB sampled, "
							+ "%d MiB live at the end; -Xmx %d MiB",
					heapBefore / MIB, heap.maxAfterGc() / MIB, heap.collections(), heap.maxSampled() / MIB,
					heapAtEnd / MIB, HeapWatch.max() / MIB));
			this.figures.add(String.format(Locale.ROOT,
					"elapsed: %.1f s from the first send to the last commit (publishing took %.1f s): %.0f records/s",
					seconds, (published - started) / 1e9, corpus.size() / seconds));
			if (logs != null) {
				this.figures.add("worker log lines read: " + logs.lines() + " (WARN " + logs.warnings() + ", ERROR "
						+ logs.errors() + "); most frequent warnings:");
				logs.frequentWarnings(8).forEach((line) -> this.figures.add("    " + line));
			}
			criterion("batches retried at most " + this.settings.maxBatchRetries() + " times",
					retries <= this.settings.maxBatchRetries(), retries + " failed batch attempts");
			long growth = Math.max(0, heap.maxAfterGc() - heapBefore);
			criterion(
					"the heap after collections rose at most " + this.settings.maxHeapGrowthBytes() / MIB
							+ " MiB above the live heap before the run",
					growth <= this.settings.maxHeapGrowthBytes(), growth / MIB + " MiB at most");
			checkState(worker, corpus);
			if (logs != null) {
				if (logs.storeLeaking() > 0) {
					this.observations
						.add(logs.storeLeaking() + " log lines of the in-process Mongo-wire server (not the "
								+ "worker) quote a stored document, e.g. when it fails to encode a reply");
				}
				criterion("no worker log line holds a generated email or phone", logs.leaking() == 0,
						logs.leaking() + " of " + logs.lines() + " lines"
								+ (logs.leaks().isEmpty() ? "" : "; first: " + String.join(" // ", logs.leaks())));
			}
			else {
				this.observations.add("logs not checked: this JVM does not log through Logback");
			}
		}
		List<String> samples = new ArrayList<>();
		this.details.forEach((label, detail) -> samples.add(label + " -> " + detail));
		return new Report(this.settings, List.copyOf(this.figures), List.copyOf(this.criteria),
				List.copyOf(this.observations), List.copyOf(samples));
	}

	private void criterion(String name, boolean passed, String detail) {
		this.criteria.add(new Criterion(name, passed, detail));
	}

	// ---------------------------------------------------------------- publishing

	/**
	 * Publishes the corpus in order: commands through the registry's serializer, the rest
	 * as bytes.
	 * @return each record's origin, {@code topic-partition@offset}
	 */
	private List<String> publish(String topic, List<Hostile> corpus) {
		Map<String, Object> avroSettings = new HashMap<>(RegistrySerdes.producerSettings(this.stack.registryUrl()));
		avroSettings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.stack.bootstrapServers());
		avroSettings.put(ProducerConfig.LINGER_MS_CONFIG, 5);
		Map<String, Object> rawSettings = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.stack.bootstrapServers(),
				ProducerConfig.LINGER_MS_CONFIG, 5);
		List<Future<RecordMetadata>> sent = new ArrayList<>(corpus.size());
		try (KafkaProducer<String, Object> avro = new KafkaProducer<>(avroSettings);
				KafkaProducer<String, byte[]> raw = new KafkaProducer<>(rawSettings, new StringSerializer(),
						new ByteArraySerializer());
				AvroKafkaSerializer<Object> encoder = new AvroKafkaSerializer<>()) {
			encoder.configure(RegistrySerdes.producerSettings(this.stack.registryUrl()), false);
			for (Hostile record : corpus) {
				RecordHeaders headers = new RecordHeaders();
				record.headers().forEach(headers::add);
				sent.add(switch (record.payload()) {
					case Payload.Avro command ->
						avro.send(new ProducerRecord<>(topic, null, record.key(), command.command(), headers));
					case Payload.Mangled mangled -> {
						// Another schema goes to its own subject, as its producer's
						// would.
						String subject = (mangled.record() instanceof ContactUpsertCommand) ? topic
								: topic + "-other-" + Integer.toHexString(mangled.record().getSchema().hashCode());
						byte[] bytes = mangled.change().apply(encoder.serialize(subject, mangled.record()));
						yield raw.send(new ProducerRecord<>(topic, null, record.key(), bytes, headers));
					}
					case Payload.Raw bytes ->
						raw.send(new ProducerRecord<>(topic, null, record.key(), bytes.bytes(), headers));
					case Payload.Tombstone tombstone ->
						raw.send(new ProducerRecord<>(topic, null, record.key(), null, headers));
				});
			}
			avro.flush();
			raw.flush();
			List<String> origins = new ArrayList<>(sent.size());
			for (Future<RecordMetadata> future : sent) {
				RecordMetadata at = future.get(60, TimeUnit.SECONDS);
				origins.add(at.topic() + "-" + at.partition() + "@" + at.offset());
			}
			return origins;
		}
		catch (Exception ex) {
			throw new IllegalStateException("could not publish the corpus, " + this.settings.replay(), ex);
		}
	}

	// ---------------------------------------------------------------- progress

	private boolean awaitCaughtUp(WorkerInstance.Topology topology) {
		long deadline = System.nanoTime() + this.settings.timeout().toNanos();
		while (System.nanoTime() < deadline) {
			if (lag(topology) == 0) {
				return true;
			}
			try {
				Thread.sleep(250);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		return false;
	}

	/** Records of the command topic not committed by the worker's group yet. */
	private long lag(WorkerInstance.Topology topology) {
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.stack.bootstrapServers()))) {
			List<TopicPartition> partitions = admin.describeTopics(List.of(topology.commands()))
				.allTopicNames()
				.get(10, TimeUnit.SECONDS)
				.get(topology.commands())
				.partitions()
				.stream()
				.map((p) -> new TopicPartition(topology.commands(), p.partition()))
				.toList();
			Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
			partitions.forEach((tp) -> latest.put(tp, OffsetSpec.latest()));
			var ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
			Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(topology.group())
				.partitionsToOffsetAndMetadata()
				.get(10, TimeUnit.SECONDS);
			long lag = 0;
			for (TopicPartition tp : partitions) {
				OffsetAndMetadata done = committed.get(tp);
				lag += ends.get(tp).offset() - ((done != null) ? done.offset() : 0);
			}
			return lag;
		}
		catch (Exception ex) {
			return Long.MAX_VALUE;
		}
	}

	// ---------------------------------------------------------------- checks

	private void checkDeadLetters(WorkerInstance.Topology topology, List<Hostile> corpus, Map<String, Hostile> byOrigin,
			PersonalData personal) {
		List<ConsumerRecord<String, byte[]>> dead = readAll(topology.deadLetters());
		Map<String, Integer> byReason = new TreeMap<>();
		Map<Integer, Integer> seen = new HashMap<>();
		Mismatches wrong = new Mismatches();
		int leaking = 0;
		List<String> leaks = new ArrayList<>();
		int forgedOrigins = 0;
		for (ConsumerRecord<String, byte[]> letter : dead) {
			String origin = header(letter, DeadLetters.ORIGIN_HEADER);
			String reason = header(letter, DeadLetters.REASON_HEADER);
			String detail = header(letter, DeadLetters.DETAIL_HEADER);
			byReason.merge(reason, 1, Integer::sum);
			for (Header header : letter.headers()) {
				String value = (header.value() != null) ? new String(header.value(), StandardCharsets.UTF_8) : "";
				if (personal.foundIn(value)) {
					leaking++;
					if (leaks.size() < 5) {
						leaks.add(origin + " " + header.key() + "=" + this.personal.masked(value));
					}
				}
			}
			int origins = 0;
			for (Header header : letter.headers().headers(DeadLetters.ORIGIN_HEADER)) {
				origins++;
			}
			if (origins > 1) {
				forgedOrigins++;
			}
			Hostile record = byOrigin.get(origin);
			if (record != null) {
				this.details.putIfAbsent(record.label().replace(" +forged-headers", ""),
						reason + ": " + this.personal.masked(detail));
			}
			String problem = null;
			if (record == null) {
				problem = "a dead letter from an unknown origin " + origin;
			}
			else if (seen.merge(record.index(), 1, Integer::sum) > 1) {
				problem = "dead-lettered again";
			}
			else if (record.expected() == Outcome.APPLIED) {
				problem = "dead-lettered, but must apply";
			}
			else if (!record.expected().name().equals(reason)) {
				problem = "dead-lettered as " + reason + ", expected " + record.expected();
			}
			else if (detail.isBlank()) {
				problem = "dead-lettered without a detail";
			}
			else if (record.field() != null && !detail.contains(record.field())) {
				problem = "the detail does not name " + record.field();
			}
			if (problem != null) {
				wrong.add(record, origin, problem + " [" + reason + ": " + this.personal.masked(detail) + "]");
			}
		}
		int expectedDead = 0;
		for (Hostile record : corpus) {
			if (record.expected() != Outcome.APPLIED) {
				expectedDead++;
				if (!seen.containsKey(record.index())) {
					wrong.add(record, null, "never dead-lettered, expected " + record.expected());
				}
			}
		}
		this.figures.add("dead-lettered: " + dead.size() + " " + byReason + " (expected " + expectedDead + ")");
		criterion("every record the corpus rejects is dead-lettered once, with its reason, and nothing else",
				wrong.count() == 0 && dead.size() == expectedDead,
				dead.size() + " dead letters for " + expectedDead + " expected; " + wrong);
		criterion("no dead-letter header holds a generated email or phone", leaking == 0,
				leaking + " headers" + (leaks.isEmpty() ? "" : ": " + String.join("; ", leaks)));
		if (forgedOrigins > 0) {
			this.observations.add(forgedOrigins + " dead letters carry more than one " + DeadLetters.ORIGIN_HEADER
					+ " header: the producer's forged one is copied before the worker's own");
		}
	}

	private void checkApplied(WorkerInstance worker, int expected) {
		MeterRegistry meters = worker.bean(MeterRegistry.class);
		long created = count(meters, "created");
		long updated = count(meters, "updated");
		long unchanged = count(meters, "unchanged");
		long applied = created + updated + unchanged;
		this.figures.add("applied by the worker: " + applied + " (created " + created + ", updated " + updated
				+ ", unchanged " + unchanged + "; expected " + expected + ")");
		Map<String, Long> byReason = new TreeMap<>();
		for (Counter counter : meters.find("contactsync.deadletter.records").counters()) {
			byReason.put(counter.getId().getTag("reason"), (long) counter.count());
		}
		this.figures.add("dead-lettered by reason (worker metrics): " + byReason);
		var batches = meters.find("contactsync.batch.size").summary();
		Map<String, String> phases = new TreeMap<>();
		meters.find("contactsync.batch.phase")
			.timers()
			.forEach((timer) -> phases.put(timer.getId().getTag("phase"),
					String.format(Locale.ROOT, "%.1f", timer.totalTime(TimeUnit.SECONDS))));
		if (batches != null) {
			this.figures.add(String.format(Locale.ROOT, "batches: %d, mean size %.1f; seconds per step: %s",
					batches.count(), batches.mean(), phases));
		}
		criterion("every command the corpus labels valid is applied once", applied == expected,
				applied + " applied for " + expected + " expected");
	}

	private static long count(MeterRegistry meters, String outcome) {
		Counter counter = meters.find("contactsync.commands").tag("outcome", outcome).counter();
		return (counter != null) ? (long) counter.count() : 0;
	}

	/**
	 * The store against the serial merge of the same commands (rejected ones are no-ops),
	 * contact by contact, in every tenant, plus the engine's verdict against each label.
	 */
	private void checkState(WorkerInstance worker, List<Hostile> corpus) {
		ReferenceMerge.Result reference = ReferenceMerge.of(corpus, Instant.now());
		Mismatches disagreements = new Mismatches();
		for (Hostile record : corpus) {
			ReferenceMerge.Verdict verdict = reference.verdicts().get(record.index());
			if (verdict != null && (verdict.outcome() != record.expected() || (record.field() != null
					&& (verdict.detail() == null || !verdict.detail().contains(record.field()))))) {
				disagreements.add(record, null, "the engine says " + verdict.outcome() + ": " + verdict.detail());
			}
		}
		criterion("the labels agree with the pure merge engine", disagreements.count() == 0, disagreements.toString());

		// In chunks: the Mongo-wire test server answers an unbounded find in one
		// reply, which the driver refuses past 48 MB (MongoDB sends 16 MiB at most).
		List<Contact> stored = new ArrayList<>();
		worker.store().forEachChunk(null, 500, stored::addAll);
		Map<String, Map<String, ReferenceMerge.State>> actual = ReferenceMerge.byTenant(stored);
		Map<String, Map<String, ReferenceMerge.State>> wanted = reference.contacts();
		List<String> differences = new ArrayList<>();
		int different = 0;
		Set<String> tenants = new TreeSet<>(wanted.keySet());
		tenants.addAll(actual.keySet());
		for (String tenant : tenants) {
			Map<String, ReferenceMerge.State> want = wanted.getOrDefault(tenant, Map.of());
			Map<String, ReferenceMerge.State> got = actual.getOrDefault(tenant, Map.of());
			Set<String> identities = new TreeSet<>(want.keySet());
			identities.addAll(got.keySet());
			for (String identity : identities) {
				ReferenceMerge.State a = want.get(identity);
				ReferenceMerge.State b = got.get(identity);
				if (!Objects.equals(a, b)) {
					different++;
					if (differences.size() < 10) {
						differences.add("tenant " + tenant + ", " + this.personal.masked(identity) + ": "
								+ ((a == null) ? "not in the serial merge"
										: (b == null) ? "missing in the store" : "differs in " + differingParts(a, b))
								+ " (records: " + labelsAbout(corpus, tenant, identity) + ")");
					}
				}
			}
		}
		this.figures.add("contacts: " + stored.size() + " stored, " + reference.contactCount()
				+ " in the serial merge, in " + tenants.size() + " tenants");
		criterion("the store equals the serial merge of the same commands", different == 0,
				different + " contacts differ" + (differences.isEmpty() ? "" : ": " + String.join("; ", differences)));
	}

	private static String differingParts(ReferenceMerge.State a, ReferenceMerge.State b) {
		List<String> parts = new ArrayList<>();
		if (!a.fields().equals(b.fields())) {
			parts.add("fields");
		}
		if (!a.tags().equals(b.tags())) {
			parts.add("tags");
		}
		if (!a.customFields().equals(b.customFields())) {
			parts.add("custom fields");
		}
		if (!a.dnd().equals(b.dnd())) {
			parts.add("dnd");
		}
		if (!a.sources().equals(b.sources())) {
			parts.add("sources");
		}
		return String.join(", ", parts);
	}

	/** Labels and positions of the commands that name this identity in this tenant. */
	private static String labelsAbout(List<Hostile> corpus, String tenant, String identity) {
		List<String> labels = new ArrayList<>();
		for (Hostile record : corpus) {
			ContactUpsertCommand command = record.command();
			if (command == null || command.getTenantId() == null || !tenant.equals(command.getTenantId().strip())) {
				continue;
			}
			String email = (command.getEmail() != null)
					? Normalizer.normalize(command.getEmail().strip(), Normalizer.Form.NFC).toLowerCase(Locale.ROOT)
					: "";
			String recordId = (command.getSource() != null) ? command.getSource().getRecordId() : null;
			if (identity.equals("email " + email) || (recordId != null && identity.contains(recordId))) {
				labels.add("#" + record.index() + " " + record.label());
			}
		}
		return (labels.size() > 8) ? labels.subList(0, 8) + " and " + (labels.size() - 8) + " more" : labels.toString();
	}

	/** Mismatches grouped by label and problem, with a few record positions each. */
	private static final class Mismatches {

		private final Map<String, List<String>> byProblem = new TreeMap<>();

		private int count;

		void add(Hostile record, String origin, String problem) {
			this.count++;
			String key = (record != null) ? record.label().replace(" +forged-headers", "") + ": " + problem
					: "a record at " + origin + ": " + problem;
			List<String> where = this.byProblem.computeIfAbsent(key, (k) -> new ArrayList<>());
			where.add((record != null) ? "#" + record.index() : origin);
		}

		int count() {
			return this.count;
		}

		@Override
		public String toString() {
			StringBuilder text = new StringBuilder(this.count + " mismatches");
			this.byProblem.entrySet()
				.stream()
				.sorted((a, b) -> Integer.compare(b.getValue().size(), a.getValue().size()))
				.limit(10)
				.forEach((entry) -> text.append("; ")
					.append(entry.getValue().size())
					.append("x ")
					.append(entry.getKey())
					.append(" (")
					.append(String.join(", ", entry.getValue().subList(0, Math.min(3, entry.getValue().size()))))
					.append((entry.getValue().size() > 3) ? ", ..." : "")
					.append(")"));
			return text.toString();
		}

	}

	private static String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null && header.value() != null) ? new String(header.value(), StandardCharsets.UTF_8) : "";
	}

	/** Every record of a topic, from the beginning to the end offsets of now. */
	private List<ConsumerRecord<String, byte[]>> readAll(String topic) {
		Map<String, Object> settings = new HashMap<>();
		settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.stack.bootstrapServers());
		settings.put(ConsumerConfig.GROUP_ID_CONFIG, "hostile-reader-" + UUID.randomUUID());
		settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
		List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings, new StringDeserializer(),
				new ByteArrayDeserializer())) {
			List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10))
				.stream()
				.map((p) -> new TopicPartition(topic, p.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
			long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
			Set<TopicPartition> open = new HashSet<>(partitions);
			while (!open.isEmpty() && System.nanoTime() < deadline) {
				consumer.poll(Duration.ofMillis(200)).forEach(records::add);
				open.removeIf((tp) -> consumer.position(tp) >= end.get(tp));
			}
		}
		return records;
	}

}
