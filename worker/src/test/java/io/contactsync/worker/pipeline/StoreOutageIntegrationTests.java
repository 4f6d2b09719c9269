package io.contactsync.worker.pipeline;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.contactsync.devstack.DevStackExtension;
import io.contactsync.worker.Endpoints;
import io.contactsync.worker.TopicClient;
import io.contactsync.worker.WorkerInstance;
import io.contactsync.worker.merge.TenantId;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static io.contactsync.worker.pipeline.AvroCommands.T0;
import static io.contactsync.worker.pipeline.AvroCommands.command;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A store outage is a transient failure: the batch is retried with back-off, nothing is
 * skipped or dead-lettered, no offset is committed past it, the consumer stays in its
 * group, and the command applies once the store is back.
 */
class StoreOutageIntegrationTests {

	@Test
	void commandWaitsForTheStoreAndAppliesWhenItIsBack() throws Exception {
		Endpoints devstack = Endpoints.of(DevStackExtension.shared());
		int port = freePort();
		MongoServer store = startStore(port);
		String mongoUri = "mongodb://localhost:" + port + "/?serverSelectionTimeoutMS=1000&socketTimeoutMS=2000";
		Endpoints stack = new Endpoints(devstack.bootstrapServers(), devstack.registryUrl(), mongoUri);
		WorkerInstance.Topology topology = WorkerInstance.Topology.fresh("outage");
		String tenant = AvroCommands.tenant();
		try (TopicClient topics = new TopicClient(stack);
				WorkerInstance worker = WorkerInstance.start(stack, topology,
						Map.of("contact-sync.pipeline.stalled-after", "1s"));
				Admin admin = Admin
					.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
			topics.publish(topology.commands(), command(tenant, T0).setEmail("first@example.org").build());
			await().atMost(Duration.ofSeconds(30)).until(() -> worker.store().count(new TenantId(tenant)) == 1);

			store.shutdownNow();
			var sent = topics.publish(topology.commands(),
					command(tenant, T0.plusSeconds(1)).setEmail("second@example.org").build());
			TopicPartition partition = new TopicPartition(sent.topic(), sent.partition());
			// Several failed attempts later: not committed past the record, not
			// dead-lettered, and the consumer still in its group.
			long retriesBefore = worker.metrics().batchRetries();
			await().atMost(Duration.ofSeconds(30)).until(() -> worker.metrics().batchRetries() >= retriesBefore + 3);
			OffsetAndMetadata committed = admin.listConsumerGroupOffsets(topology.group())
				.partitionsToOffsetAndMetadata()
				.get(10, TimeUnit.SECONDS)
				.get(partition);
			assertThat((committed != null) ? committed.offset() : 0L).isLessThanOrEqualTo(sent.offset());
			assertThat(topics.rawRecords(topology.deadLetters())).isEmpty();
			// Loud while it waits: the health names the partition.
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				JsonNode pipeline = JsonMapper.builder()
					.build()
					.readTree(worker.http("/actuator/health"))
					.at("/components/pipeline");
				assertThat(pipeline.at("/status").asString()).isEqualTo("DEGRADED");
				assertThat(pipeline.at("/details/waiting/" + partition + "/failure").asString()).contains("Mongo");
			});
			// The consumer stays in its group while it waits (a rebalance may be under
			// way as the second consumer thread joins).
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				var group = admin.describeConsumerGroups(java.util.List.of(topology.group()))
					.all()
					.get(10, TimeUnit.SECONDS)
					.get(topology.group());
				assertThat(group.groupState()).isEqualTo(GroupState.STABLE);
				assertThat(group.members()).isNotEmpty();
			});

			store = startStore(port);
			await().atMost(Duration.ofSeconds(60))
				.until(() -> worker.store().count(new TenantId(tenant)) >= 1 && worker.store()
					.findAll(new TenantId(tenant))
					.stream()
					.anyMatch((c) -> c.contact().email().orElse("").equals("second@example.org")));
			assertThat(topics.rawRecords(topology.deadLetters())).isEmpty();
		}
		finally {
			store.shutdownNow();
		}
	}

	private static MongoServer startStore(int port) {
		MongoServer server = new MongoServer(new MemoryBackend());
		server.bind("127.0.0.1", port);
		return server;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
