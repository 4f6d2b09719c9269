package io.contactsync.worker.replay;

import io.contactsync.worker.events.EventPublisher;
import io.contactsync.worker.pipeline.BatchProcessor;
import io.contactsync.worker.pipeline.PipelineSettings;
import io.contactsync.worker.pipeline.RegistrySettings;
import io.contactsync.worker.store.ContactStore;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ReplayConfiguration {

	@Bean
	Replayer replayer(KafkaProperties kafka, RegistrySettings registry, PipelineSettings pipeline,
			BatchProcessor processor) {
		return new Replayer(kafka, registry, pipeline, processor);
	}

	@Bean
	Snapshotter snapshotter(ContactStore store, EventPublisher publisher) {
		return new Snapshotter(store, publisher);
	}

}
