package io.contactsync.worker;

import java.util.Map;

import io.contactsync.contracts.RegistrySerdes;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the whole worker application inside this JVM: for tests, the quickstart and the
 * benchmark, which run it against a local stack.
 */
public final class EmbeddedWorker {

	private EmbeddedWorker() {
	}

	/**
	 * Starts a worker.
	 * @param properties Spring properties; they are passed as command-line arguments, so
	 * they outrank application.yaml (default properties would not)
	 * @return the running application; close it to stop the worker
	 */
	public static ConfigurableApplicationContext start(Map<String, ?> properties) {
		RegistrySerdes.trustContractClasses();
		String[] args = properties.entrySet()
			.stream()
			.map((entry) -> "--" + entry.getKey() + "=" + entry.getValue())
			.toArray(String[]::new);
		return new SpringApplicationBuilder(WorkerApplication.class).run(args);
	}

	/**
	 * A MongoDB connection string with another database.
	 * @param uri {@code mongodb://host:port[/[database]][?options]}
	 * @param database the database to put in its place
	 * @return {@code mongodb://host:port/database[?options]}
	 */
	public static String withDatabase(String uri, String database) {
		int query = uri.indexOf('?');
		String base = (query < 0) ? uri : uri.substring(0, query);
		String options = (query < 0) ? "" : uri.substring(query);
		int path = base.indexOf('/', base.indexOf("//") + 2);
		if (path >= 0) {
			base = base.substring(0, path);
		}
		return base + "/" + database + options;
	}

}
