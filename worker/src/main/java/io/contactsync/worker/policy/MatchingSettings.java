package io.contactsync.worker.policy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.contactsync.worker.merge.IdentifierKind;
import io.contactsync.worker.merge.TenantId;
import io.contactsync.worker.merge.TenantPolicies;
import io.contactsync.worker.merge.TenantPolicy;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Matching policies ({@code contact-sync.matching.*}): defaults for every tenant, and
 * per-tenant overrides. Anything left out falls back to the default, and the default to
 * {@link TenantPolicy#defaults()}.
 *
 * @param defaults the policy of tenants without an override
 * @param tenants overrides by tenant id
 */
@ConfigurationProperties("contact-sync.matching")
public record MatchingSettings(Policy defaults, Map<String, Policy> tenants) {

	/**
	 * One tenant's policy; null parts inherit.
	 *
	 * @param matchOrder e.g. [EMAIL, PHONE], [PHONE, EMAIL], [EMAIL], [PHONE]
	 * @param allowDuplicates HighLevel's "Allow Duplicate Contact"
	 * @param defaultRegion region for phone numbers without a country code, e.g. US
	 * @param blockedEmails addresses never used to match nor stored
	 * @param blockedEmailLocalParts local parts never used, e.g. noreply
	 * @param blockedPhones E.164 numbers never used
	 * @param placeholderValues raw values that mean "none", e.g. n/a
	 */
	public record Policy(List<IdentifierKind> matchOrder, Boolean allowDuplicates, String defaultRegion,
			Set<String> blockedEmails, Set<String> blockedEmailLocalParts, Set<String> blockedPhones,
			Set<String> placeholderValues) {

		TenantPolicy over(TenantPolicy base) {
			return new TenantPolicy((this.matchOrder != null) ? this.matchOrder : base.matchOrder(),
					(this.allowDuplicates != null) ? this.allowDuplicates : base.allowDuplicates(),
					(this.defaultRegion != null) ? this.defaultRegion : base.defaultRegion(),
					(this.blockedEmails != null) ? this.blockedEmails : base.blockedEmails(),
					(this.blockedEmailLocalParts != null) ? this.blockedEmailLocalParts : base.blockedEmailLocalParts(),
					(this.blockedPhones != null) ? this.blockedPhones : base.blockedPhones(),
					(this.placeholderValues != null) ? this.placeholderValues : base.placeholderValues());
		}

	}

	public TenantPolicies toPolicies() {
		TenantPolicy defaultPolicy = (this.defaults != null) ? this.defaults.over(TenantPolicy.defaults())
				: TenantPolicy.defaults();
		Map<TenantId, TenantPolicy> overrides = new HashMap<>();
		if (this.tenants != null) {
			this.tenants.forEach((tenant, policy) -> overrides.put(new TenantId(tenant), policy.over(defaultPolicy)));
		}
		return new TenantPolicies(defaultPolicy, overrides);
	}

}
