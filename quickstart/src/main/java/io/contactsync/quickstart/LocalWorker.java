package io.contactsync.quickstart;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.contactsync.devstack.DevStack;
import io.contactsync.worker.EmbeddedWorker;
import io.contactsync.worker.pipeline.PipelineSettings;
import io.contactsync.worker.store.ContactStore;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import org.springframework.context.ConfigurableApplicationContext;

/** The real worker application, started in this JVM against the devstack. */
final class LocalWorker implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private final DevStack stack;

	private final String group;

	private final String commandsTopic;

	private LocalWorker(ConfigurableApplicationContext context, DevStack stack, String group, String commandsTopic) {
		this.context = context;
		this.stack = stack;
		this.group = group;
		this.commandsTopic = commandsTopic;
	}

	static LocalWorker start(DevStack stack, String name, Map<String, String> extra) {
		Map<String, String> properties = new HashMap<>();
		properties.put("spring.kafka.bootstrap-servers", stack.bootstrapServers());
		properties.put("spring.kafka.consumer.group-id", name + "-worker");
		properties.put("spring.mongodb.uri", EmbeddedWorker.withDatabase(stack.mongoUri(), name));
		properties.put("contact-sync.registry.url", stack.registryUrl());
		properties.put("server.port", "0");
		properties.put("spring.main.banner-mode", "off");
		properties.put("logging.level.root", "WARN");
		properties.put("logging.level.io.contactsync.worker.deadletter", "ERROR");
		properties.put("logging.level.io.apicurio", "ERROR");
		properties.put("logging.level.org.apache.kafka", "ERROR");
		properties.putAll(extra);
		ConfigurableApplicationContext context = EmbeddedWorker.start(properties);
		String topic = context.getBean(PipelineSettings.class).commandsTopic();
		return new LocalWorker(context, stack, properties.get("spring.kafka.consumer.group-id"), topic);
	}

	String metricsUrl() {
		return "http://localhost:" + this.context.getEnvironment().getProperty("local.server.port")
				+ "/actuator/prometheus";
	}

	void dropDatabase() {
		this.context.getBean(org.springframework.data.mongodb.core.MongoTemplate.class).getDb().drop();
	}

	ContactStore store() {
		return this.context.getBean(ContactStore.class);
	}

	/**
	 * Scrapes the worker's Prometheus endpoint: metric line (name and labels) to value.
	 */
	Map<String, Double> scrape() {
		try {
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(metricsUrl())).build(), HttpResponse.BodyHandlers.ofString());
			Map<String, Double> values = new HashMap<>();
			for (String line : response.body().split("\n")) {
				if (line.isBlank() || line.startsWith("#")) {
					continue;
				}
				int space = line.lastIndexOf(' ');
				String metric = line.substring(0, space)
					.replaceAll("application=\"[^\"]*\",?", "")
					.replace(",}", "}")
					.replace("{}", "");
				values.put(metric, Double.parseDouble(line.substring(space + 1)));
			}
			return values;
		}
		catch (Exception ex) {
			throw new IllegalStateException("cannot scrape " + metricsUrl(), ex);
		}
	}

	/** Blocks until the worker's group has committed every command on the topic. */
	void awaitCaughtUp(Duration timeout) {
		Instant deadline = Instant.now().plus(timeout);
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.stack.bootstrapServers()))) {
			while (Instant.now().isBefore(deadline)) {
				if (lag(admin) == 0) {
					return;
				}
				Thread.sleep(200);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		throw new IllegalStateException("the worker did not catch up within " + timeout);
	}

	private long lag(Admin admin) {
		try {
			Set<TopicPartition> partitions = admin.describeTopics(List.of(this.commandsTopic))
				.allTopicNames()
				.get(10, TimeUnit.SECONDS)
				.get(this.commandsTopic)
				.partitions()
				.stream()
				.map((p) -> new TopicPartition(this.commandsTopic, p.partition()))
				.collect(java.util.stream.Collectors.toSet());
			Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
			partitions.forEach((tp) -> latest.put(tp, OffsetSpec.latest()));
			var ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
			Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(this.group)
				.partitionsToOffsetAndMetadata()
				.get(10, TimeUnit.SECONDS);
			long lag = 0;
			for (TopicPartition tp : partitions) {
				OffsetAndMetadata done = committed.get(tp);
				lag += ends.get(tp).offset() - ((done != null) ? done.offset() : 0);
			}
			return lag;
		}
		catch (Exception ex) {
			return Long.MAX_VALUE;
		}
	}

	@Override
	public void close() {
		this.context.close();
	}

}
