package io.contactsync.worker.store;

import io.contactsync.worker.merge.TenantPolicies;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StoreSettings.class)
class StoreConfiguration {

	@Bean
	ContactStore contactStore(MongoTemplate mongo, StoreSettings settings, TenantPolicies policies) {
		ContactStore store = new ContactStore(mongo, settings, policies);
		store.ensureIndexes();
		return store;
	}

}
