package io.contactsync.worker.bench;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.contactsync.worker.merge.Contact;
import io.contactsync.worker.merge.ContactField;
import io.contactsync.worker.merge.Created;
import io.contactsync.worker.merge.CustomValue;
import io.contactsync.worker.merge.MergeEngine;
import io.contactsync.worker.merge.MergeOutcome;
import io.contactsync.worker.merge.Normalized;
import io.contactsync.worker.merge.NormalizedCommand;
import io.contactsync.worker.merge.SourceLink;
import io.contactsync.worker.merge.TenantPolicies;
import io.contactsync.worker.merge.TenantPolicy;
import io.contactsync.worker.merge.UpsertCommand;
import io.contactsync.worker.merge.Updated;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Merges per second of a typical command (email, phone, 8 scalar fields, 2 tags, 2 custom
 * fields) into a typical existing contact: a newer command that changes three fields,
 * adds a tag and changes a custom field. Run: see docs/benchmarks.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MergeBenchmark {

	private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

	private MergeEngine engine;

	private UpsertCommand raw;

	private NormalizedCommand command;

	private List<Contact> candidates;

	private Instant now;

	@Setup
	public void setUp() {
		this.engine = new MergeEngine(TenantPolicies.of(TenantPolicy.defaults()));
		this.now = Instant.parse("2024-06-01T00:00:00Z");
		UpsertCommand first = typical("cmd-1", T0).build();
		Contact existing = ((Created) this.engine.upsert(first, List.of(), this.now)).contact();
		this.raw = typical("cmd-2", T0.plusSeconds(60)).set(ContactField.CITY, "Birmingham")
			.set(ContactField.JOB_TITLE, "CTO")
			.set(ContactField.LAST_NAME, "Deo-Smith")
			.replaceTags((List<String>) null)
			.addTags("customer", "vip")
			.customField("plan", new CustomValue.Text("platinum"))
			.build();
		this.command = (NormalizedCommand) this.engine.normalize(this.raw);
		this.candidates = List.of(existing);
		if (!(this.engine.apply(this.command, this.candidates, this.now) instanceof Updated)) {
			throw new IllegalStateException("the benchmark command must update the contact");
		}
	}

	private static UpsertCommand.Builder typical(String commandId, Instant at) {
		return UpsertCommand.builder(commandId, "location-1", new SourceLink("highlevel", "hl-42"), at)
			.email("Rosan@Deos.com")
			.phone("+1 888-888-8888")
			.set(ContactField.FIRST_NAME, "rosan")
			.set(ContactField.LAST_NAME, "Deo")
			.set(ContactField.NAME, "rosan Deo")
			.set(ContactField.ADDRESS_LINE1, "3535 1st St N")
			.set(ContactField.CITY, "Dolomite")
			.set(ContactField.STATE, "AL")
			.set(ContactField.POSTAL_CODE, "35061")
			.set(ContactField.JOB_TITLE, "Engineer")
			.replaceTags("lead", "newsletter")
			.customField("plan", new CustomValue.Text("gold"))
			.customField("score", new CustomValue.Number(new BigDecimal("42")));
	}

	/** The merge alone: what the worker does per command once it has the candidates. */
	@Benchmark
	public MergeOutcome apply() {
		return this.engine.apply(this.command, this.candidates, this.now);
	}

	/** Normalization alone (email validation, phone parsing, checks). */
	@Benchmark
	public Normalized normalize() {
		return this.engine.normalize(this.raw);
	}

	/** Both, as {@link MergeEngine#upsert}. */
	@Benchmark
	public MergeOutcome normalizeAndApply() {
		return this.engine.upsert(this.raw, this.candidates, this.now);
	}

}
