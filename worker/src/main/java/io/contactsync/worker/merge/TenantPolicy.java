package io.contactsync.worker.merge;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How one tenant matches and which identifiers it refuses. Mirrors HighLevel's location
 * level "Allow Duplicate Contact" setting.
 *
 * @param matchOrder identifier kinds to match on, in priority order: [EMAIL, PHONE] (the
 * default), [PHONE, EMAIL], [EMAIL] or [PHONE]
 * @param allowDuplicates whether several contacts may share an identifier (and
 * createNewIfDuplicateAllowed is honoured)
 * @param defaultRegion ISO 3166-1 region for phone numbers written without a country code
 * @param blockedEmails whole addresses never used nor stored (compared lower case)
 * @param blockedEmailLocalParts local parts never used nor stored, e.g. noreply
 * @param blockedPhones E.164 numbers never used nor stored
 * @param placeholderValues raw email/phone values meaning "none" (compared trimmed,
 * case-insensitively)
 */
public record TenantPolicy(List<IdentifierKind> matchOrder, boolean allowDuplicates, String defaultRegion,
		Set<String> blockedEmails, Set<String> blockedEmailLocalParts, Set<String> blockedPhones,
		Set<String> placeholderValues) {

	public TenantPolicy {
		matchOrder = List.copyOf(matchOrder);
		if (matchOrder.isEmpty() || matchOrder.size() != Set.copyOf(matchOrder).size()) {
			throw new IllegalArgumentException("matchOrder must name EMAIL and/or PHONE once each");
		}
		if (defaultRegion == null || defaultRegion.isBlank()) {
			throw new IllegalArgumentException("defaultRegion must not be blank");
		}
		defaultRegion = defaultRegion.toUpperCase(Locale.ROOT);
		blockedEmails = lowerCase(blockedEmails);
		blockedEmailLocalParts = lowerCase(blockedEmailLocalParts);
		blockedPhones = Set.copyOf(blockedPhones);
		placeholderValues = lowerCase(placeholderValues);
	}

	/**
	 * Match on email then phone, no duplicates, US numbers, and the usual junk blocked.
	 * @return the default policy
	 */
	public static TenantPolicy defaults() {
		return new TenantPolicy(List.of(IdentifierKind.EMAIL, IdentifierKind.PHONE), false, "US",
				Set.of("test@test.com", "example@example.com", "test@example.com", "email@example.com",
						"noemail@noemail.com", "none@none.com", "no@email.com", "na@na.com"),
				Set.of("noreply", "no-reply", "no_reply", "donotreply", "do-not-reply", "do_not_reply"),
				// Repeated or sequential digits that forms fill in; not every
				// repdigit, since HighLevel's own documentation uses +1 888-888-8888
				// as an example number.
				Set.of("+10000000000", "+11111111111", "+11234567890", "+15555555555", "+19999999999"),
				Set.of("null", "nil", "n/a", "na", "none", "-", "--", "undefined", "unknown", "0"));
	}

	public TenantPolicy withMatchOrder(IdentifierKind... kinds) {
		return new TenantPolicy(List.of(kinds), this.allowDuplicates, this.defaultRegion, this.blockedEmails,
				this.blockedEmailLocalParts, this.blockedPhones, this.placeholderValues);
	}

	public TenantPolicy withAllowDuplicates(boolean allow) {
		return new TenantPolicy(this.matchOrder, allow, this.defaultRegion, this.blockedEmails,
				this.blockedEmailLocalParts, this.blockedPhones, this.placeholderValues);
	}

	public TenantPolicy withDefaultRegion(String region) {
		return new TenantPolicy(this.matchOrder, this.allowDuplicates, region, this.blockedEmails,
				this.blockedEmailLocalParts, this.blockedPhones, this.placeholderValues);
	}

	boolean matchesOn(IdentifierKind kind) {
		return this.matchOrder.contains(kind);
	}

	private static Set<String> lowerCase(Set<String> values) {
		return values.stream()
			.map((value) -> value.trim().toLowerCase(Locale.ROOT))
			.collect(Collectors.toUnmodifiableSet());
	}

}
