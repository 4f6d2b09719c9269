package io.contactsync.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

class ProcStatTests {

	@Test
	void readsTheFieldsAfterACommandNameWithSpacesAndParentheses() {
		String[] fields = ProcStat
			.fields("4242 (a (b) c) S 1 4242 4242 0 -1 4194560 10 0 0 0 250 30 7 3 20 0 1 0 9876");
		assertThat(fields[0]).isEqualTo("S");
		assertThat(fields[11]).isEqualTo("250");
		assertThat(fields[12]).isEqualTo("30");
		assertThat(fields[19]).isEqualTo("9876");
	}

	@Test
	void countsIdleAndIowaitAsNotBusyAndGuestTimeOnce() {
		double[] seconds = ProcStat.machineSeconds("cpu  100 0 50 800 50 0 0 0 40 0");
		assertThat(seconds[0]).isEqualTo(1.5);
		assertThat(seconds[1]).isEqualTo(10.0);
	}

	@Test
	void readsThisProcessesCpuAndStartTime() {
		assumeThat(Files.isReadable(Path.of("/proc/self/stat"))).as("Linux only").isTrue();
		long pid = ProcessHandle.current().pid();
		assertThat(ProcStat.cpuSeconds(pid, false)).isPositive();
		assertThat(ProcStat.startTime(pid)).isPresent();
		assertThat(ProcStat.cpuSeconds(Long.MAX_VALUE, true)).isZero();
		ThreadSplit split = ThreadSplit.of(pid);
		assertThat(split.total()).isPositive().isGreaterThanOrEqualTo(split.gc() + split.jit());
	}

	@Test
	void tellsCollectorAndCompilerThreadsByTheirLinuxNames() {
		assertThat(ThreadSplit.kind("GC Thread#1")).isEqualTo("GC");
		assertThat(ThreadSplit.kind("G1 Conc#0")).isEqualTo("GC");
		assertThat(ThreadSplit.kind("C2 CompilerThre")).isEqualTo("JIT");
		assertThat(ThreadSplit.kind("Container-0-C-1")).isEqualTo("other");
	}

}
