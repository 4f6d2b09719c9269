package io.contactsync.quickstart;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.contactsync.contracts.ContactUpsertCommand;
import io.contactsync.contracts.RegistrySerdes;
import io.contactsync.contracts.Topics;
import io.contactsync.devstack.DevStack;
import io.contactsync.producer.CommandPublisher;
import io.contactsync.producer.SampleCommands;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * The README's Quickstart: starts the local stack on free ports, publishes the sample
 * story through the schema registry, reads it back, prints what happened and stops.
 */
public final class Quickstart {

	private Quickstart() {
	}

	public static void main(String[] args) throws Exception {
		RegistrySerdes.trustContractClasses();
		System.out.println("== contact-sync quickstart ==");
		System.out
			.println("Starting the local stack (Kafka KRaft broker, Apicurio schema registry, MongoDB-wire store)...");
		long started = System.nanoTime();
		try (DevStack stack = DevStack.start(DevStack.Settings.ephemeral())) {
			System.out.printf("Stack up in %.1f s: kafka=%s registry=%s mongo=%s%n", seconds(started),
					stack.bootstrapServers(), stack.registryCcompatUrl(), stack.mongoUri());
			stack.createTopic(Topics.COMMANDS, 6, Map.of());

			List<SampleCommands.Sample> samples = SampleCommands.story("demo-tenant", Instant.now());
			System.out.printf("%nPublishing %d sample commands to '%s' (6 partitions, Avro, Confluent wire format):%n",
					samples.size(), Topics.COMMANDS);
			try (CommandPublisher publisher = new CommandPublisher(stack.bootstrapServers(), stack.registryUrl(),
					Topics.COMMANDS)) {
				for (SampleCommands.Sample sample : samples) {
					var sent = publisher.publish(sample.command()).get(60, TimeUnit.SECONDS);
					System.out.printf("  %-62s -> partition %d%n", sample.story(), sent.partition());
				}
			}

			List<ContactUpsertCommand> readBack = readBack(stack, samples.size());
			System.out.printf("%nRead back %d of %d commands as ContactUpsertCommand through the registry.%n",
					readBack.size(), samples.size());
			System.out
				.println("Next: the worker (issue [3/6]) consumes this topic and merges the commands into contacts.");
		}
		System.out.printf("Stack stopped. Total %.1f s.%n", seconds(started));
	}

	private static List<ContactUpsertCommand> readBack(DevStack stack, int expected) {
		Map<String, Object> settings = new HashMap<>(RegistrySerdes.consumerSettings(stack.registryUrl()));
		settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
		settings.put(ConsumerConfig.GROUP_ID_CONFIG, "quickstart-" + UUID.randomUUID());
		settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		List<ContactUpsertCommand> commands = new ArrayList<>();
		try (var consumer = new KafkaConsumer<String, Object>(settings)) {
			consumer.subscribe(List.of(Topics.COMMANDS));
			Instant deadline = Instant.now().plusSeconds(30);
			while (commands.size() < expected && Instant.now().isBefore(deadline)) {
				for (ConsumerRecord<String, Object> record : consumer.poll(Duration.ofMillis(500))) {
					commands.add((ContactUpsertCommand) record.value());
				}
			}
		}
		return commands;
	}

	private static double seconds(long since) {
		return (System.nanoTime() - since) / 1e9;
	}

}
