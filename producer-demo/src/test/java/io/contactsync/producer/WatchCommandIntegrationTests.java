package io.contactsync.producer;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.contactsync.contracts.ContactEvent;
import io.contactsync.contracts.RegistrySerdes;
import io.contactsync.devstack.DevStack;
import io.contactsync.devstack.DevStackExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(DevStackExtension.class)
class WatchCommandIntegrationTests {

	@Test
	void printsEachEventOnceAndSkipsRedeliveriesAndOlderVersions(DevStack stack) throws Exception {
		String topic = onePartitionTopic(stack);
		ContactEvent created = EventFixtures.created("c-1", "e-1");
		ContactEvent updated = EventFixtures.updatedWithCollision("c-1", "e-2", 2);
		publish(stack, topic, created, updated, created, EventFixtures.updatedWithCollision("c-1", "e-0", 1),
				EventFixtures.created("c-2", "e-3"));

		String out = watch(stack, topic, "--from", "beginning", "--max-events", "3", "--timeout", "PT20S");

		assertThat(out.lines().filter((l) -> l.startsWith("CREATED") || l.startsWith("UPDATED"))).hasSize(3);
		assertThat(out).contains(
				"CREATED contact c-1 v1 tenant t-1 by highlevel/hl-1 (command cmd-e-1) | email: null -> \"ann@example.org\" | firstName: null -> \"Ann\"")
			.contains(
					"UPDATED contact c-1 v2 tenant t-1 by csv-import (command cmd-e-2) | companyName: null -> \"ACME\" | ignored PHONE +14155550102 (owned by contact c-9)")
			.contains("CREATED contact c-2 v1 tenant t-1")
			.contains("Printed 3 events; skipped 1 redelivered and 1 older versions.");
	}

	@Test
	void redactsEmailsAndPhonesWhenAsked(DevStack stack) throws Exception {
		String topic = onePartitionTopic(stack);
		publish(stack, topic, EventFixtures.created("c-1", "e-1"), EventFixtures.updatedWithCollision("c-1", "e-2", 2));

		String out = watch(stack, topic, "--from", "beginning", "--max-events", "2", "--timeout", "PT20S", "--redact");

		assertThat(out).contains("email: null -> \"a***@example.org\"")
			.contains("ignored PHONE **********02")
			.doesNotContain("ann@example.org", "+14155550102");
	}

	@Test
	void aNamedGroupResumesAfterTheLastEventItPrinted(DevStack stack) throws Exception {
		String topic = onePartitionTopic(stack);
		publish(stack, topic, EventFixtures.created("c-1", "e-1"), EventFixtures.created("c-2", "e-2"));
		String first = watch(stack, topic, "--from", "beginning", "--group", "billing", "--max-events", "1",
				"--timeout", "PT20S");
		publish(stack, topic, EventFixtures.created("c-3", "e-3"));

		String second = watch(stack, topic, "--from", "beginning", "--group", "billing", "--max-events", "2",
				"--timeout", "PT20S");

		assertThat(first).contains("contact c-1").doesNotContain("contact c-2");
		assertThat(second).contains("contact c-2").contains("contact c-3").doesNotContain("contact c-1");
	}

	/**
	 * One partition: the order across contacts is fixed, so where --max-events stops is
	 * too.
	 */
	private static String onePartitionTopic(DevStack stack) {
		String topic = "events-" + UUID.randomUUID();
		stack.createTopic(topic, 1, Map.of());
		return topic;
	}

	private static String watch(DevStack stack, String topic, String... args) {
		StringWriter out = new StringWriter();
		List<String> all = new ArrayList<>(List.of("watch", "--bootstrap-servers", stack.bootstrapServers(),
				"--registry-url", stack.registryUrl(), "--topic", topic));
		all.addAll(List.of(args));
		int exit = ProducerDemo.commandLine().setOut(new PrintWriter(out)).execute(all.toArray(String[]::new));
		assertThat(exit).isZero();
		return out.toString();
	}

	private static void publish(DevStack stack, String topic, ContactEvent... events) throws Exception {
		Map<String, Object> settings = new HashMap<>(RegistrySerdes.producerSettings(stack.registryUrl()));
		settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
		try (KafkaProducer<String, Object> producer = new KafkaProducer<>(settings)) {
			for (ContactEvent event : events) {
				producer.send(new ProducerRecord<>(topic, event.getContactId(), event)).get();
			}
		}
	}

}
