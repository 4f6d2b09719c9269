package io.contactsync.worker.outbox;

import java.time.Clock;

import io.contactsync.worker.events.EventPublisher;
import io.contactsync.worker.store.ContactStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(OutboxSettings.class)
class OutboxConfiguration {

	private static final Logger log = LoggerFactory.getLogger(OutboxConfiguration.class);

	@Bean
	OutboxSweeper outboxSweeper(ContactStore store, EventPublisher events, OutboxSettings settings) {
		return new OutboxSweeper(store, events, settings, Clock.systemUTC());
	}

	/** Off in the operator commands (replay, snapshot): they run beside live workers. */
	@Bean
	@ConditionalOnProperty(name = "contact-sync.outbox.sweep", havingValue = "true", matchIfMissing = true)
	SchedulingConfigurer outboxSchedule(OutboxSweeper sweeper, OutboxSettings settings) {
		return (ScheduledTaskRegistrar registrar) -> registrar.addFixedDelayTask(() -> {
			try {
				sweeper.sweep();
			}
			catch (RuntimeException ex) {
				// The next sweep tries again; the events stay in the outbox meanwhile.
				log.warn("Outbox sweep failed: {}", ex.toString());
			}
		}, settings.sweepInterval());
	}

}
