package io.contactsync.worker.outbox;

import java.time.Clock;

import io.contactsync.worker.observability.WorkerMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
	OutboxRelay outboxRelay(EventSink sink, Outboxes outboxes, WorkerMetrics metrics) {
		return new OutboxRelay(sink, outboxes, metrics);
	}

	@Bean
	OutboxSweeper outboxSweeper(Outboxes outboxes, OutboxRelay relay, OutboxSettings settings) {
		return new OutboxSweeper(outboxes, relay, settings, Clock.systemUTC());
	}

	@Bean
	SchedulingConfigurer outboxSchedule(OutboxSweeper sweeper, OutboxSettings settings) {
		return (ScheduledTaskRegistrar registrar) -> {
			if (!settings.sweep()) {
				return;
			}
			registrar.addFixedDelayTask(() -> {
				try {
					sweeper.sweep();
				}
				catch (RuntimeException ex) {
					// The next sweep tries again; the events stay in the outbox
					// meanwhile.
					log.warn("Outbox sweep failed: {}", ex.toString());
				}
			}, settings.sweepInterval());
		};
	}

}
