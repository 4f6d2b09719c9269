package io.contactsync.producer;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import io.contactsync.adapters.AdapterContext;
import io.contactsync.adapters.AdapterResult;
import io.contactsync.adapters.Vendor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code producer-demo import}: publishes a vendor export, line by line. */
@Command(name = "import", mixinStandardHelpOptions = true, description = {
		"Publishes a JSON Lines or CSV export in a vendor's upsert shape.",
		"Rejected lines are reported as 'line N: field: reason' and skipped. --resume continues after the last checkpoint; "
				+ "re-published lines are harmless: command ids derive from the content, so the worker sees duplicates.",
		"Exit codes: 0 all lines published, 3 done with rejected lines, 1 stopped by an error, 2 usage." },
		footer = { "",
				"Vendor shapes (--format): highlevel = POST /contacts/upsert body; highlevel-update = PUT /contacts/{contactId} "
						+ "body plus contactId (or id); notifuse = contacts.upsert body (CSV: workspace_id plus the contact's fields); "
						+ "chatbotx = upsert body plus identifier (or id). CSV columns are field names; cells starting with { or [ are JSON." })
final class ImportCommand implements Callable<Integer> {

	static final int REJECTED_LINES = 3;

	@Mixin
	ConnectionOptions.Publishing connection;

	@Option(names = "--file", required = true, description = "The export file (.jsonl, .ndjson, .json or .csv).")
	Path file;

	@Option(names = "--format", defaultValue = "auto",
			description = "Vendor shape: highlevel, highlevel-update, notifuse, chatbotx or auto (from the field names; default: ${DEFAULT-VALUE}).")
	String format;

	@Option(names = "--input-format", defaultValue = "AUTO",
			description = "jsonl, csv or auto (from the file extension, else the first character; default: auto).")
	ImportFile.InputFormat inputFormat;

	@Option(names = "--tenant", description = "Tenant for records that name none (ChatbotX, HighLevel updates).")
	String tenant;

	@Option(names = "--occurred-at",
			description = "Source time of records without their own update time (default: the file's modification time, so re-imports are duplicates).")
	Instant occurredAt;

	@Option(names = "--resume", description = "Skip the lines up to the checkpoint of an earlier run.")
	boolean resume;

	@Option(names = "--checkpoint", description = "Checkpoint file (default: <file>.checkpoint).")
	Path checkpointFile;

	@Option(names = "--checkpoint-every", defaultValue = "1000",
			description = "Flush and write the checkpoint every N records (default: ${DEFAULT-VALUE}).")
	int checkpointEvery;

	@Option(names = "--progress", negatable = true, defaultValue = "true", fallbackValue = "true",
			description = "Show a progress bar on standard error (default: on).")
	boolean progress;

	@Spec
	CommandSpec spec;

	private final AtomicReference<Exception> failure = new AtomicReference<>();

