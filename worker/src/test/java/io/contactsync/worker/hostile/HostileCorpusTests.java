package io.contactsync.worker.hostile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.contactsync.contracts.RegistrySerdes;
import io.contactsync.worker.hostile.HostileCorpus.Hostile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The corpus against the pure merge engine, without a broker: every command's label is
 * what the engine (with the worker's mapping and size limit) decides, so a failure of
 * {@link HostileInputIntegrationTests} points at the pipeline, not at the labels.
 */
class HostileCorpusTests {

	@BeforeAll
	static void trustContracts() {
		RegistrySerdes.trustContractClasses();
	}

	@ParameterizedTest
	@ValueSource(longs = { 1, 2, 3, 42, 20261122 })
	void labelsEveryCommandAsTheMergeEngineDecides(long seed) {
		List<Hostile> corpus = HostileCorpus.generate(seed, 4000);
		ReferenceMerge.Result reference = ReferenceMerge.of(corpus, Instant.now());
		List<String> disagreements = new ArrayList<>();
		for (Hostile record : corpus) {
			ReferenceMerge.Verdict verdict = reference.verdicts().get(record.index());
			if (verdict == null) {
				continue;
			}
			boolean agrees = verdict.outcome() == record.expected() && (record.field() == null
					|| (verdict.detail() != null && verdict.detail().contains(record.field())));
			if (!agrees) {
				disagreements.add("#" + record.index() + " " + record.label() + ": expected " + record.expected()
						+ ((record.field() != null) ? " naming " + record.field() : "") + ", engine says "
						+ verdict.outcome() + ((verdict.detail() != null) ? " (" + verdict.detail() + ")" : ""));
			}
		}
		assertThat(disagreements).as("corpus of seed %d, 4000 records", seed).isEmpty();
	}

	@Test
	void coversEveryKindOfRecordInTheShortCorpus() {
		Map<String, Integer> labels = new TreeMap<>();
		for (Hostile record : HostileCorpus.generate(1, 1500)) {
			labels.merge(record.label().replaceAll("/.*", ""), 1, Integer::sum);
		}
		assertThat(labels).containsKeys("valid", "unicode", "reused-command-id", "separators", "at-limit", "hostile-ok",
				"over-limit", "extreme-number", "occurredAt", "control", "rule", "bytes", "tombstone", "wire",
				"budget");
	}

	@Test
	void isTheSameForTheSameSeed() {
		List<String> first = HostileCorpus.generate(7, 2000).stream().map(HostileCorpusTests::describe).toList();
		List<String> second = HostileCorpus.generate(7, 2000).stream().map(HostileCorpusTests::describe).toList();
		assertThat(second).isEqualTo(first);
	}

	private static String describe(Hostile record) {
		return record.index() + record.label() + record.expected() + record.key()
				+ ((record.command() != null) ? record.command().toString() : record.payload().getClass());
	}

}
