package io.contactsync.quickstart;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import io.contactsync.contracts.ContactEvent;
import io.contactsync.contracts.FieldChange;
import io.contactsync.contracts.IgnoredIdentifier;
import io.contactsync.contracts.RegistrySerdes;
import io.contactsync.contracts.Topics;
import io.contactsync.devstack.DevStack;
import io.contactsync.producer.CommandPublisher;
import io.contactsync.producer.SampleCommands;
import io.contactsync.producer.TrafficGenerator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The README's Quickstart: the local stack, the worker and the demo producer in one JVM.
 * Publishes a short story of commands and explains what the worker did with each, then a
 * larger generated sample, and ends with a summary read from the worker's metrics
 * endpoint and from the store.
 */
public final class Quickstart {

	private static final int GENERATED = 5_000;

	private Quickstart() {
	}

	public static void main(String[] args) throws Exception {
		RegistrySerdes.trustContractClasses();
		System.out.println("== contact-sync quickstart ==");
		long started = System.nanoTime();
		try (DevStack stack = DevStack.start(DevStack.Settings.ephemeral())) {
			System.out.printf("Local stack up in %.1f s: Kafka %s, schema registry %s, MongoDB %s%n", seconds(started),
					stack.bootstrapServers(), stack.registryCcompatUrl(), stack.mongoUri());
			long workerStart = System.nanoTime();
			try (LocalWorker worker = LocalWorker.start(stack, "quickstart", Map.of())) {
				System.out.printf("Worker up in %.1f s (2 consumer threads on 6 partitions); metrics at %s%n%n",
						seconds(workerStart), worker.metricsUrl());
				story(stack, worker);
				generated(stack, worker);
			}
		}
		System.out.printf("%nEverything stopped. Total %.1f s.%n", seconds(started));
	}

