package io.contactsync.producer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.contactsync.contracts.RegistrySerdes;
import io.contactsync.devstack.DevStack;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/** Reads back what a test published. */
final class Records {

	private Records() {
	}

	/**
	 * Every value on the topic; waits up to 30 s for {@code expected} values, then 1 s
	 * more for extras.
	 */
	@SuppressWarnings("unchecked")
	static <T> List<T> consume(DevStack stack, String topic, int expected) {
		Map<String, Object> settings = new HashMap<>(RegistrySerdes.consumerSettings(stack.registryUrl()));
		settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
		settings.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
		settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		List<T> received = new ArrayList<>();
		try (var consumer = new KafkaConsumer<String, Object>(settings)) {
			consumer.subscribe(List.of(topic));
			Instant deadline = Instant.now().plusSeconds(30);
			while (received.size() < expected && Instant.now().isBefore(deadline)) {
				consumer.poll(Duration.ofMillis(200)).forEach((r) -> received.add((T) r.value()));
			}
			// Anything beyond the expected count would be a bug: give it a moment to
			// show.
			consumer.poll(Duration.ofMillis(500)).forEach((r) -> received.add((T) r.value()));
		}
		return received;
	}

	static String freshTopic(DevStack stack, String prefix) {
		String topic = prefix + "-" + UUID.randomUUID();
		stack.createTopic(topic, 3, Map.of());
		return topic;
	}

}
