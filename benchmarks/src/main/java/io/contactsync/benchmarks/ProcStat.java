package io.contactsync.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.OptionalLong;

/**
 * What Linux's {@code /proc} says about CPU: per process (other JVMs' CPU is not visible
 * to this one's management beans) and for the whole machine, which is shared.
 */
final class ProcStat {

	/** Clock ticks per second of {@code /proc/<pid>/stat}; 100 on Linux. */
	static final double TICKS_PER_SECOND = 100;

	private ProcStat() {
	}

	/**
	 * CPU seconds a process has used in user and kernel mode; with {@code withChildren},
	 * plus those of its children that it has waited for. Zero once the process is gone.
	 */
	static double cpuSeconds(long pid, boolean withChildren) {
		String[] fields = fields(pid);
		if (fields.length == 0) {
			return 0;
		}
		long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
		if (withChildren) {
			ticks += Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
		}
		return ticks / TICKS_PER_SECOND;
	}

	/**
	 * When the process started, in ticks since boot: with the pid it names one process
	 * even after the pid is reused.
	 */
	static OptionalLong startTime(long pid) {
		String[] fields = fields(pid);
		return (fields.length == 0) ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(fields[19]));
	}

	/**
	 * The fields after the command name, which is in parentheses and may itself hold
	 * spaces and parentheses: index 0 is field 3 ({@code state}) of proc(5).
	 */
	static String[] fields(String stat) {
		return stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
	}

	private static String[] fields(long pid) {
		try {
			return fields(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
		}
		catch (NoSuchFileException ex) {
			return new String[0];
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot read /proc/" + pid + "/stat", ex);
		}
	}

	/** The load averages line of {@code /proc/loadavg}, e.g. "7.18 8.39 9.03". */
	static String loadAverage() {
		try {
			String[] values = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
			return String.join(" ", Arrays.copyOf(values, 3));
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	/**
	 * Busy and total CPU seconds of the whole machine since boot, from the first line of
	 * {@code /proc/stat}.
	 */
	static double[] machineSeconds() {
		try {
			String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
			return machineSeconds(first);
		}
		catch (IOException ex) {
			return new double[] { 0, 0 };
		}
	}

	static double[] machineSeconds(String cpuLine) {
		long[] values = Arrays.stream(cpuLine.trim().split("\\s+")).skip(1).mapToLong(Long::parseLong).toArray();
		// user nice system idle iowait irq softirq steal [guest guest_nice]: guest
		// time is already counted in user and nice.
		long total = 0;
		for (int i = 0; i < Math.min(8, values.length); i++) {
			total += values[i];
		}
		long idle = values[3] + ((values.length > 4) ? values[4] : 0);
		return new double[] { (total - idle) / TICKS_PER_SECOND, total / TICKS_PER_SECOND };
	}

}
