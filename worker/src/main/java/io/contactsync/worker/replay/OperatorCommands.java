package io.contactsync.worker.replay;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import io.contactsync.worker.merge.FieldChange;
import io.contactsync.worker.merge.TenantId;
import io.contactsync.worker.pipeline.PipelineSettings;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Operator commands of the worker jar: {@code replay} and {@code snapshot}. They start
 * the worker's application context without its web server or live listener, so they run
 * beside live workers without disturbing them. Spring properties
 * ({@code --spring.kafka.bootstrap-servers=...}) pass through.
 */
public final class OperatorCommands {

	/** Builds the worker's application, as the command line checks and starts it. */
	private final Supplier<SpringApplicationBuilder> application;

	private OperatorCommands(Supplier<SpringApplicationBuilder> application) {
		this.application = application;
	}

	/**
	 * The operator commands, for the worker's command line to add as subcommands.
	 * @param application builds the worker's application, unstarted; the commands
	 * configure and start it
	 * @return picocli commands
	 */
	public static List<Object> commands(Supplier<SpringApplicationBuilder> application) {
		OperatorCommands operator = new OperatorCommands(application);
		return List.of(new Replay(operator), new Snapshot(operator));
	}

	ConfigurableApplicationContext context(List<String> springArgs) {
		return this.application.get()
			.web(WebApplicationType.NONE)
			.properties(Map.of("contact-sync.pipeline.listen", "false", "spring.main.banner-mode", "off",
					"logging.level.root", "WARN"))
			.run(springArgs.toArray(String[]::new));
	}

	/** Stops a long command cleanly on Ctrl-C / SIGTERM, after the batch in hand. */
	static final class Interrupts implements AutoCloseable {

		final AtomicBoolean stop = new AtomicBoolean();

		final CountDownLatch finished = new CountDownLatch(1);

