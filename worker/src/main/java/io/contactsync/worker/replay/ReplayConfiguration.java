package io.contactsync.worker.replay;

import io.contactsync.worker.events.EventPublisher;
import io.contactsync.worker.outbox.OutboxRelay;
import io.contactsync.worker.pipeline.ConflictRounds;
import io.contactsync.worker.pipeline.OutboxLedger;
import io.contactsync.worker.pipeline.PipelineSettings;
import io.contactsync.worker.pipeline.RecordDecoder;
import io.contactsync.worker.pipeline.RegistrySettings;
import io.contactsync.worker.store.ContactStore;
import io.contactsync.worker.store.Contacts;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ReplayConfiguration {

	@Bean
	ReplayPipeline replayPipeline(RecordDecoder decoder, ConflictRounds rounds, OutboxRelay relay, OutboxLedger ledger,
			Contacts contacts) {
		return new ReplayPipeline(decoder, rounds, relay, ledger, contacts);
	}

	@Bean
	Replayer replayer(KafkaProperties kafka, RegistrySettings registry, PipelineSettings pipeline,
			ReplayPipeline replay, Contacts contacts) {
		return new Replayer(kafka, registry, pipeline, replay, contacts);
	}

	@Bean
	Snapshotter snapshotter(ContactStore store, EventPublisher publisher) {
		return new Snapshotter(store, publisher);
	}

}
