package io.contactsync.quickstart;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import io.contactsync.contracts.ContactEvent;
import io.contactsync.contracts.ContactUpsertCommand;
import io.contactsync.contracts.RegistrySerdes;
import io.contactsync.devstack.DevStack;
import io.contactsync.producer.CommandPublisher;
import io.contactsync.producer.TrafficGenerator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * End-to-end benchmark of the pipeline on the local stack: publishes N generated
 * commands, runs them through the real worker, and measures throughput (first send to
 * last offset committed) and latency (a command's send to its event's arrival). Runs the
 * batched design and the naive per-record path on the same input, each on fresh topics
 * and a fresh database, and prints one RESULT line per mode.
 */
@Command(name = "benchmark", mixinStandardHelpOptions = true,
		description = "End-to-end pipeline benchmark on the local stack (batched vs naive).")
public final class Benchmark implements Callable<Integer> {

	@Option(names = "--commands", defaultValue = "200000",
			description = "Commands to publish (default: ${DEFAULT-VALUE}).")
	int commands;

	@Option(names = "--naive-commands", defaultValue = "20000",
			description = "Commands for the naive mode: the first N of the same input (default: ${DEFAULT-VALUE}; it is slow).")
	int naiveCommands;

	@Option(names = "--tenants", defaultValue = "5", description = "Tenants (default: ${DEFAULT-VALUE}).")
	int tenants;

	@Option(names = "--modes", defaultValue = "batched,naive", split = ",",
			description = "Modes to run, in order (default: ${DEFAULT-VALUE}).")
	List<String> modes;

	@Option(names = "--warmup", defaultValue = "30000",
			description = "Commands run through a batched worker first, untimed and at full speed, so the JIT has compiled the hot code "
					+ "before anything is measured (default: ${DEFAULT-VALUE}; 0 = none).")
	int warmup;

	@Option(names = "--mongo-uri",
			description = "A MongoDB to use instead of the local stack's Mongo-wire server, e.g. a real MongoDB from "
					+ "docker/compose.yaml (each run uses, then drops, its own database).")
	String mongoUri;

	@Option(names = "--seed", defaultValue = "7", description = "Traffic seed (default: ${DEFAULT-VALUE}).")
	long seed;

	@Option(names = "--rate", defaultValue = "0",
			description = "Publish at most this many commands/s (default: ${DEFAULT-VALUE} = as fast as possible). "
					+ "Below the worker's capacity, the latencies show the pipeline rather than the backlog.")
	int rate;

	@Option(names = "--mix", defaultValue = "0.25,0.40,0.12,0.04,0.08,0.06,0.05",
			description = "Weights of new people, updates, other identifier, collisions, duplicates, stale, invalid (default: ${DEFAULT-VALUE}).")
	String mix;

	public static void main(String[] args) {
		RegistrySerdes.trustContractClasses();
		System.exit(new CommandLine(new Benchmark()).execute(args));
	}

	@Override
	public Integer call() throws Exception {
		double[] w = Arrays.stream(this.mix.split(",")).mapToDouble(Double::parseDouble).toArray();
		TrafficGenerator generator = new TrafficGenerator(this.seed, this.tenants,
				new TrafficGenerator.Mix(w[0], w[1], w[2], w[3], w[4], w[5], w[6]),
				Instant.parse("2026-01-01T00:00:00Z"));
		List<ContactUpsertCommand> input = new ArrayList<>(this.commands);
		for (int i = 0; i < this.commands; i++) {
			input.add(generator.next().command());
		}
		System.out.printf("Generated %,d commands (seed %d, %d tenants). Starting the local stack...%n", input.size(),
				this.seed, this.tenants);
		List<String> results = new ArrayList<>();
		try (DevStack stack = DevStack.start(DevStack.Settings.ephemeral())) {
			if (this.warmup > 0) {
				run(stack, "batched", "warm-up", input.subList(0, Math.min(this.warmup, input.size())), 0);
			}
			for (String mode : this.modes) {
				List<ContactUpsertCommand> run = mode.equalsIgnoreCase("naive")
						? input.subList(0, Math.min(this.naiveCommands, input.size())) : input;
				results.add(run(stack, mode.toLowerCase(), mode.toLowerCase(), run, this.rate));
			}
		}
		System.out.println();
		results.forEach(System.out::println);
		return 0;
	}

