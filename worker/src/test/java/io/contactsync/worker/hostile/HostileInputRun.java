package io.contactsync.worker.hostile;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import io.contactsync.devstack.DevStack;
import io.contactsync.worker.Endpoints;

/**
 * The hostile corpus at scale: starts the local stack and the real worker in this JVM,
 * runs N records (default 100,000) and prints the figures and PASS/FAIL per criterion.
 * How to run it: docs/hostile-input.md. Options: {@code --records N}, {@code --seed N},
 * {@code --max-heap-growth-mib N}, {@code --max-batch-retries N},
 * {@code --timeout-minutes N}.
 */
public final class HostileInputRun {

	private HostileInputRun() {
	}

	public static void main(String[] args) {
		long seed = 1;
		int records = 100_000;
		long maxHeapGrowthMiB = 2560;
		int maxRetries = 3;
		long timeoutMinutes = 30;
		for (int i = 0; i + 1 < args.length; i += 2) {
			String value = args[i + 1];
			switch (args[i]) {
				case "--records" -> records = Integer.parseInt(value);
				case "--seed" -> seed = Long.parseLong(value);
				case "--max-heap-growth-mib" -> maxHeapGrowthMiB = Long.parseLong(value);
				case "--max-batch-retries" -> maxRetries = Integer.parseInt(value);
				case "--timeout-minutes" -> timeoutMinutes = Long.parseLong(value);
				default -> throw new IllegalArgumentException("unknown option " + args[i]
						+ "; options: --records, --seed, --max-heap-growth-mib, --max-batch-retries, --timeout-minutes");
			}
		}
		HostileRun.Settings settings = new HostileRun.Settings(seed, records, maxHeapGrowthMiB * 1024 * 1024,
				maxRetries, Duration.ofMinutes(timeoutMinutes), true);
		System.out.printf(Locale.ROOT, "%s, %d cores, Java %s. Starting the local stack...%n",
				ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
				Runtime.getRuntime().availableProcessors(), Runtime.version());
		HostileRun.Report report;
		try (DevStack stack = DevStack.start(DevStack.Settings.ephemeral())) {
			report = HostileRun.run(Endpoints.of(stack), settings);
		}
		System.out.println(report.describe());
		System.exit(report.passed() ? 0 : 1);
	}

}
