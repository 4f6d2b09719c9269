package io.contactsync.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A process this harness started, with its output in a log file. Closing it stops it and
 * every process it started (SIGTERM, then SIGKILL after a grace period). Every pid is
 * also written to {@link Pids}, so the script can stop what is left if this JVM dies
 * before it could.
 */
final class ChildProcess implements AutoCloseable {

	private static final Duration GRACE = Duration.ofSeconds(30);

	/**
	 * On Ctrl-C the broker and the store get the signal too and are gone at once: a
	 * system waiting for them to finish its batch has nothing left to wait for.
	 */
	private static final Duration GRACE_WHEN_STOPPING = Duration.ofSeconds(5);

	/** Started and not closed yet, in start order. */
	private static final List<ChildProcess> OPEN = new CopyOnWriteArrayList<>();

	private static volatile boolean stopping;

	private final String name;

	private final Process process;

	private final Path log;

	private final Pids pids;

	private ChildProcess(String name, Process process, Path log, Pids pids) {
		this.name = name;
		this.process = process;
		this.log = log;
		this.pids = pids;
	}

	static ChildProcess start(String name, List<String> command, Path log, Pids pids) {
		if (stopping) {
			throw new IllegalStateException("stopping: " + name + " not started");
		}
		try {
			Files.createDirectories(log.getParent());
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			ChildProcess child = new ChildProcess(name, process, log, pids);
			pids.add(process.pid(), name);
			OPEN.add(child);
			return child;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot start " + name + ": " + command, ex);
		}
	}

	/** The java launcher of this JVM, for child JVMs. */
	static String java() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	/** Whether the harness is being stopped (Ctrl-C, SIGTERM). */
	static boolean stopping() {
		return stopping;
	}

	long pid() {
		return this.process.pid();
	}

	String name() {
		return this.name;
	}

	Path log() {
		return this.log;
	}

	/** Fails with the end of the log if the process has exited. */
	void checkAlive() {
		if (!this.process.isAlive()) {
			throw new IllegalStateException(this.name + " exited with code " + this.process.exitValue() + "; "
					+ this.log + " ends with:\n" + tail(40));
		}
	}

	/**
	 * Waits for a line of output matching {@code pattern} and returns its first group.
	 */
	String awaitOutput(Pattern pattern, Duration timeout) {
		Instant deadline = Instant.now().plus(timeout);
		while (Instant.now().isBefore(deadline)) {
			Matcher matcher = pattern.matcher(readLog());
			if (matcher.find()) {
				return matcher.group(1);
			}
			checkAlive();
			Pause.millis(100);
		}
		throw new IllegalStateException(
				this.name + " did not print /" + pattern + "/ within " + timeout.toSeconds() + " s; see " + this.log);
	}

	/**
	 * CPU seconds of this process and of every process it started, living or waited for.
	 */
	double treeCpuSeconds() {
		double seconds = ProcStat.cpuSeconds(pid(), true);
		for (ProcessHandle descendant : this.process.descendants().toList()) {
			seconds += ProcStat.cpuSeconds(descendant.pid(), true);
		}
		return seconds;
	}

	/** CPU seconds of this process alone, without the processes it started. */
	double ownCpuSeconds() {
		return ProcStat.cpuSeconds(pid(), false);
	}

	/** Records the processes this one has started, for the script's last resort. */
	void recordDescendants() {
		this.process.descendants().forEach((d) -> this.pids.add(d.pid(), this.name + " (child)"));
	}

	String tail(int lines) {
		List<String> all = readLog().lines().toList();
		return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
	}

	private String readLog() {
		try {
			return Files.exists(this.log) ? Files.readString(this.log) : "";
		}
		catch (IOException ex) {
			return "";
		}
	}

	/**
	 * Stops every process still open, the last started first (the systems before the
	 * broker and the store); for a shutdown hook, e.g. on Ctrl-C.
	 */
	static void closeAll() {
		stopping = true;
		List<ChildProcess> open = new ArrayList<>(OPEN);
		for (int i = open.size() - 1; i >= 0; i--) {
			open.get(i).close();
		}
	}

	@Override
	public void close() {
		OPEN.remove(this);
		// Listed now: once the parent is gone, they are no longer its descendants.
		List<ProcessHandle> tree = new ArrayList<>(this.process.descendants().toList());
		this.process.destroy();
		Duration grace = stopping ? GRACE_WHEN_STOPPING : GRACE;
		try {
			if (!this.process.waitFor(grace.toSeconds(), TimeUnit.SECONDS)) {
				System.out.printf("%s did not stop within %d s: killing it%n", this.name, grace.toSeconds());
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
		for (ProcessHandle descendant : tree) {
			if (descendant.isAlive()) {
				descendant.destroyForcibly();
			}
		}
	}

	/** JVM flags from an environment variable, split on spaces; none when unset. */
	static List<String> flags(String variable) {
		String value = System.getenv(variable);
		return (value == null || value.isBlank()) ? List.of() : List.of(value.trim().split("\\s+"));
	}

}
