package io.contactsync.worker.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.contactsync.worker.pipeline.PipelineSettings;
import io.contactsync.worker.pipeline.RegistrySettings;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.mongodb.autoconfigure.MongoProperties;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * The properties an operator sets most, with the defaults the worker runs with. They are
 * bound from the packaged application.yaml into the same classes the application binds
 * (Spring Boot's, our settings records), so each default has one source and the help
 * cannot drift from it. Only the packaged file: the environment may hold secrets.
 */
final class MainProperties {

	/** Where every property is described. */
	static final String FULL_LIST = "docs/operations.md (Configuration)";

	// Spring Boot's default, which no public constant holds.
	private static final int DEFAULT_SERVER_PORT = 8080;

	private MainProperties() {
	}

	/** Property names and their defaults, in the order the help lists them. */
	static Map<String, String> defaults() {
		Binder binder = new Binder(ConfigurationPropertySources.from(packagedConfiguration()));
		KafkaProperties kafka = binder.bindOrCreate("spring.kafka", KafkaProperties.class);
		MongoProperties mongo = binder.bindOrCreate("spring.mongodb", MongoProperties.class);
		RegistrySettings registry = binder.bindOrCreate("contact-sync.registry", RegistrySettings.class);
		PipelineSettings pipeline = binder.bindOrCreate("contact-sync.pipeline", PipelineSettings.class);
		StartupSettings startup = binder.bindOrCreate(StartupSettings.PREFIX, StartupSettings.class);
		Map<String, String> defaults = new LinkedHashMap<>();
		defaults.put("spring.kafka.bootstrap-servers", String.join(",", kafka.getBootstrapServers()));
		defaults.put("spring.kafka.consumer.group-id", String.valueOf(kafka.getConsumer().getGroupId()));
		defaults.put("spring.mongodb.uri", mongo.determineUri());
		defaults.put("contact-sync.registry.url", registry.url());
		defaults.put("contact-sync.pipeline.commands-topic", pipeline.commandsTopic());
		defaults.put("contact-sync.pipeline.events-topic", pipeline.eventsTopic());
		defaults.put("contact-sync.pipeline.dead-letter-topic", pipeline.deadLetterTopic());
		defaults.put("contact-sync.pipeline.state-topic", pipeline.stateTopic());
		defaults.put("contact-sync.pipeline.concurrency", String.valueOf(pipeline.concurrency()));
		defaults.put(StartupSettings.PREFIX + ".timeout", StartupSettings.format(startup.timeout()));
		defaults.put("server.port",
				String.valueOf(binder.bind("server.port", Integer.class).orElse(DEFAULT_SERVER_PORT)));
		return defaults;
	}

	/**
	 * The usage help's section on properties, as they are typed (picocli format:
	 * {@code %n}, {@code %%}).
	 */
	static String[] usage() {
		List<String> lines = new ArrayList<>();
		defaults().forEach((name, value) -> lines.add(("  --" + name + "=" + value).replace("%", "%%")));
		lines.add("All properties: " + FULL_LIST + ".");
		return lines.toArray(String[]::new);
	}

	private static List<PropertySource<?>> packagedConfiguration() {
		try {
			return new YamlPropertySourceLoader().load("application.yaml", new ClassPathResource("application.yaml"));
		}
		catch (IOException ex) {
			// The records' and Spring Boot's defaults still stand.
			return List.of();
		}
	}

}
