package io.contactsync.worker.pipeline;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.contactsync.devstack.DevStackExtension;
import io.contactsync.worker.Endpoints;
import io.contactsync.worker.TcpProxy;
import io.contactsync.worker.TopicClient;
import io.contactsync.worker.WorkerInstance;
import io.contactsync.worker.merge.TenantId;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static io.contactsync.worker.pipeline.AvroCommands.T0;
import static io.contactsync.worker.pipeline.AvroCommands.command;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A schema registry the worker cannot reach is a transient failure, not bad data: a
 * record whose schema the worker has not seen yet waits, with nothing dead-lettered and
 * nothing committed past it, and applies once the registry is reachable again.
 */
class RegistryOutageIntegrationTests {

	@Test
	void commandWaitsForTheRegistryInsteadOfBeingDeadLettered() throws Exception {
		Endpoints devstack = Endpoints.of(DevStackExtension.shared());
		URI registry = URI.create(devstack.registryUrl());
		String tenant = AvroCommands.tenant();
		WorkerInstance.Topology topology = WorkerInstance.Topology.fresh("registry-outage");
		try (TcpProxy proxy = TcpProxy.to(registry.getPort());
				TopicClient topics = new TopicClient(devstack);
				Admin admin = Admin
					.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, devstack.bootstrapServers()))) {
			String proxiedRegistry = registry.toString()
				.replace(":" + registry.getPort() + "/", ":" + proxy.port() + "/");
			Endpoints throughProxy = new Endpoints(devstack.bootstrapServers(), proxiedRegistry, devstack.mongoUri());
			proxy.cut();
			// The producer reaches the registry; the new worker has no schema cached yet.
			var sent = topics.publish(topology.commands(), command(tenant, T0).setEmail("first@example.org").build());
			try (WorkerInstance worker = WorkerInstance.start(throughProxy, topology, Map.of())) {
				TopicPartition partition = new TopicPartition(sent.topic(), sent.partition());
				// Several failed attempts later: nothing stored, nothing dead-lettered,
				// nothing committed past the record, and the consumer still in its group.
				await().atMost(Duration.ofSeconds(30)).until(() -> worker.metrics().batchRetries() >= 3);
				// ... with back-off, not in a tight loop (Spring re-seeks a failed
				// deserialization without one unless told otherwise): from the fourth
				// attempt on, delays are 400 ms and more.
				long retries = worker.metrics().batchRetries();
				await().during(Duration.ofSeconds(2))
					.atMost(Duration.ofSeconds(3))
					.until(() -> worker.metrics().batchRetries() - retries <= 6);
				assertThat(worker.store().count(new TenantId(tenant))).isZero();
				assertThat(topics.rawRecords(topology.deadLetters())).isEmpty();
				OffsetAndMetadata committed = admin.listConsumerGroupOffsets(topology.group())
					.partitionsToOffsetAndMetadata()
					.get(10, TimeUnit.SECONDS)
					.get(partition);
				assertThat((committed != null) ? committed.offset() : 0L).isLessThanOrEqualTo(sent.offset());
				// The consumer stays in its group while it waits (a rebalance may be
				// under way as the second consumer thread joins).
				await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
					var group = admin.describeConsumerGroups(java.util.List.of(topology.group()))
						.all()
						.get(10, TimeUnit.SECONDS)
						.get(topology.group());
					assertThat(group.groupState()).isEqualTo(GroupState.STABLE);
					assertThat(group.members()).isNotEmpty();
				});

				proxy.restore();
				await().atMost(Duration.ofSeconds(60))
					.until(() -> worker.store().count(new TenantId(tenant)) == 1
							&& topics.events(topology.events()).size() == 1);
				assertThat(topics.events(topology.events())).singleElement()
					.satisfies((event) -> assertThat(event.getEventType())
						.isEqualTo(io.contactsync.contracts.ContactEventType.CREATED));
				assertThat(topics.rawRecords(topology.deadLetters())).isEmpty();
			}
		}
	}

}