	private static void story(DevStack stack, LocalWorker worker) throws Exception {
		System.out.println("1) A short story, tenant 'demo-tenant': what the worker did with each command");
		List<SampleCommands.Sample> samples = SampleCommands.story("demo-tenant", Instant.now());
		Map<Integer, String> offsets = new HashMap<>();
		try (CommandPublisher publisher = new CommandPublisher(stack.bootstrapServers(), stack.registryUrl(),
				Topics.COMMANDS)) {
			for (int i = 0; i < samples.size(); i++) {
				RecordMetadata sent = publisher.publish(samples.get(i).command()).get();
				offsets.put(i, sent.partition() + "@" + sent.offset());
			}
		}
		String garbageAt = publishGarbage(stack);
		worker.awaitCaughtUp(Duration.ofSeconds(60));

		Map<String, ContactEvent> eventsByCommand = new HashMap<>();
		for (ConsumerRecord<String, Object> record : TopicReader.avro(stack.bootstrapServers(), stack.registryUrl(),
				Topics.EVENTS)) {
			ContactEvent event = (ContactEvent) record.value();
			eventsByCommand.put(event.getCausationId(), event);
		}
		Map<String, String> deadLetters = new HashMap<>();
		for (ConsumerRecord<String, byte[]> record : TopicReader.raw(stack.bootstrapServers(),
				Topics.COMMANDS_DEAD_LETTER)) {
			String origin = header(record, "contact-sync-origin");
			deadLetters.put(origin.substring(origin.lastIndexOf('-') + 1), header(record, "contact-sync-error-detail"));
		}
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < samples.size(); i++) {
			SampleCommands.Sample sample = samples.get(i);
			String commandId = sample.command().getCommandId();
			ContactEvent event = eventsByCommand.get(commandId);
			String what;
			if (deadLetters.containsKey(offsets.get(i))) {
				what = "dead-lettered: " + deadLetters.get(offsets.get(i));
			}
			else if (event != null && seen.add(commandId)) {
				what = describe(event);
			}
			else if (event != null) {
				what = "no event: already applied (same command id)";
			}
			else {
				what = "no event: nothing changed (its values are older than the stored ones)";
			}
			System.out.printf("  %-58s %s%n", sample.story(), what);
		}
		System.out.printf("  %-58s %s%n", "raw bytes that are not Avro",
				"dead-lettered: " + deadLetters.getOrDefault(garbageAt, "?").replaceAll(":.*", ""));
		System.out.println();
	}

	private static String describe(ContactEvent event) {
		String fields = event.getChanges().stream().map(FieldChange::getField).collect(Collectors.joining(", "));
		StringBuilder text = new StringBuilder().append(event.getEventType())
			.append(" contact ")
			.append(event.getContactId(), 0, 8)
			.append(" v")
			.append(event.getContactVersion())
			.append(": ")
			.append(fields);
		for (IgnoredIdentifier ignored : event.getIgnoredIdentifiers()) {
			text.append("; ")
				.append(ignored.getKind().name().toLowerCase())
				.append(" ignored, owned by contact ")
				.append(ignored.getOwnerContactId(), 0, 8);
		}
		return text.toString();
	}

	private static String publishGarbage(DevStack stack) throws Exception {
		try (var producer = new KafkaProducer<String, byte[]>(Map.of("bootstrap.servers", stack.bootstrapServers()),
				new StringSerializer(), new ByteArraySerializer())) {
			RecordMetadata sent = producer
				.send(new ProducerRecord<>(Topics.COMMANDS, "demo-tenant|garbage",
						"{\"email\":\"json is not avro\"}".getBytes(StandardCharsets.UTF_8)))
				.get();
			return sent.partition() + "@" + sent.offset();
		}
	}

	private static void generated(DevStack stack, LocalWorker worker) throws Exception {
		System.out.printf("2) Generated traffic: %,d commands over 3 tenants (seed 42), mixed kinds:%n", GENERATED);
		Map<String, Double> before = worker.scrape();
		TrafficGenerator generator = new TrafficGenerator(42, 3, TrafficGenerator.Mix.realistic(), Instant.now());
		Map<TrafficGenerator.Kind, Integer> kinds = new EnumMap<>(TrafficGenerator.Kind.class);
		long start = System.nanoTime();
		try (CommandPublisher publisher = new CommandPublisher(stack.bootstrapServers(), stack.registryUrl(),
				Topics.COMMANDS)) {
			List<Future<RecordMetadata>> sent = new ArrayList<>(GENERATED);
			for (int i = 0; i < GENERATED; i++) {
				TrafficGenerator.Generated next = generator.next();
				kinds.merge(next.kind(), 1, Integer::sum);
				sent.add(publisher.publish(next.command()));
			}
			for (Future<RecordMetadata> future : sent) {
				future.get();
			}
		}
		System.out.println("   " + kinds.entrySet()
			.stream()
			.map((e) -> e.getKey().name().toLowerCase().replace('_', ' ') + " " + e.getValue())
			.collect(Collectors.joining(", ")));
		worker.awaitCaughtUp(Duration.ofMinutes(5));
		double took = seconds(start);
		Map<String, Double> after = worker.scrape();

		System.out.println();
		System.out.println("Summary of the generated traffic (from " + worker.metricsUrl() + " and the store):");
		row("commands created a contact", delta(before, after, "contactsync_commands_total{outcome=\"created\"}"));
		row("commands updated a contact", delta(before, after, "contactsync_commands_total{outcome=\"updated\"}"));
		row("commands changed nothing", delta(before, after, "contactsync_commands_total{outcome=\"unchanged\"}"));
		row("  of which duplicate deliveries", delta(before, after, "contactsync_commands_duplicates_total"));
		row("stale field writes dropped", delta(before, after, "contactsync_fields_stale_total"));
		row("identity collisions reported", delta(before, after, "contactsync_identity_collisions_total"));
		row("commands rejected (dead-lettered)",
				delta(before, after, "contactsync_commands_total{outcome=\"rejected\"}"));
		row("write races lost and merged again", delta(before, after, "contactsync_store_conflict_retries_total"));
		row("events published", delta(before, after, "contactsync_events_published_total"));
		row("contacts in the store (story + generated)", worker.store().count(null));
		System.out.printf("  %-40s %,.0f commands/s (%,d in %.1f s, publish to last commit)%n", "throughput",
				GENERATED / took, GENERATED, took);
	}

	private static long delta(Map<String, Double> before, Map<String, Double> after, String metric) {
		return Math.round(after.getOrDefault(metric, 0.0) - before.getOrDefault(metric, 0.0));
	}

	private static void row(String label, long value) {
		System.out.printf("  %-40s %,d%n", label, value);
	}

	private static String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : "";
	}

	private static double seconds(long since) {
		return (System.nanoTime() - since) / 1e9;
	}

}
