package io.contactsync.worker.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;

/**
 * Checks that the broker, the registry and MongoDB accept connections before the
 * application context starts, so that a missing one is named in a sentence within seconds
 * instead of surfacing as a bean's stack trace after the driver's 30 s. It runs once the
 * environment is ready (every property source bound) and before anything is created:
 * nothing has to be torn down when it fails.
 */
final class StartupCheck implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

	@Override
	public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
		Binder binder = Binder.get(event.getEnvironment());
		StartupSettings settings = binder.bindOrCreate(StartupSettings.PREFIX, StartupSettings.class);
		List<String> unreachable = unreachable(Service.all(binder), settings.timeout());
		if (!unreachable.isEmpty()) {
			throw new ServicesUnreachableException(unreachable);
		}
	}

	/**
	 * One sentence per service that accepts no connection, e.g. {@code Cannot reach
	 * MongoDB at localhost:27017 (spring.mongodb.uri): connection refused.}
	 */
	static List<String> unreachable(List<Service> services, Duration timeout) {
		// All at once: three dead services cost one timeout, not three.
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			List<CompletableFuture<Optional<String>>> checks = services.stream()
				.map((service) -> CompletableFuture.supplyAsync(() -> problem(service, timeout, threads), threads))
				.toList();
			return checks.stream().flatMap((check) -> check.join().stream()).toList();
		}
	}

	private static Optional<String> problem(Service service, Duration timeout, ExecutorService threads) {
		List<CompletableFuture<Optional<String>>> attempts = service.addresses()
			.stream()
			.map((address) -> CompletableFuture.supplyAsync(() -> connect(address, timeout), threads))
			.toList();
		List<Optional<String>> failures = attempts.stream().map(CompletableFuture::join).toList();
		if (failures.stream().anyMatch(Optional::isEmpty)) {
			return Optional.empty();
		}
		List<String> addresses = service.addresses().stream().map(Service.Address::toString).toList();
		return Optional.of("Cannot reach %s at %s (%s): %s.".formatted(service.name(), String.join(", ", addresses),
				service.property(), failures.get(0).orElseThrow()));
	}

	/** Empty when the address accepts a connection, else why not, in a few words. */
	static Optional<String> connect(Service.Address address, Duration timeout) {
		try (Socket socket = new Socket()) {
			// 0 would mean no timeout at all.
			int millis = (int) Math.clamp(timeout.toMillis(), 1, Integer.MAX_VALUE);
			socket.connect(new InetSocketAddress(address.host(), address.port()), millis);
			return Optional.empty();
		}
		catch (UnknownHostException ex) {
			return Optional.of("unknown host");
		}
		catch (SocketTimeoutException ex) {
			return Optional.of("no answer within " + StartupSettings.format(timeout));
		}
		catch (IOException ex) {
			// "Connection refused", "No route to host": the system's words.
			String message = (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
			return Optional.of(message.substring(0, 1).toLowerCase(Locale.ROOT) + message.substring(1));
		}
	}

}