	@Override
	public Integer call() throws IOException {
		PrintWriter out = this.spec.commandLine().getOut();
		PrintWriter err = this.spec.commandLine().getErr();
		Optional<Vendor> vendor = Optional.empty();
		if (!this.format.equalsIgnoreCase("auto")) {
			vendor = Vendor.ofLabel(this.format);
			if (vendor.isEmpty()) {
				err.println("--format must be one of highlevel, highlevel-update, notifuse, chatbotx, auto");
				return 2;
			}
		}
		if (!Files.isReadable(this.file)) {
			err.println("cannot read " + this.file);
			return 2;
		}
		Checkpoint checkpoint = new Checkpoint(
				(this.checkpointFile != null) ? this.checkpointFile : Path.of(this.file + ".checkpoint"));
		int skipUpTo = this.resume ? checkpoint.read() : 0;
		Instant fallbackTime = (this.occurredAt != null) ? this.occurredAt
				: Files.getLastModifiedTime(this.file).toInstant();
		AdapterContext context = AdapterContext.contentAddressed(this.tenant, fallbackTime);
		long totalLines = countLines(this.file);

		Stats stats = new Stats();
		long began = System.nanoTime();
		ImportFile input;
		try {
			input = ImportFile.open(this.file, this.inputFormat, vendor);
		}
		catch (IllegalArgumentException ex) {
			err.println(ex.getMessage());
			return 2;
		}
		int lastLine = skipUpTo;
		try (input;
				CommandPublisher publisher = new CommandPublisher(this.connection.bootstrapServers,
						this.connection.registryUrl, this.connection.topic);
				Progress bar = Progress.start("import", totalLines, "lines", this.progress)) {
			ImportFile.Line line;
			int sinceCheckpoint = 0;
			while ((line = input.next()) != null) {
				bar.stepTo(line.line());
				if (line.line() <= skipUpTo) {
					stats.skipped++;
					continue;
				}
				if (line.error() != null) {
					reject(out, stats, line.line(), line.error());
				}
				else {
					AdapterResult result = input.vendor().adapt(line.record(), context);
					switch (result) {
						case AdapterResult.Mapped mapped -> {
							publisher.publish(mapped.command(), (metadata, exception) -> {
								if (exception != null) {
									this.failure.compareAndSet(null, exception);
								}
							});
							stats.published++;
							mapped.ignoredFields()
								.forEach((field) -> stats.ignoredFields.merge(field, 1, Integer::sum));
						}
						case AdapterResult.Invalid invalid -> reject(out, stats, line.line(), invalid.message());
					}
				}
				lastLine = line.line();
				if (++sinceCheckpoint >= this.checkpointEvery) {
					if (!checkpoint(publisher, checkpoint, lastLine, err)) {
						return 1;
					}
					sinceCheckpoint = 0;
				}
			}
			if (!checkpoint(publisher, checkpoint, lastLine, err)) {
				return 1;
			}
		}
		summary(out, input, stats, lastLine, checkpoint, Duration.ofNanos(System.nanoTime() - began));
		return (stats.rejected > 0) ? REJECTED_LINES : 0;
	}

	private static void reject(PrintWriter out, Stats stats, int line, String reason) {
		stats.rejected++;
		out.println("line " + line + ": " + reason);
		out.flush();
	}

	/** Waits for every record sent so far; only then moves the checkpoint. */
	private boolean checkpoint(CommandPublisher publisher, Checkpoint checkpoint, int lastLine, PrintWriter err)
			throws IOException {
		publisher.flush();
		Exception failed = this.failure.get();
		if (failed != null) {
			err.println("Stopped: publishing failed (" + failed.getClass().getSimpleName() + ": " + failed.getMessage()
					+ "). Lines after the checkpoint may or may not be published; run again with --resume.");
			return false;
		}
		checkpoint.write(lastLine);
		return true;
	}

	private void summary(PrintWriter out, ImportFile input, Stats stats, int lastLine, Checkpoint checkpoint,
			Duration took) {
		double seconds = Math.max(took.toNanos() / 1e9, 1e-9);
		out.printf("Imported %s (%s, %s) to %s%n", this.file.getFileName(), input.vendor().label(),
				input.format().name().toLowerCase(Locale.ROOT), this.connection.topic);
		out.printf("  published        %8d%n", stats.published);
		out.printf("  rejected         %8d%n", stats.rejected);
		out.printf("  skipped (resume) %8d%n", stats.skipped);
		if (!stats.ignoredFields.isEmpty()) {
			out.println("  fields ignored   " + stats.ignoredFields.entrySet()
				.stream()
				.map((e) -> e.getKey() + " (" + e.getValue() + ")")
				.collect(Collectors.joining(", ")));
		}
		out.printf("Took %.1f s (%.0f records/s); checkpoint %s at line %d%n", seconds,
				(stats.published + stats.rejected) / seconds, checkpoint.path().getFileName(), lastLine);
		out.flush();
	}

	/** Newlines in the file (plus a last line without one): the progress bar's total. */
	private static long countLines(Path file) throws IOException {
		long lines = 0;
		int last = '\n';
		try (var in = new BufferedInputStream(Files.newInputStream(file))) {
			int b;
			while ((b = in.read()) != -1) {
				if (b == '\n') {
					lines++;
				}
				last = b;
			}
		}
		return (last == '\n') ? lines : lines + 1;
	}

	private static final class Stats {

		long published;

		long rejected;

		long skipped;

		final Map<String, Integer> ignoredFields = new TreeMap<>();

	}

}
