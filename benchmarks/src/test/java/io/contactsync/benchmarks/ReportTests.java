package io.contactsync.benchmarks;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReportTests {

	@Test
	void takesTheMiddleValueOrTheMeanOfTheTwoMiddleOnes() {
		assertThat(Report.median(new double[] { 3, 1, 2 })).isEqualTo(2);
		assertThat(Report.median(new double[] { 4, 1, 3, 2 })).isEqualTo(2.5);
		assertThat(Report.median(new double[0])).isNaN();
	}

	@Test
	void givesTheWorkersRateOverEachPeersFromTheMedians() {
		List<Measurement> runs = List.of(run(1, "worker", 20), run(1, "peer", 10), run(2, "worker", 40),
				run(2, "peer", 10), run(3, "worker", 20), run(3, "peer", 5));
		String summary = Report.summary(runs, List.of("peer", "worker"), "worker");
		assertThat(summary).contains("| peer | 20,000 |")
			.contains("| worker | 10,000 |")
			.contains("worker / peer: 0.50× the rate (per round: 0.50, 0.25, 0.25)");
	}

	private static Measurement run(int round, String system, double seconds) {
		return new Measurement(round, system, 200_000, seconds, 1, 10, 5, 1, 0, 20, new ThreadSplit(1, 2, 10),
				new ThreadSplit(1, 0, 5), "");
	}

}
