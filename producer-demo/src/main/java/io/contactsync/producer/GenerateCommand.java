package io.contactsync.producer;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code producer-demo generate}: synthetic, reproducible traffic. */
@Command(name = "generate", mixinStandardHelpOptions = true,
		description = {
				"Publishes realistic synthetic commands: new people, updates, the same person by another identifier, "
						+ "collisions, duplicates, stale and invalid commands, over N tenants.",
				"The same --seed (and --start) gives the same commands." })
final class GenerateCommand implements Callable<Integer> {

	@Mixin
	ConnectionOptions.Publishing connection;

	@Option(names = "--count", defaultValue = "1000", description = "Commands to publish (default: ${DEFAULT-VALUE}).")
	long count;

	@Option(names = "--tenants", defaultValue = "3", description = "Number of tenants (default: ${DEFAULT-VALUE}).")
	int tenants;

	@Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
	long seed;

	@Option(names = "--rate", defaultValue = "0",
			description = "Commands per second; 0 publishes as fast as possible (default: ${DEFAULT-VALUE}).")
	double rate;

	@Option(names = "--start",
			description = "Source time of the first command, e.g. 2025-01-01T00:00:00Z (default: now). Fix it to reproduce a run exactly.")
	Instant start;

	@Option(names = "--new-people", description = "Weight of new people (default: realistic mix, 0.25).")
	Double newPeople;

	@Option(names = "--updates", description = "Weight of updates by email (default: 0.40).")
	Double updates;

	@Option(names = "--other-identifier", description = "Weight of the same person by phone only (default: 0.12).")
	Double otherIdentifier;

	@Option(names = "--collisions",
			description = "Weight of commands with one person's email and another's phone (default: 0.04).")
	Double collisions;

	@Option(names = "--duplicates", description = "Weight of re-sent commands, same command id (default: 0.08).")
	Double duplicates;

	@Option(names = "--stale", description = "Weight of updates dated a day back (default: 0.06).")
	Double stale;

	@Option(names = "--invalid", description = "Weight of commands that break a rule (default: 0.05).")
	Double invalid;

	@Option(names = "--progress", negatable = true, defaultValue = "true", fallbackValue = "true",
			description = "Show a progress bar on standard error (default: on).")
	boolean progress;

	@Spec
	CommandSpec spec;

	@Override
	public Integer call() {
		if (this.count < 0 || this.tenants < 1 || this.rate < 0) {
			this.spec.commandLine().getErr().println("--count must be >= 0, --tenants >= 1 and --rate >= 0");
			return 2;
		}
		TrafficGenerator.Mix mix = mix();
		TrafficGenerator generator = new TrafficGenerator(this.seed, this.tenants, mix,
				(this.start != null) ? this.start : Instant.now());
		Map<TrafficGenerator.Kind, Long> kinds = new EnumMap<>(TrafficGenerator.Kind.class);
		AtomicLong acked = new AtomicLong();
		AtomicLong failed = new AtomicLong();
		AtomicReference<Exception> firstFailure = new AtomicReference<>();
		long began = System.nanoTime();
		try (CommandPublisher publisher = new CommandPublisher(this.connection.bootstrapServers,
				this.connection.registryUrl, this.connection.topic);
				Progress bar = Progress.start("generate", this.count, "cmd", this.progress)) {
			for (long i = 0; i < this.count; i++) {
				pace(began, i);
				TrafficGenerator.Generated generated = generator.next();
				kinds.merge(generated.kind(), 1L, Long::sum);
				publisher.publish(generated.command(), (metadata, exception) -> {
					if (exception == null) {
						acked.incrementAndGet();
					}
					else {
						failed.incrementAndGet();
						firstFailure.compareAndSet(null, exception);
					}
				});
				bar.stepTo(i + 1);
			}
			publisher.flush();
		}
		Duration took = Duration.ofNanos(System.nanoTime() - began);
		summary(kinds, acked.get(), failed.get(), took);
		if (firstFailure.get() != null) {
			this.spec.commandLine()
				.getErr()
				.println("First failure: " + firstFailure.get().getClass().getSimpleName() + ": "
						+ firstFailure.get().getMessage());
			return 1;
		}
		return 0;
	}

	private TrafficGenerator.Mix mix() {
		TrafficGenerator.Mix realistic = TrafficGenerator.Mix.realistic();
		return new TrafficGenerator.Mix(or(this.newPeople, realistic.newPeople()),
				or(this.updates, realistic.updates()), or(this.otherIdentifier, realistic.otherIdentifier()),
				or(this.collisions, realistic.collisions()), or(this.duplicates, realistic.duplicates()),
				or(this.stale, realistic.stale()), or(this.invalid, realistic.invalid()));
	}

	private static double or(Double value, double fallback) {
		return (value != null) ? value : fallback;
	}

	/** Waits until command {@code i} is due at the requested rate. */
	private void pace(long began, long i) {
		if (this.rate <= 0) {
			return;
		}
		long due = began + (long) (i * 1_000_000_000L / this.rate);
		long wait;
		while ((wait = due - System.nanoTime()) > 0) {
			LockSupport.parkNanos(wait);
		}
	}

	private void summary(Map<TrafficGenerator.Kind, Long> kinds, long acked, long failed, Duration took) {
		PrintWriter out = this.spec.commandLine().getOut();
		double seconds = Math.max(took.toNanos() / 1e9, 1e-9);
		out.printf("Generated %d commands for %d tenants (seed %d) to %s%n", this.count, this.tenants, this.seed,
				this.connection.topic);
		for (TrafficGenerator.Kind kind : TrafficGenerator.Kind.values()) {
			out.printf("  %-18s %8d%n", kind.name().toLowerCase(Locale.ROOT).replace('_', ' '),
					kinds.getOrDefault(kind, 0L));
		}
		out.printf("  acknowledged       %8d%n", acked);
		out.printf("  failed             %8d%n", failed);
		out.printf("Took %.1f s: %.0f commands/s%n", seconds, this.count / seconds);
		out.flush();
	}

}
