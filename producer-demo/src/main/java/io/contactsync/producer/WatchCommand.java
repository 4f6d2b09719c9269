package io.contactsync.producer;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.contactsync.contracts.ContactEvent;
import io.contactsync.contracts.RegistrySerdes;
import io.contactsync.contracts.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code producer-demo watch}: a small subscriber of contact events, and the example of
 * docs/subscribing.md.
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
		description = {
				"Prints contact events as they arrive, one line each: type, contact id, version, tenant, "
						+ "changed fields (before -> after), identifiers ignored because another contact owns them.",
				"Skips redelivered events (same event id) and versions already seen. See docs/subscribing.md." })
final class WatchCommand implements Callable<Integer> {

	/** Where to start when the group has no committed position. */
	enum From {

		BEGINNING, NOW

	}

	@Mixin
	ConnectionOptions connection;

	@Option(names = "--topic", defaultValue = Topics.EVENTS, description = "Event topic (default: ${DEFAULT-VALUE}).")
	String topic;

	@Option(names = "--from", defaultValue = "NOW",
			description = "beginning or now: where a group without committed offsets starts (default: now).")
	From from;

	@Option(names = "--group",
			description = "Consumer group. A named group commits its position and resumes where it left off; "
					+ "by default a fresh, throwaway group is used.")
	String group;

	@Option(names = "--max-events", description = "Stop after printing this many events.")
	Long maxEvents;

	@Option(names = "--timeout", description = "Stop after this long, e.g. PT30S (default: run until Ctrl-C).")
	Duration timeout;

	@Option(names = "--redact", description = "Mask emails and phone numbers in the output.")
	boolean redact;

	@Option(names = "--dedupe-capacity", defaultValue = "100000",
			description = "Event ids and contact versions remembered for deduplication (default: ${DEFAULT-VALUE}).")
	int dedupeCapacity;

	@Spec
	CommandSpec spec;

	@Override
	public Integer call() {
		PrintWriter out = this.spec.commandLine().getOut();
		boolean named = this.group != null;
		Map<String, Object> settings = new HashMap<>(RegistrySerdes.consumerSettings(this.connection.registryUrl));
		settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.connection.bootstrapServers);
		settings.put(ConsumerConfig.GROUP_ID_CONFIG, named ? this.group : "contact-sync-watch-" + UUID.randomUUID());
		settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, (this.from == From.BEGINNING) ? "earliest" : "latest");
		// A named group commits after printing (at least once); a throwaway one never
		// does.
		settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		EventDedupe dedupe = new EventDedupe(this.dedupeCapacity);
		long printed = 0;
		long duplicates = 0;
		long old = 0;
		long deadline = (this.timeout != null) ? System.nanoTime() + this.timeout.toNanos() : Long.MAX_VALUE;
		try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(settings)) {
			// Ctrl-C: wake the poll up, and let the summary print before the JVM halts.
			CountDownLatch summarized = new CountDownLatch(1);
			Thread hook = new Thread(() -> {
				consumer.wakeup();
				try {
					summarized.await(5, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			});
			Runtime.getRuntime().addShutdownHook(hook);
			consumer.subscribe(List.of(this.topic));
			out.printf("Watching %s from %s (group %s)%n", this.topic,
					(this.from == From.BEGINNING) ? "the beginning" : "now", named ? this.group : "throwaway");
			out.flush();
			try {
				while (System.nanoTime() < deadline && (this.maxEvents == null || printed < this.maxEvents)) {
					long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
					ConsumerRecords<String, Object> records = consumer.poll(Duration.ofMillis(Math.min(500, left)));
					Map<TopicPartition, OffsetAndMetadata> processed = new HashMap<>();
					for (ConsumerRecord<String, Object> record : records) {
						processed.put(new TopicPartition(record.topic(), record.partition()),
								new OffsetAndMetadata(record.offset() + 1));
						if (!(record.value() instanceof ContactEvent event)) {
							continue;
						}
						switch (dedupe.check(event)) {
							case NEW -> {
								out.println(EventFormat.line(event, this.redact));
								printed++;
							}
							case DUPLICATE_EVENT -> duplicates++;
							case OLD_VERSION -> old++;
						}
						if (this.maxEvents != null && printed >= this.maxEvents) {
							break;
						}
					}
					out.flush();
					if (named && !processed.isEmpty()) {
						// Only what was handled: a stop by --max-events leaves the
						// rest for next time.
						consumer.commitSync(processed);
					}
				}
			}
			catch (WakeupException ex) {
				// Ctrl-C: fall through to the summary.
			}
			finally {
				try {
					Runtime.getRuntime().removeShutdownHook(hook);
				}
				catch (IllegalStateException ex) {
					// Already shutting down.
				}
			}
			out.printf("Printed %d events; skipped %d redelivered and %d older versions.%n", printed, duplicates, old);
			out.flush();
			summarized.countDown();
		}
		return 0;
	}

}
