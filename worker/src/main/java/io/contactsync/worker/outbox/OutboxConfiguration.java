package io.contactsync.worker.outbox;

import io.contactsync.worker.observability.WorkerMetrics;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OutboxSettings.class)
class OutboxConfiguration {

	@Bean
	OutboxRelay outboxRelay(EventSink sink, WorkerMetrics metrics) {
		return new OutboxRelay(sink, metrics);
	}

}
