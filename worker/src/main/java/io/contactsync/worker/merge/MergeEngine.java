package io.contactsync.worker.merge;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

import io.contactsync.worker.merge.ContactMatcher.Match;

/**
 * The pure merge engine: normalizes raw upsert commands and merges them into stored
 * contacts, per-field last-writer-wins. No I/O, no framework, thread-safe. Semantics:
 * docs/semantics.md.
 */
public final class MergeEngine {

	private final TenantPolicies policies;

	private final Limits limits;

	private final CommandNormalizer normalizer;

	public MergeEngine(TenantPolicies policies) {
		this(policies, Limits.defaults());
	}

	public MergeEngine(TenantPolicies policies, Limits limits) {
		this.policies = Objects.requireNonNull(policies, "policies");
		this.limits = Objects.requireNonNull(limits, "limits");
		this.normalizer = new CommandNormalizer(policies, limits);
	}

	/**
	 * Check and normalize a raw command.
	 * @param raw the command as mapped from the wire
	 * @return a {@link NormalizedCommand}, or {@link Rejected} with every violation found
	 */
	public Normalized normalize(UpsertCommand raw) {
		return this.normalizer.normalize(raw, null);
	}

	/**
	 * Check and normalize a raw command that came in a record produced at
	 * {@code producedAt}: its {@code occurredAt} may not lie further after that than
	 * {@link Limits#maxFutureSkew()}.
	 * @param raw the command as mapped from the wire
	 * @param producedAt the record's timestamp
	 * @return a {@link NormalizedCommand}, or {@link Rejected} with every violation found
	 */
	public Normalized normalize(UpsertCommand raw, Instant producedAt) {
		return this.normalizer.normalize(raw, producedAt);
	}

	/**
	 * Merge a command into the contacts the store found for its
	 * {@link NormalizedCommand#lookupKeys() lookup keys}.
	 * @param command a normalized command
	 * @param candidates the stored contacts found by the lookup keys (others of the
	 * tenant are harmless; contacts of other tenants are ignored)
	 * @param now the worker's clock, for createdAt/updatedAt only (never for ordering)
	 * @return {@link Created}, {@link Updated} or {@link Unchanged}; {@link Rejected}
	 * when the result would take the contact past one of its {@link Limits}
	 */
	public MergeOutcome apply(NormalizedCommand command, Collection<Contact> candidates, Instant now) {
		Objects.requireNonNull(command, "command");
		Instant at = Objects.requireNonNull(now, "now").truncatedTo(ChronoUnit.MILLIS);
		TenantPolicy policy = this.policies.policyFor(command.tenantId());
		List<Contact> mine = ContactMatcher.ofTenant(command.tenantId(), (candidates != null) ? candidates : List.of());
		Match match = ContactMatcher.match(command, mine, policy);
		List<IgnoredIdentifier> ignored = ContactMatcher.ignored(command, match.target(), mine, policy);
		boolean addLink = command.sourceLink()
			.map((link) -> !ContactMatcher.linkOwnedByAnother(link, match.target(), mine, policy))
			.orElse(false);
		return ContactMerge.apply(command, match.target(), match.matchedBy(), ignored, addLink, at, this.limits);
	}

	/**
	 * Normalize and apply in one step.
	 * @param raw the raw command
	 * @param candidates the stored contacts found by the command's lookup keys
	 * @param now the worker's clock
	 * @return the outcome, {@link Rejected} when the command is invalid
	 */
	public MergeOutcome upsert(UpsertCommand raw, Collection<Contact> candidates, Instant now) {
		return switch (normalize(raw)) {
			case Rejected rejected -> rejected;
			case NormalizedCommand command -> apply(command, candidates, now);
		};
	}

}