	private String run(DevStack stack, String mode, String label, List<ContactUpsertCommand> input, int rate)
			throws Exception {
		String name = "bench-" + label + "-" + UUID.randomUUID().toString().substring(0, 6);
		String commandsTopic = name + "-commands";
		String eventsTopic = name + "-events";
		stack.createTopic(commandsTopic, 6, Map.of());
		stack.createTopic(eventsTopic, 6, Map.of());
		Map<String, String> properties = new HashMap<>(Map.of("contact-sync.pipeline.mode", mode.toUpperCase(),
				"contact-sync.pipeline.commands-topic", commandsTopic, "contact-sync.pipeline.events-topic",
				eventsTopic, "contact-sync.pipeline.dead-letter-topic", name + "-dlt"));
		if (this.mongoUri != null) {
			properties.put("spring.mongodb.uri", this.mongoUri);
			properties.put("spring.mongodb.database", name.replace('-', '_'));
		}
		System.out.printf("%n[%s] %,d commands: starting the worker...%n", label, input.size());
		try (LocalWorker worker = LocalWorker.start(stack, name.replace('-', '_'), properties)) {
			Map<String, Long> sentAt = new ConcurrentHashMap<>(input.size() * 2);
			Map<String, Long> arrivedAt = new ConcurrentHashMap<>(input.size() * 2);
			AtomicBoolean stop = new AtomicBoolean();
			Thread events = Thread.ofPlatform()
				.name("bench-events")
				.start(() -> collectEvents(stack, eventsTopic, arrivedAt, stop));
			CpuUsage cpuAtStart = CpuUsage.now();
			long start = System.nanoTime();
			try (CommandPublisher publisher = new CommandPublisher(stack.bootstrapServers(), stack.registryUrl(),
					commandsTopic)) {
				long sent = 0;
				for (ContactUpsertCommand command : input) {
					if (rate > 0) {
						long due = start + sent * 1_000_000_000L / rate;
						long wait = due - System.nanoTime();
						if (wait > 0) {
							Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
						}
					}
					sentAt.putIfAbsent(command.getCommandId(), System.nanoTime());
					publisher.publish(command);
					sent++;
				}
				publisher.flush();
			}
			double publishSeconds = (System.nanoTime() - start) / 1e9;
			worker.awaitCaughtUp(Duration.ofMinutes(30));
			double seconds = (System.nanoTime() - start) / 1e9;
			String cpu = CpuUsage.now().describeSince(cpuAtStart, input.size());
			Map<String, Double> metrics = worker.scrape();
			System.out.printf("[%s] batches %.0f, mean size %.1f; seconds per phase: %s%n", label,
					metrics.getOrDefault("contactsync_batch_size_count", 0.0),
					metrics.getOrDefault("contactsync_batch_size_sum", 0.0)
							/ Math.max(1, metrics.getOrDefault("contactsync_batch_size_count", 1.0)),
					metrics.entrySet()
						.stream()
						.filter((e) -> e.getKey().startsWith("contactsync_batch_phase_seconds_sum"))
						.map((e) -> e.getKey().replaceAll(".*phase=\"([a-z]+)\".*", "$1") + "="
								+ String.format("%.1f", e.getValue()))
						.sorted()
						.toList());
			System.out.printf("[%s] %s%n", label, cpu);
			Thread.sleep(2000);
			stop.set(true);
			events.join();
			long[] latencies = arrivedAt.entrySet()
				.stream()
				.filter((e) -> sentAt.containsKey(e.getKey()))
				.mapToLong((e) -> e.getValue() - sentAt.get(e.getKey()))
				.sorted()
				.toArray();
			System.out.printf("[%s] published in %.1f s; processed in %.1f s; %,d events matched to their commands%n",
					label, publishSeconds, seconds, latencies.length);
			// The Mongo-wire server keeps its data on this JVM's heap: free it for
			// the next run.
			worker.dropDatabase();
			return String.format("RESULT commands=%d seconds=%.1f commands_per_s=%.0f p50_ms=%.0f p99_ms=%.0f mode=%s",
					input.size(), seconds, input.size() / seconds, percentile(latencies, 0.50),
					percentile(latencies, 0.99), mode);
		}
	}

	private static void collectEvents(DevStack stack, String topic, Map<String, Long> arrivedAt, AtomicBoolean stop) {
		Map<String, Object> settings = new HashMap<>(RegistrySerdes.consumerSettings(stack.registryUrl()));
		settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
		settings.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-reader-" + UUID.randomUUID());
		settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
		try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(settings)) {
			consumer.subscribe(List.of(topic));
			while (!stop.get()) {
				for (ConsumerRecord<String, Object> record : consumer.poll(Duration.ofMillis(100))) {
					arrivedAt.putIfAbsent(((ContactEvent) record.value()).getCausationId(), System.nanoTime());
				}
			}
		}
	}

	private static double percentile(long[] sortedNanos, double p) {
		if (sortedNanos.length == 0) {
			return Double.NaN;
		}
		int index = (int) Math.min(sortedNanos.length - 1, Math.ceil(p * sortedNanos.length) - 1);
		return sortedNanos[Math.max(0, index)] / 1e6;
	}

}
