package io.contactsync.worker.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import io.contactsync.worker.Endpoints;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * The same end-to-end suite against real MongoDB (a replica set), Apache Kafka and the
 * Apicurio Registry in containers. Runs wherever Docker runs; skipped cleanly elsewhere.
 * Image versions come from {@code docker/.env}, the file docker compose reads too.
 */
@Testcontainers(disabledWithoutDocker = true)
class WorkerContainersIntegrationTests extends WorkerEndToEndTests {

	private static final Properties images = images();

	@Container
	static final KafkaContainer kafka = new KafkaContainer(images.getProperty("KAFKA_IMAGE"));

	@Container
	static final MongoDBContainer mongo = new MongoDBContainer(images.getProperty("MONGO_IMAGE"));

	@Container
	static final GenericContainer<?> registry = new GenericContainer<>(images.getProperty("REGISTRY_IMAGE"))
		.withExposedPorts(8080)
		.waitingFor(Wait.forHttp("/apis/ccompat/v7/subjects").forStatusCode(200))
		.withStartupTimeout(Duration.ofMinutes(3));

	@BeforeAll
	static void startOnContainers() {
		String registryUrl = "http://" + registry.getHost() + ":" + registry.getMappedPort(8080) + "/apis/registry/v3";
		// The replica set URL without its database: the worker adds one per test class.
		String mongoUri = mongo.getConnectionString();
		startWorker(new Endpoints(kafka.getBootstrapServers(), registryUrl, mongoUri));
	}

	static Properties images() {
		Path env = Path.of("..", "docker", ".env");
		Properties properties = new Properties();
		try (InputStream in = Files.newInputStream(env)) {
			properties.load(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the image versions from " + env.toAbsolutePath(), ex);
		}
		return properties;
	}

}
