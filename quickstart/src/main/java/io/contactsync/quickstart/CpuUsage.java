package io.contactsync.quickstart;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * CPU time spent between two points, split by who spent it: the Mongo-wire server, the
 * worker's pipeline, the Kafka broker, the benchmark's own publisher and subscriber, and
 * the JVM itself (garbage collector, JIT compilers). Everything runs in this one process,
 * so the split is what shows where a command's cost goes; CPU time per command is also
 * steadier than throughput on a shared machine.
 */
final class CpuUsage {

	/** Thread-name prefixes of each part, in the order they are reported. */
	private static final Map<String, List<String>> PARTS = parts();

	private final long processNanos;

	private final Map<String, Long> partNanos;

	private final long[] machineJiffies;

	private CpuUsage(long processNanos, Map<String, Long> partNanos, long[] machineJiffies) {
		this.processNanos = processNanos;
		this.partNanos = partNanos;
		this.machineJiffies = machineJiffies;
	}

	private static Map<String, List<String>> parts() {
		Map<String, List<String>> parts = new LinkedHashMap<>();
		parts.put("store", List.of("mongo-server"));
		parts.put("worker", List.of("contact-sync-", "kafka-producer-network-thread | contact-sync-worker"));
		parts.put("broker", List.of("data-plane-kafka", "kafka-", "group-coordinator", "quorum-controller",
				"controller-", "broker-", "log-", "share-coordinator", "transaction-coordinator"));
		parts.put("benchmark", List.of("main", "bench-", "kafka-producer-network-thread | producer-"));
		return parts;
	}

	static CpuUsage now() {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		Map<String, Long> byPart = new LinkedHashMap<>();
		PARTS.keySet().forEach((part) -> byPart.put(part, 0L));
		byPart.put("GC", 0L);
		byPart.put("JIT", 0L);
		for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
			if (info == null) {
				continue;
			}
			long cpu = threads.getThreadCpuTime(info.getThreadId());
			if (cpu > 0) {
				byPart.merge(partOf(info.getThreadName()), cpu, Long::sum);
			}
		}
		jvmThreadNanos(byPart);
		var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
		return new CpuUsage(os.getProcessCpuTime(), byPart, machineJiffies());
	}

	/**
	 * The JVM's own threads (garbage collector, JIT compilers) are not Java threads;
	 * Linux lists them under /proc/self/task with their names.
	 */
	private static void jvmThreadNanos(Map<String, Long> byPart) {
		long nanosPerTick = 1_000_000_000L / 100; // USER_HZ is 100 on Linux
		try (var tasks = Files.list(Path.of("/proc/self/task"))) {
			for (Path task : tasks.toList()) {
				String stat = Files.readString(task.resolve("stat"));
				String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
				String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
				long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
				String part = name.startsWith("GC Thread") || name.startsWith("G1 ") ? "GC"
						: name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler") ? "JIT" : null;
				if (part != null) {
					byPart.merge(part, ticks * nanosPerTick, Long::sum);
				}
			}
		}
		catch (Exception ex) {
			// Not Linux: GC and JIT stay in the remainder.
		}
	}

	private static String partOf(String threadName) {
		for (Map.Entry<String, List<String>> part : PARTS.entrySet()) {
			if (part.getValue().stream().anyMatch(threadName::startsWith)) {
				return part.getKey();
			}
		}
		return "other threads";
	}

	/** Busy and total jiffies of the whole machine from /proc/stat; empty elsewhere. */
	private static long[] machineJiffies() {
		try {
			String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
			long[] values = Arrays.stream(cpu).skip(1).mapToLong(Long::parseLong).toArray();
			long total = Arrays.stream(values).sum();
			long idle = values[3] + ((values.length > 4) ? values[4] : 0);
			return new long[] { total - idle, total };
		}
		catch (Exception ex) {
			return new long[0];
		}
	}

	/**
	 * One line: CPU microseconds per command in total and per part since {@code start},
	 * and how busy the whole machine was.
	 */
	String describeSince(CpuUsage start, int commands) {
		double perCommand = 1e-3 / Math.max(1, commands);
		Map<String, Long> parts = new LinkedHashMap<>();
		this.partNanos.forEach((part, nanos) -> parts.put(part, nanos - start.partNanos.getOrDefault(part, 0L)));
		long threads = parts.values().stream().mapToLong(Long::longValue).sum();
		long process = this.processNanos - start.processNanos;
		parts.put("rest", Math.max(0, process - threads));
		String split = parts.entrySet()
			.stream()
			.map((part) -> String.format("%s %.0f", part.getKey(), part.getValue() * perCommand))
			.collect(Collectors.joining(", "));
		String machine = "";
		if (this.machineJiffies.length == 2 && start.machineJiffies.length == 2) {
			double busy = (double) (this.machineJiffies[0] - start.machineJiffies[0])
					/ Math.max(1, this.machineJiffies[1] - start.machineJiffies[1]);
			machine = String.format("; the machine was %.0f%% busy on %d cores", busy * 100,
					Runtime.getRuntime().availableProcessors());
		}
		return String.format("CPU per command: %.0f µs in this process (%s)%s", process * perCommand, split, machine);
	}

}
