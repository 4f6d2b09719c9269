package io.contactsync.devstack;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs only the MongoDB-wire store until Ctrl-C or SIGTERM, in a JVM of its own: a
 * benchmark can then give it its own heap and read its CPU apart from the broker's
 * ({@code devstack --no-mongo} runs the rest). Its data lives on the heap, about 14 KB
 * per contact document: size {@code -Xmx} to the run.
 */
@Command(name = "mongo-wire-server", mixinStandardHelpOptions = true,
		description = "Runs only the MongoDB-wire store (mongo-java-server, memory backend) on localhost until Ctrl-C or SIGTERM.")
public final class MongoWireServerCommand implements Callable<Integer> {

	@Option(names = "--port", defaultValue = "27017",
			description = "MongoDB port (default: ${DEFAULT-VALUE}, 0 = any free port).")
	int port;

	public static void main(String[] args) {
		System.exit(new CommandLine(new MongoWireServerCommand()).execute(args));
	}

	@Override
	public Integer call() throws InterruptedException {
		MongoWireServer server = MongoWireServer.start(this.port);
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			server.close();
			stopped.countDown();
		}, "mongo-wire-server-shutdown"));
		// Scripts wait for this line and read the URI from it.
		System.out.println("MongoDB URI " + server.uri());
		stopped.await();
		return 0;
	}

}
