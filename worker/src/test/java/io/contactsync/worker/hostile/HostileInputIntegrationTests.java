package io.contactsync.worker.hostile;

import java.time.Duration;

import io.contactsync.devstack.DevStackExtension;
import io.contactsync.worker.Endpoints;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue item 11: a seeded corpus of hostile records (random bytes, unknown schema ids,
 * truncated Avro, extreme numbers and dates, control characters and separators in ids,
 * decomposed Unicode, fields at and just over each limit, contacts driven to their
 * budgets, reused command ids, tombstones, forged headers) mixed with valid commands, run
 * through the real worker on the devstack. Criteria and figures: docs/hostile-input.md.
 *
 * <p>
 * Replay a failing run with the seed and size its message starts with:
 * {@code ./mvnw -o -pl worker verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=HostileInputIntegrationTests -Dhostile.seed=N -Dhostile.records=N}.
 */
class HostileInputIntegrationTests {

	@Test
	void appliesOrDeadLettersEveryHostileRecordOnceAndConvergesToTheSerialMerge() {
		HostileRun.Settings settings = HostileRun.Settings.fromSystemProperties(20261122, 1500, 1024,
				Duration.ofSeconds(120));
		HostileRun.Report report = HostileRun.run(Endpoints.of(DevStackExtension.shared()), settings);
		System.out.println(report.describe());
		assertThat(report.failed()).as("%s%n%s", settings.replay(), report.describe()).isEmpty();
	}

	/**
	 * A batch of records that only fail inside the engine, with no valid command beside
	 * them, is taken for an outage (BatchProcessor.OUTAGE_THRESHOLD) and retried without
	 * end, although each record fails for good. Pins the defect found by the corpus
	 * (rule/json-number-exponent-overflow); see docs/hostile-input.md.
	 */
	@Test
	void deadLettersABurstOfRecordsTheEngineCannotDecideWithoutStallingThePartition() {
		HostileRun.Settings settings = new HostileRun.Settings(1, 30, 1024L * 1024 * 1024, 3, Duration.ofSeconds(30),
				false);
		HostileRun.Report report = HostileRun.run(Endpoints.of(DevStackExtension.shared()), settings,
				HostileCorpus.poisonBurst(1, 30));
		System.out.println(report.describe());
		assertThat(report.failed()).as("poison burst of 30 records%n%s", report.describe()).isEmpty();
	}

}
