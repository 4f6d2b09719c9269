package io.contactsync.images;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks {@code docker/compose.yaml} without Docker: what {@code docker compose config}
 * cannot know (our topics, our property names, the versions shared with the
 * Testcontainers suite) and what a typo would silently break.
 */
class ComposeFileTests {

	private static final Pattern VARIABLE = Pattern.compile("(?<!\\$)\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:?[-?][^}]*)?}");

	private final String text = Repository.read("docker/compose.yaml");

	private final Map<String, Object> compose = new Yaml().load(this.text);

	private final Properties env = Repository.dotEnv();

	@Test
	void definesEveryVariableItUsesInDotEnv() {
		Set<String> used = new LinkedHashSet<>();
		Matcher matcher = VARIABLE.matcher(this.text);
		while (matcher.find()) {
			used.add(matcher.group(1));
		}
		assertThat(used).isNotEmpty();
		assertThat(this.env.stringPropertyNames()).as("variables defined in docker/.env").containsAll(used);
	}

	@Test
	void takesEveryImageVersionFromDotEnv() {
		assertThat(image("kafka")).isEqualTo("${KAFKA_IMAGE}");
		assertThat(image("topic-init")).isEqualTo("${KAFKA_IMAGE}");
		assertThat(image("registry")).isEqualTo("${REGISTRY_IMAGE}");
		assertThat(image("mongo")).isEqualTo("${MONGO_IMAGE}");
		assertThat(image("worker")).isEqualTo("contact-sync/worker:${CONTACT_SYNC_VERSION}");
		assertThat(image("producer-demo")).isEqualTo("contact-sync/producer-demo:${CONTACT_SYNC_VERSION}");
	}

	@Test
	void tagsOurImagesWithTheProjectVersion() {
		// Jib tags the images contact-sync/<module>:${project.version}; compose must
		// ask for that tag.
		assertThat(this.env.getProperty("CONTACT_SYNC_VERSION")).isEqualTo(Repository.projectVersion());
	}

	@Test
	void sharesItsImageVersionsWithTheTestcontainersSuite() {
		String suite = Repository
			.read("worker/src/test/java/io/contactsync/worker/pipeline/WorkerContainersIntegrationTests.java");
		assertThat(suite).contains("\"docker\", \".env\"");
		for (String key : List.of("KAFKA_IMAGE", "MONGO_IMAGE", "REGISTRY_IMAGE")) {
			assertThat(suite).contains("getProperty(\"" + key + "\")");
			String repository = this.env.getProperty(key).split(":")[0];
			assertThat(suite).as("a second, hard-coded version of " + repository)
				.doesNotContain("\"" + repository + ":");
		}
	}

	@Test
	void startsEachServiceAfterWhatItDependsOn() {
		Map<String, Object> services = services();
		for (String name : services.keySet()) {
			for (Map.Entry<String, Object> dependency : dependsOn(name).entrySet()) {
				String target = dependency.getKey();
				String condition = String.valueOf(map(dependency.getValue()).get("condition"));
				assertThat(services).as(name + " depends on a service that does not exist").containsKey(target);
				switch (condition) {
					case "service_healthy" -> assertThat(service(target))
						.as(name + " waits for " + target + " to be healthy, but it has no health check")
						.containsKey("healthcheck");
					case "service_completed_successfully" ->
						assertThat(service(target).get("restart")).as(target + " is a one-shot job").isEqualTo("no");
					default -> throw new AssertionError(name + " -> " + target + ": unexpected condition " + condition);
				}
			}
		}
		assertThat(dependsOn("worker")).containsOnlyKeys("topic-init", "registry", "mongo");
		assertThat(dependsOn("producer-demo")).containsOnlyKeys("worker");
		assertThat(dependsOn("topic-init")).containsOnlyKeys("kafka");
		for (String name : List.of("kafka", "registry", "mongo", "worker")) {
			assertThat(service(name)).as(name + " has a health check").containsKey("healthcheck");
		}
	}

