package io.contactsync.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The printed results, as Markdown tables that can go into docs/benchmarks.md as they
 * are: one table per round and a summary of medians with the worker's ratios.
 */
final class Report {

	private Report() {
	}

	static String roundTable(List<Measurement> round) {
		StringBuilder table = new StringBuilder();
		table.append("| system | records/s | s | start-up s | records/s after start-up | system CPU-s | "
				+ "store CPU-s | broker CPU-s | registry CPU-s | rest of machine CPU-s | note |\n");
		table.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
		for (Measurement m : round) {
			table.append(String.format("| %s | %,.0f | %.1f | %.1f | %,.0f | %.1f | %.1f | %.1f | %.1f | %.1f | %s |%n",
					m.system(), m.rate(), m.seconds(), m.startupSeconds(), m.rateAfterStartup(), m.systemCpu(),
					m.storeCpu(), m.brokerCpu(), m.registryCpu(), m.othersCpu(), m.note()));
		}
		return table.toString();
	}

	/**
	 * Medians per system (in {@code systems} order), then the worker's rate over each
	 * peer's.
	 */
	static String summary(List<Measurement> all, List<String> systems, String worker) {
		StringBuilder summary = new StringBuilder();
		summary.append("| system | records/s | records/s after start-up | system CPU-s | store CPU-s | "
				+ "broker CPU-s | all CPU-s | rounds |\n");
		summary.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
		for (String system : systems) {
			List<Measurement> runs = of(all, system);
			if (runs.isEmpty()) {
				continue;
			}
			summary.append(String.format("| %s | %,.0f | %,.0f | %.1f | %.1f | %.1f | %.1f | %d |%n", system,
					median(runs, Measurement::rate), median(runs, Measurement::rateAfterStartup),
					median(runs, Measurement::systemCpu), median(runs, Measurement::storeCpu),
					median(runs, Measurement::brokerCpu), median(runs, Measurement::totalCpu), runs.size()));
		}
		summary.append("\nCPU-s by thread (medians): GC = garbage collector, JIT = compilers, other = the rest\n\n");
		summary.append("| system | system GC | system JIT | system other | store GC | store JIT | store other |\n");
		summary.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
		for (String system : systems) {
			List<Measurement> runs = of(all, system);
			if (runs.isEmpty()) {
				continue;
			}
			summary.append(String.format("| %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f |%n", system,
					median(runs, (m) -> m.systemThreads().gc()), median(runs, (m) -> m.systemThreads().jit()),
					median(runs, (m) -> m.systemThreads().other()), median(runs, (m) -> m.storeThreads().gc()),
					median(runs, (m) -> m.storeThreads().jit()), median(runs, (m) -> m.storeThreads().other())));
		}
		List<Measurement> ours = of(all, worker);
		if (!ours.isEmpty()) {
			summary.append('\n');
			for (String peer : systems) {
				List<Measurement> theirs = of(all, peer);
				if (peer.equals(worker) || theirs.isEmpty()) {
					continue;
				}
				summary.append(String.format(
						"- %s / %s: %.2f× the rate (per round: %s); after start-up %.2f×; CPU-s: system %.1f×, "
								+ "store %.1f×, all %.1f×%n",
						worker, peer, median(ours, Measurement::rate) / median(theirs, Measurement::rate),
						perRound(ours, theirs),
						median(ours, Measurement::rateAfterStartup) / median(theirs, Measurement::rateAfterStartup),
						median(ours, Measurement::systemCpu) / median(theirs, Measurement::systemCpu),
						median(ours, Measurement::storeCpu) / median(theirs, Measurement::storeCpu),
						median(ours, Measurement::totalCpu) / median(theirs, Measurement::totalCpu)));
			}
		}
		return summary.toString();
	}

	private static String perRound(List<Measurement> ours, List<Measurement> theirs) {
		List<String> ratios = new ArrayList<>();
		for (Measurement our : ours) {
			Optional<Measurement> their = theirs.stream().filter((m) -> m.round() == our.round()).findFirst();
			their.ifPresent((m) -> ratios.add(String.format("%.2f", our.rate() / m.rate())));
		}
		return String.join(", ", ratios);
	}

	private static List<Measurement> of(List<Measurement> all, String system) {
		return all.stream().filter((m) -> m.system().equals(system)).collect(Collectors.toList());
	}

	static double median(List<Measurement> runs, ToDoubleFunction<Measurement> value) {
		return median(runs.stream().mapToDouble(value).toArray());
	}

	static double median(double[] values) {
		if (values.length == 0) {
			return Double.NaN;
		}
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

}
