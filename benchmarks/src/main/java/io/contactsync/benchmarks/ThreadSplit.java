package io.contactsync.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A JVM's CPU seconds split by who spent them: its garbage collector, its JIT compilers,
 * and everything else (the application's threads, including threads that have ended).
 * Read from {@code /proc/<pid>/task}, where Linux names each thread (cut to 15
 * characters).
 *
 * @param gc garbage collector threads
 * @param jit JIT compiler threads
 * @param total the whole process
 */
record ThreadSplit(double gc, double jit, double total) {

	static final ThreadSplit NONE = new ThreadSplit(0, 0, 0);

	static ThreadSplit of(long pid) {
		double total = ProcStat.cpuSeconds(pid, false);
		double gc = 0;
		double jit = 0;
		try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
			for (Path task : tasks.toList()) {
				String stat = readQuietly(task.resolve("stat"));
				if (stat.isEmpty()) {
					continue;
				}
				String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
				String[] fields = ProcStat.fields(stat);
				double seconds = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / ProcStat.TICKS_PER_SECOND;
				switch (kind(name)) {
					case "GC" -> gc += seconds;
					case "JIT" -> jit += seconds;
					default -> {
					}
				}
			}
		}
		catch (IOException ex) {
			// The process is gone, or no Linux: all of it counts as "other".
		}
		return new ThreadSplit(gc, jit, total);
	}

	static String kind(String threadName) {
		if (threadName.startsWith("GC Thread") || threadName.startsWith("G1 ")) {
			return "GC";
		}
		if (threadName.startsWith("C1 CompilerThre") || threadName.startsWith("C2 CompilerThre")) {
			return "JIT";
		}
		return "other";
	}

	/** CPU of everything but the collector and the compilers. */
	double other() {
		return Math.max(0, this.total - this.gc - this.jit);
	}

	ThreadSplit since(ThreadSplit start) {
		return new ThreadSplit(this.gc - start.gc, this.jit - start.jit, this.total - start.total);
	}

	@Override
	public String toString() {
		return String.format("GC %.1f, JIT %.1f, other %.1f", this.gc, this.jit, other());
	}

	private static String readQuietly(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			// The thread ended between listing and reading.
			return "";
		}
	}

}
