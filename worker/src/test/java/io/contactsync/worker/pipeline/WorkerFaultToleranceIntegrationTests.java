package io.contactsync.worker.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.contactsync.devstack.DevStackExtension;
import io.contactsync.worker.Endpoints;
import io.contactsync.worker.TopicClient;
import io.contactsync.worker.WorkerInstance;
import io.contactsync.worker.merge.Contact;
import io.contactsync.worker.merge.TenantId;
import io.contactsync.worker.store.StoredContact;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Restarts and scale-out on the devstack. The expected state is computed by applying the
 * same commands serially with the merge engine ({@link Workload#serial}); the workers
 * must end in exactly that state, with one contact per person.
 */
class WorkerFaultToleranceIntegrationTests {

	private static final int PEOPLE = 25;

	private static final int COMMANDS = 400;

	private static Endpoints stack;

	private static TopicClient topics;

	@BeforeAll
	static void connect() {
		stack = Endpoints.of(DevStackExtension.shared());
		topics = new TopicClient(stack);
	}

	@AfterAll
	static void disconnect() {
		topics.close();
	}

	@Test
	void workerStoppedAndRestartedMidStreamEndsInTheSerialState() {
		WorkerInstance.Topology topology = WorkerInstance.Topology.fresh("restart");
		String tenant = AvroCommands.tenant();
		List<Workload.Record> records = Workload.generate(7, tenant, PEOPLE, COMMANDS);
		int half = records.size() / 2;

		WorkerInstance first = WorkerInstance.start(stack, topology, Map.of());
		publish(topology, records.subList(0, half));
		await().atMost(Duration.ofSeconds(30)).until(() -> first.store().count(new TenantId(tenant)) > 0);
		first.close();

		publish(topology, records.subList(half, records.size()));
		try (WorkerInstance second = WorkerInstance.start(stack, topology, Map.of())) {
			assertConverges(second, tenant, Workload.serial(records));
		}
	}

	@Test
	void twoInstancesOnSixPartitionsCreateNoDuplicateAndEndInTheSerialState() {
		WorkerInstance.Topology topology = WorkerInstance.Topology.fresh("scale");
		String tenant = AvroCommands.tenant();
		List<Workload.Record> records = Workload.generate(11, tenant, PEOPLE, COMMANDS);

		try (WorkerInstance one = WorkerInstance.start(stack, topology, Map.of());
				WorkerInstance two = WorkerInstance.start(stack, topology, Map.of())) {
			publish(topology, records);
			assertConverges(one, tenant, Workload.serial(records));
			assertThat(one.store().count(new TenantId(tenant))).isEqualTo(PEOPLE);
			// Every contact counted as created exactly once, lost write races included.
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(created(one) + created(two)).isEqualTo(PEOPLE));
		}
	}

	private static double created(WorkerInstance worker) {
		return worker.bean(MeterRegistry.class).get("contactsync.commands").tag("outcome", "created").counter().count();
	}

	private static void publish(WorkerInstance.Topology topology, List<Workload.Record> records) {
		for (Workload.Record record : records) {
			topics.publish(topology.commands(), record.key(), record.command());
		}
	}

	private static void assertConverges(WorkerInstance worker, String tenant, Map<String, Workload.State> expected) {
		await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			List<Contact> stored = new ArrayList<>();
			for (StoredContact contact : worker.store().findAll(new TenantId(tenant))) {
				stored.add(contact.contact());
			}
			Map<String, Long> perEmail = stored.stream()
				.collect(Collectors.groupingBy((c) -> c.email().orElse("<none>"), Collectors.counting()));
			assertThat(perEmail).as("contacts per email").allSatisfy((email, count) -> assertThat(count).isOne());
			assertThat(Workload.byEmail(stored)).isEqualTo(expected);
		});
	}

}
