package io.contactsync.worker;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.contactsync.worker.observability.WorkerMetrics;
import io.contactsync.worker.store.ContactStore;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real worker (the whole Spring Boot application) on the devstack, for tests that need
 * to start, stop and run several instances. Each {@link Topology} is a fresh set of
 * topics, consumer group and database, so tests do not see each other.
 */
public final class WorkerInstance implements AutoCloseable {

	/** Names of everything one test's workers share. */
	public record Topology(String commands, String events, String deadLetters, String state, String group,
			String database) {

		public static Topology fresh(String name) {
			String id = name + "-" + UUID.randomUUID().toString().substring(0, 8);
			return new Topology(id + "-commands", id + "-events", id + "-dlt", id + "-state", id + "-worker",
					id.replace('-', '_'));
		}

	}

	private final ConfigurableApplicationContext context;

	private WorkerInstance(ConfigurableApplicationContext context) {
		this.context = context;
	}

	public static WorkerInstance start(Endpoints stack, Topology topology, Map<String, Object> overrides) {
		Map<String, Object> properties = new HashMap<>();
		properties.put("spring.kafka.bootstrap-servers", stack.bootstrapServers());
		properties.put("spring.kafka.consumer.group-id", topology.group());
		properties.put("spring.mongodb.uri", EmbeddedWorker.withDatabase(stack.mongoUri(), topology.database()));
		properties.put("contact-sync.registry.url", stack.registryUrl());
		properties.put("contact-sync.pipeline.commands-topic", topology.commands());
		properties.put("contact-sync.pipeline.events-topic", topology.events());
		properties.put("contact-sync.pipeline.dead-letter-topic", topology.deadLetters());
		properties.put("contact-sync.pipeline.state-topic", topology.state());
		properties.put("contact-sync.pipeline.retry-initial-interval", "50ms");
		properties.put("contact-sync.pipeline.retry-max-interval", "1s");
		properties.put("server.port", "0");
		properties.putAll(overrides);
		return new WorkerInstance(EmbeddedWorker.start(properties));
	}

	public ContactStore store() {
		return this.context.getBean(ContactStore.class);
	}

	public WorkerMetrics metrics() {
		return this.context.getBean(WorkerMetrics.class);
	}

	/** GET on the worker's own HTTP port (actuator). */
	public String http(String path) throws Exception {
		String port = this.context.getEnvironment().getProperty("local.server.port");
		var response = java.net.http.HttpClient.newHttpClient()
			.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + path)).build(),
					java.net.http.HttpResponse.BodyHandlers.ofString());
		return response.body();
	}

	public <T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	@Override
	public void close() {
		this.context.close();
	}

}
