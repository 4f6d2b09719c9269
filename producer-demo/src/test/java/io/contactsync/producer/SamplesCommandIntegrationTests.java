package io.contactsync.producer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.contactsync.contracts.ContactUpsertCommand;
import io.contactsync.contracts.RegistrySerdes;
import io.contactsync.devstack.DevStack;
import io.contactsync.devstack.DevStackExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(DevStackExtension.class)
class SamplesCommandIntegrationTests {

	@Test
	void publishesTheWholeSampleStoryKeyedByPartitionKey(DevStack stack) {
		String topic = "samples-" + UUID.randomUUID();
		stack.createTopic(topic, 6, Map.of());

		int exit = new CommandLine(new ProducerDemo()).execute("samples", "--bootstrap-servers",
				stack.bootstrapServers(), "--registry-url", stack.registryUrl(), "--topic", topic, "--tenant", "t-42");

		assertThat(exit).isZero();
		List<ContactUpsertCommand> received = consumeAll(stack, topic, 8);
		assertThat(received).hasSize(8).allSatisfy(command -> assertThat(command.getTenantId()).isEqualTo("t-42"));
		assertThat(received).extracting(ContactUpsertCommand::getCommandId)
			.containsExactlyInAnyOrder("sample-1", "sample-2", "sample-3", "sample-4", "sample-5", "sample-5",
					"sample-7", "sample-8");
	}

	@Test
	void helpListsTheSubcommands() {
		var out = new java.io.StringWriter();
		int exit = new CommandLine(new ProducerDemo()).setOut(new java.io.PrintWriter(out)).execute("--help");

		assertThat(exit).isZero();
		assertThat(out.toString()).contains("Usage: producer-demo").contains("samples");
	}

	private static List<ContactUpsertCommand> consumeAll(DevStack stack, String topic, int expected) {
		Map<String, Object> settings = new HashMap<>(RegistrySerdes.consumerSettings(stack.registryUrl()));
		settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
		settings.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
		settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		List<ContactUpsertCommand> received = new ArrayList<>();
		try (var consumer = new KafkaConsumer<String, Object>(settings)) {
			consumer.subscribe(List.of(topic));
			Instant deadline = Instant.now().plusSeconds(30);
			while (received.size() < expected && Instant.now().isBefore(deadline)) {
				consumer.poll(Duration.ofMillis(500)).forEach(r -> received.add((ContactUpsertCommand) r.value()));
			}
		}
		return received;
	}

}