		final Thread hook = new Thread(() -> {
			this.stop.set(true);
			try {
				this.finished.await(60, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}, "operator-stop");

		Interrupts() {
			Runtime.getRuntime().addShutdownHook(this.hook);
		}

		@Override
		public void close() {
			this.finished.countDown();
		}

	}

	static ProgressBar progressBar(String task) {
		return new ProgressBarBuilder().setTaskName(task)
			.setStyle(ProgressBarStyle.ASCII)
			.showSpeed()
			.setUnit(" records", 1)
			.continuousUpdate()
			.build();
	}

	@Command(name = "replay", mixinStandardHelpOptions = true, description = {
			"Reprocesses the command topic through the merge engine and the store, with its own consumer group.",
			"Already applied commands change nothing and emit nothing; missing changes apply, their events marked replay=true.",
			"Interrupted (Ctrl-C), it resumes where it stopped when run again with the same options (or --group)." })
	static final class Replay implements Callable<Integer> {

		private final OperatorCommands parent;

		@Option(names = "--from", description = "First record time, ISO-8601 (e.g. 2026-11-01T00:00:00Z).")
		Instant from;

		@Option(names = "--offsets", split = ",",
				description = "Start offsets instead of --from, e.g. 0:1200,1:1187,2:0.")
		List<String> offsets;

		@Option(names = "--until",
				description = "Stop before records at or after this time (default: the end of the topic now).")
		Instant until;

		@Option(names = "--tenant", description = "Only this tenant's commands.")
		String tenant;

		@Option(names = "--dry-run", description = "Write and publish nothing; report what would change.")
		boolean dryRun;

		@Option(names = "--group",
				description = "Consumer group of the replay (default: derived from the options, so a rerun resumes).")
		String group;

		@Option(names = "--samples", defaultValue = "10",
				description = "Contacts whose differences are listed (default: ${DEFAULT-VALUE}).")
		int samples;

		@Unmatched
		List<String> springArgs = new ArrayList<>();

		Replay(OperatorCommands parent) {
			this.parent = parent;
		}

		@Override
		public Integer call() {
			Map<Integer, Long> startOffsets = new LinkedHashMap<>();
			if (this.offsets != null) {
				for (String entry : this.offsets) {
					String[] parts = entry.split(":");
					startOffsets.put(Integer.parseInt(parts[0].strip()), Long.parseLong(parts[1].strip()));
				}
			}
			String replayGroup = (this.group != null) ? this.group : defaultGroup(startOffsets);
			ReplayRequest request = new ReplayRequest(this.from, startOffsets, this.until, this.tenant, this.dryRun,
					replayGroup, this.samples);
			try (ConfigurableApplicationContext context = this.parent.context(this.springArgs);
					Interrupts interrupts = new Interrupts();
					ProgressBar bar = progressBar(this.dryRun ? "dry run" : "replay")) {
				System.out.printf("%s of %s with consumer group %s%n", this.dryRun ? "Dry run" : "Replay",
						context.getBean(PipelineSettings.class).commandsTopic(), replayGroup);
				ReplayReport report = context.getBean(Replayer.class).run(request, (done, total) -> {
					bar.maxHint(total);
					bar.stepTo(done);
				}, interrupts.stop::get);
				bar.close();
				print(report);
				return report.completed() ? 0 : 3;
			}
		}

		private String defaultGroup(Map<Integer, Long> startOffsets) {
			String key = this.from + "|" + startOffsets + "|" + this.until + "|" + this.tenant;
			byte[] digest;
			try {
				digest = java.security.MessageDigest.getInstance("SHA-256")
					.digest(key.getBytes(StandardCharsets.UTF_8));
			}
			catch (java.security.NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
			return "contact-sync-replay-" + HexFormat.of().formatHex(digest, 0, 6);
		}

		private void print(ReplayReport report) {
			String verb = this.dryRun ? "would be " : "";
			System.out.printf("%s%s%n",
					report.completed() ? "Done." : "Stopped before the end: run the same command again to resume.",
					report.resumed() ? " (resumed from the group's committed offsets)" : "");
			System.out.printf("  records read               %,d%n", report.records());
			if (this.tenant != null) {
				System.out.printf("  other tenants (skipped)    %,d%n", report.skipped());
			}
			System.out.printf("  %-26s %,d%n", verb + "created", report.created());
			System.out.printf("  %-26s %,d%n", verb + "updated", report.updated());
			System.out.printf("  %-26s %,d%n", "unchanged", report.unchanged());
			System.out.printf("  %-26s %,d%n", "invalid (not dead-lettered)", report.invalid());
			if (!report.samples().isEmpty()) {
				System.out.println("Differences, first " + report.samples().size() + " contacts:");
				report.samples().forEach((contact, changes) -> {
					System.out.println("  contact " + contact);
					for (FieldChange change : changes) {
						System.out.printf("    %s: %s -> %s%n", change.field(), change.before(), change.after());
					}
				});
			}
		}

	}

	@Command(name = "snapshot", mixinStandardHelpOptions = true,
			description = "Republishes the current state of every contact (or one tenant's) to the compacted state topic.")
	static final class Snapshot implements Callable<Integer> {

		private final OperatorCommands parent;

		@Option(names = "--tenant", description = "Only this tenant's contacts.")
		String tenant;

		@Unmatched
		List<String> springArgs = new ArrayList<>();

		Snapshot(OperatorCommands parent) {
			this.parent = parent;
		}

		@Override
		public Integer call() {
			try (ConfigurableApplicationContext context = this.parent.context(this.springArgs);
					ProgressBar bar = progressBar("snapshot")) {
				long published = context.getBean(Snapshotter.class)
					.run((this.tenant != null) ? new TenantId(this.tenant) : null, (done, total) -> {
						bar.maxHint(total);
						bar.stepTo(done);
					});
				bar.close();
				System.out.printf("Published the state of %,d contacts to %s.%n", published,
						context.getBean(PipelineSettings.class).stateTopic());
				return 0;
			}
		}

	}

}
