package io.contactsync.devstack;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar devstack-exec.jar}: runs the local stack until Ctrl-C or SIGTERM. */
@Command(name = "devstack", mixinStandardHelpOptions = true,
		description = "Runs a real Kafka broker (KRaft), the Apicurio schema registry and a MongoDB-wire store on localhost until Ctrl-C or SIGTERM.")
public final class DevStackCommand implements Callable<Integer> {

	@Option(names = "--kafka-port", defaultValue = "9092",
			description = "Kafka port (default: ${DEFAULT-VALUE}, 0 = any free port).")
	int kafkaPort;

	@Option(names = "--registry-port", defaultValue = "8081",
			description = "Schema registry port (default: ${DEFAULT-VALUE}, 0 = any free port).")
	int registryPort;

	@Option(names = "--mongo-port", defaultValue = "27017",
			description = "MongoDB port (default: ${DEFAULT-VALUE}, 0 = any free port).")
	int mongoPort;

	@Option(names = "--work-dir", defaultValue = ".devstack/run",
			description = "Kafka data and registry log (default: ${DEFAULT-VALUE}). Kafka keeps its topics, and the registry its schemas (in a Kafka topic), across restarts.")
	Path workDir;

	@Option(names = "--no-mongo",
			description = "Run only Kafka and the schema registry, e.g. when the store runs in a JVM of its own (MongoWireServerCommand).")
	boolean noMongo;

	public static void main(String[] args) {
		System.exit(new CommandLine(new DevStackCommand()).execute(args));
	}

	@Override
	public Integer call() throws InterruptedException {
		System.out.println("Starting the contact-sync devstack (Kafka, schema registry, MongoDB-wire store)...");
		DevStack stack = DevStack.start(
				new DevStack.Settings(this.kafkaPort, this.registryPort, this.mongoPort, this.workDir.toAbsolutePath()),
				!this.noMongo);
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			System.out.println("Stopping the devstack...");
			stack.close();
			System.out.println("Stopped.");
			stopped.countDown();
		}, "devstack-shutdown"));
		System.out.println(describe(stack, !this.noMongo));
		System.out.println("Press Ctrl-C to stop.");
		stopped.await();
		return 0;
	}

	static String describe(DevStack stack, boolean withStore) {
		return """
				contact-sync devstack is up
				  Kafka bootstrap servers   %s
				  Schema registry (serdes)  %s
				  Schema registry (Confluent API)  %s
				  MongoDB URI               %s
				  Work dir                  %s""".formatted(stack.bootstrapServers(), stack.registryUrl(),
				stack.registryCcompatUrl(), withStore ? stack.mongoUri() : "not started (--no-mongo)", stack.workDir());
	}

}