	@Test
	void createsTheTopicsWithSixPartitionsAndACompactedStateTopic() {
		String script = String.join("\n", strings(service("topic-init").get("command")));
		Map<String, String> topics = new LinkedHashMap<>();
		Matcher matcher = Pattern.compile("(?m)^\\s*topic --topic (\\S+) (.*)$").matcher(script);
		while (matcher.find()) {
			topics.put(matcher.group(1), matcher.group(2));
		}
		assertThat(topics).containsOnlyKeys("contact-commands", "contact-events", "contact-commands-dlt",
				"contact-state");
		topics.forEach((topic, options) -> assertThat(options).as(topic).contains("--partitions 6"));
		assertThat(topics.get("contact-state")).contains("--config cleanup.policy=compact");
		assertThat(script).contains("--create --if-not-exists");
		assertThat(map(service("kafka").get("environment"))).containsEntry("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
	}

	@Test
	void runsKafkaInKraftModeWithListenersForContainersAndTheHost() {
		Map<String, Object> kafka = map(service("kafka").get("environment"));
		assertThat(kafka.get("KAFKA_PROCESS_ROLES")).isEqualTo("broker,controller");
		assertThat(String.valueOf(kafka.get("KAFKA_ADVERTISED_LISTENERS"))).contains("INTERNAL://kafka:29092")
			.contains("EXTERNAL://localhost:9092");
		assertThat(strings(service("kafka").get("ports"))).contains("9092:9092");
		assertThat(strings(service("registry").get("ports"))).contains("8081:8080");
		assertThat(strings(service("mongo").get("ports"))).contains("27017:27017");
	}

	@Test
	void initialisesMongoAsASingleNodeReplicaSet() {
		assertThat(strings(service("mongo").get("command"))).containsSequence("--replSet", "rs0");
		String check = String.join(" ", strings(map(service("mongo").get("healthcheck")).get("test")));
		assertThat(check).contains("rs.initiate(").contains("_id: 'rs0'").contains("host: 'mongo:27017'");
	}

	@Test
	void runsTwoWorkersAgainstTheServicesOfTheStack() {
		Map<String, Object> worker = service("worker");
		assertThat(map(worker.get("deploy")).get("replicas")).isEqualTo(2);
		Map<String, Object> environment = map(worker.get("environment"));
		assertThat(environment).containsEntry("SPRING_KAFKA_BOOTSTRAP_SERVERS", "kafka:29092")
			.containsEntry("SPRING_MONGODB_URI", "mongodb://mongo:27017/contactsync?replicaSet=rs0")
			.containsEntry("CONTACT_SYNC_REGISTRY_URL", "http://registry:8080/apis/registry/v3");
		// Spring Boot's relaxed binding: each variable must name a property of the
		// worker, set in its application.yaml or documented in operations.md (dashes
		// dropped or, in the legacy form used here, turned into underscores).
		String settings = Repository.read("worker/src/main/resources/application.yaml");
		List<String> keys = new ArrayList<>(flatten("", new Yaml().load(settings)));
		keys.addAll(documentedProperties());
		for (String variable : environment.keySet()) {
			assertThat(keys).as(variable + " names no property of the worker")
				.anyMatch((key) -> key.replace('.', '_').replace("-", "").equalsIgnoreCase(variable)
						|| key.replace('.', '_').replace('-', '_').equalsIgnoreCase(variable));
		}
	}

	@Test
	void checksTheWorkersReadinessWithoutCurl() {
		String check = String.join(" ", strings(map(service("worker").get("healthcheck")).get("test")));
		assertThat(check).contains("/dev/tcp/127.0.0.1/8080").contains("/actuator/health/readiness");
		assertThat(check).doesNotContain("curl").doesNotContain("wget");
		assertThat(Repository.read("worker/src/main/resources/application.yaml")).contains("probes:")
			.contains("enabled: true");
	}

	@Test
	void runsTheProducerDemoOnceAgainstTheStack() {
		Map<String, Object> producer = service("producer-demo");
		assertThat(producer.get("restart")).isEqualTo("no");
		assertThat(strings(producer.get("command"))).containsSequence("generate", "--count", "10000")
			.containsSequence("--bootstrap-servers", "kafka:29092")
			.containsSequence("--registry-url", "http://registry:8080/apis/registry/v3");
	}

	@Test
	void keepsDataInNamedVolumes() {
		Set<String> declared = map(this.compose.get("volumes")).keySet();
		Set<String> used = new LinkedHashSet<>();
		for (String name : services().keySet()) {
			for (String volume : strings(service(name).getOrDefault("volumes", List.of()))) {
				String source = volume.split(":")[0];
				assertThat(source).as(name + " mounts a host path").doesNotStartWith(".").doesNotStartWith("/");
				used.add(source);
			}
		}
		assertThat(used).containsExactlyInAnyOrderElementsOf(declared).contains("kafka-data", "mongo-data");
	}

	private String image(String service) {
		return String.valueOf(service(service).get("image"));
	}

	private Map<String, Object> services() {
		return map(this.compose.get("services"));
	}

	private Map<String, Object> service(String name) {
		assertThat(services()).containsKey(name);
		return map(services().get(name));
	}

	private Map<String, Object> dependsOn(String name) {
		return map(service(name).getOrDefault("depends_on", Map.of()));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		assertThat(value).isInstanceOf(Map.class);
		return (Map<String, Object>) value;
	}

	private static List<String> strings(Object value) {
		assertThat(value).isInstanceOf(List.class);
		return ((List<?>) value).stream().map(String::valueOf).toList();
	}

	private static List<String> flatten(String prefix, Object value) {
		List<String> keys = new ArrayList<>();
		if (value instanceof Map<?, ?> nested) {
			nested.forEach((key, child) -> keys.addAll(flatten(prefix + key + ".", child)));
		}
		else {
			keys.add(prefix.substring(0, prefix.length() - 1));
		}
		return keys;
	}

	/**
	 * The properties in the configuration table of docs/operations.md; a cell like
	 * {@code `a.b.c` / `d`} names {@code a.b.c} and its sibling {@code a.b.d}.
	 */
	private static List<String> documentedProperties() {
		List<String> properties = new ArrayList<>();
		for (String line : Repository.read("docs/operations.md").split("\n")) {
			if (!line.startsWith("| `")) {
				continue;
			}
			String first = null;
			for (String name : line.split("\\|")[1].split("/")) {
				String property = name.strip().replace("`", "");
				if (first == null) {
					first = property;
					properties.add(property);
				}
				else {
					properties.add(first.substring(0, first.lastIndexOf('.') + 1) + property);
				}
			}
		}
		return properties;
	}

}
