package io.contactsync.worker.policy;

import io.contactsync.worker.merge.MergeEngine;
import io.contactsync.worker.merge.TenantPolicies;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The merge engine with the configured tenant policies and limits. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ MatchingSettings.class, LimitsSettings.class })
class PolicyConfiguration {

	@Bean
	TenantPolicies tenantPolicies(MatchingSettings settings) {
		return settings.toPolicies();
	}

	@Bean
	MergeEngine mergeEngine(TenantPolicies policies, LimitsSettings limits) {
		return new MergeEngine(policies, limits.toLimits());
	}

}
