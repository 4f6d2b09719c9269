package io.contactsync.worker.merge;

import java.util.Map;
import java.util.Objects;

/**
 * Every tenant's policy: one default plus per-tenant overrides.
 *
 * @param defaults the policy of tenants without an override
 * @param overrides per-tenant policies
 */
public record TenantPolicies(TenantPolicy defaults, Map<TenantId, TenantPolicy> overrides) {

	public TenantPolicies {
		Objects.requireNonNull(defaults, "defaults");
		overrides = Map.copyOf(overrides);
	}

	public static TenantPolicies of(TenantPolicy defaults) {
		return new TenantPolicies(defaults, Map.of());
	}

	public TenantPolicy policyFor(TenantId tenantId) {
		return this.overrides.getOrDefault(tenantId, this.defaults);
	}

}
