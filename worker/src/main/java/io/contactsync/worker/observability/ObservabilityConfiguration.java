package io.contactsync.worker.observability;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

import org.bson.Document;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;

@Configuration(proxyBeanMethods = false)
class ObservabilityConfiguration {

	@Bean
	WorkerMetrics workerMetrics(MeterRegistry registry) {
		return new WorkerMetrics(registry);
	}

	/**
	 * Replaces Spring Boot's MongoDB indicator, which sends {@code hello}: the Mongo-wire
	 * test server does not know that command. {@code ping} means the same here and works
	 * on both.
	 */
	@Bean
	HealthIndicator mongoHealthIndicator(MongoTemplate mongo) {
		return () -> {
			try {
				mongo.executeCommand(new Document("ping", 1));
				return Health.up().withDetail("database", mongo.getDb().getName()).build();
			}
			catch (RuntimeException ex) {
				return Health.down().withDetail("error", ex.getClass().getSimpleName()).build();
			}
		};
	}

	/** Spring Boot has no Kafka health indicator: up when the cluster answers. */
	@Bean
	HealthIndicator kafkaHealthIndicator(KafkaProperties kafka) {
		Map<String, Object> config = kafka.buildAdminProperties();
		return () -> {
			try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
					config.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG), AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
					3000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000))) {
				var cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs(3000));
				int nodes = cluster.nodes().get(4, TimeUnit.SECONDS).size();
				return Health.up()
					.withDetail("clusterId", cluster.clusterId().get(4, TimeUnit.SECONDS))
					.withDetail("nodes", nodes)
					.build();
			}
			catch (Exception ex) {
				return Health.down().withDetail("error", ex.getClass().getSimpleName()).build();
			}
		};
	}

}
