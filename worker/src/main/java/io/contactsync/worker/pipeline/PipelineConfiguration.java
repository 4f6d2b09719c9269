package io.contactsync.worker.pipeline;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.contactsync.contracts.RegistrySerdes;
import io.contactsync.worker.deadletter.DeadLetters;
import io.contactsync.worker.events.EventEncoder;
import io.contactsync.worker.events.EventPublisher;
import io.contactsync.worker.events.RegistryEventEncoder;
import io.contactsync.worker.merge.MergeEngine;
import io.contactsync.worker.observability.WorkerMetrics;
import io.contactsync.worker.outbox.OutboxRelay;
import io.contactsync.worker.outbox.OutboxSettings;
import io.contactsync.worker.store.Contacts;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.core.MicrometerProducerListener;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.util.backoff.ExponentialBackOff;

/** Kafka wiring of the pipeline: consumer, producer, error handling, topics. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ PipelineSettings.class, RegistrySettings.class })
public class PipelineConfiguration {

	@Bean
	ConcurrentKafkaListenerContainerFactory<String, DecodedCommand> commandListenerFactory(KafkaProperties kafka,
			RegistrySettings registry, PipelineSettings settings, MeterRegistry meters, BatchTracker tracker) {
		Map<String, Object> consumer = commandConsumerSettings(kafka, registry);

		var factory = new ConcurrentKafkaListenerContainerFactory<String, DecodedCommand>();
		var consumerFactory = new DefaultKafkaConsumerFactory<String, DecodedCommand>(consumer);
		// Kafka client metrics (records lag, fetch rates) next to ours.
		consumerFactory.addListener(new MicrometerConsumerListener<>(meters));
		factory.setConsumerFactory(consumerFactory);
		factory.setBatchListener(true);
		factory.setConcurrency(settings.concurrency());
		factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.BATCH);
		// Finish the batch in hand on shutdown rather than abandon it half way: it may
		// have to wait for the broker as long as two publish timeouts.
		factory.getContainerProperties().setStopImmediate(false);
		factory.getContainerProperties().setShutdownTimeout(settings.shutdownTimeout().toMillis());
		factory.setCommonErrorHandler(errorHandler(settings, tracker));
		return factory;
	}

	/**
	 * The live consumer of the command topic (one container, {@code concurrency}
	 * threads).
	 */
	@Bean
	ConcurrentMessageListenerContainer<String, DecodedCommand> commandListenerContainer(
			ConcurrentKafkaListenerContainerFactory<String, DecodedCommand> commandListenerFactory,
			PipelineSettings settings, BatchProcessor processor) {
		var container = commandListenerFactory.createContainer(settings.commandsTopic());
		container.getContainerProperties().setMessageListener(new CommandListener(processor));
		container.getContainerProperties().setClientId(CommandListener.ID);
		container.setBeanName(CommandListener.ID);
		container.setAutoStartup(settings.listen());
		return container;
	}

	/**
	 * Consumer settings for the command topic: string keys, values decoded through the
	 * registry with their bytes kept, undecodable ones handed over as failures. The live
	 * listener and the replay use the same.
	 */
	public static Map<String, Object> commandConsumerSettings(KafkaProperties kafka, RegistrySettings registry) {
		Map<String, Object> consumer = new HashMap<>(kafka.buildConsumerProperties());
		consumer.putAll(RegistrySerdes.consumerSettings(registry.url()));
		consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		// One undecodable record must not block its partition: failures reach
		// the listener as records with a failure header, not exceptions in poll().
		consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ErrorHandlingDeserializer.class);
		consumer.put(ErrorHandlingDeserializer.VALUE_DESERIALIZER_CLASS, CommandDeserializer.class);
		consumer.put(AvroSerdeConfig.USE_SPECIFIC_AVRO_READER, true);
		return consumer;
	}

	/**
	 * Retries a failed batch with exponential back-off and never gives up: Spring Kafka's
	 * default (skip after 10 tries) would lose commands. Only transient failures get here
	 * (the processor isolates and dead-letters records that fail for good), so nothing is
	 * classified as fatal: Spring's default list holds the deserialization failure a
	 * registry outage is wrapped in, which would re-seek without back-off.
	 */
	static DefaultErrorHandler errorHandler(PipelineSettings settings, BatchTracker tracker) {
		ExponentialBackOff backOff = new ExponentialBackOff(settings.retryInitialInterval().toMillis(), 2.0);
		backOff.setMaxInterval(settings.retryMaxInterval().toMillis());
		backOff.setMaxElapsedTime(Long.MAX_VALUE);
		DefaultErrorHandler handler = new DefaultErrorHandler((record, ex) -> {
			throw new IllegalStateException("retries are unlimited; a record must never be skipped", ex);
		}, backOff);
		handler.setClassifications(Map.of(), true);
		// The tracker logs each back-off without the failure's message; Spring's own
		// line would repeat the message (a store's can quote values).
		handler.setLogLevel(org.springframework.kafka.KafkaException.Level.DEBUG);
		handler.setRetryListeners(tracker);
		return handler;
	}

	/** One producer for events, states and dead letters; values are encoded already. */
	@Bean
	DefaultKafkaProducerFactory<String, byte[]> producerFactory(KafkaProperties kafka, MeterRegistry meters) {
		Map<String, Object> producer = new HashMap<>(kafka.buildProducerProperties());
		producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		producer.put(ProducerConfig.ACKS_CONFIG, "all");
		producer.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
		producer.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
		producer.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
		producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		var factory = new DefaultKafkaProducerFactory<String, byte[]>(producer);
		factory.addListener(new MicrometerProducerListener<>(meters));
		return factory;
	}

	@Bean
	KafkaTemplate<String, byte[]> kafkaTemplate(DefaultKafkaProducerFactory<String, byte[]> producerFactory) {
		return new KafkaTemplate<>(producerFactory);
	}

	@Bean
	RegistryEventEncoder eventEncoder(RegistrySettings registry, PipelineSettings settings) {
		return new RegistryEventEncoder(registry.url(), settings.eventsTopic(), stateTopic(settings));
	}

	@Bean
	EventPublisher eventPublisher(KafkaTemplate<String, byte[]> kafkaTemplate, EventEncoder encoder,
			PipelineSettings settings, WorkerMetrics metrics) {
		return new EventPublisher(kafkaTemplate, encoder, settings.eventsTopic(), stateTopic(settings),
				settings.publishTimeout(), metrics);
	}

	private static String stateTopic(PipelineSettings settings) {
		return settings.stateTopic().isBlank() ? null : settings.stateTopic();
	}

	@Bean
	DeadLetters deadLetters(KafkaTemplate<String, byte[]> kafkaTemplate, PipelineSettings settings,
			WorkerMetrics metrics) {
		return new DeadLetters(kafkaTemplate, settings.deadLetterTopic(), settings.publishTimeout(), metrics);
	}

	@Bean
	RecordDecoder recordDecoder(MergeEngine engine, WorkerMetrics metrics, PipelineSettings settings,
			KafkaProperties kafka, RegistrySettings registry) {
		Map<String, Object> consumer = commandConsumerSettings(kafka, registry);
		return new RecordDecoder(engine, metrics, settings.maxCommandSize(), () -> {
			CommandDeserializer deserializer = new CommandDeserializer();
			deserializer.configure(consumer, false);
			return deserializer;
		});
	}

	/**
	 * The committed offsets of consumer groups, read with the worker's own Admin client.
	 */
	@Bean
	GroupOffsets groupOffsets(KafkaAdmin admin, OutboxSettings outbox) {
		return new GroupOffsets(Admin.create(admin.getConfigurationProperties()), outbox.offsetsRefresh(),
				Clock.systemUTC());
	}

	@Bean
	OutboxLedger outboxLedger(GroupOffsets groupOffsets) {
		return new OutboxLedger(groupOffsets);
	}

	@Bean
	ConflictRounds conflictRounds(MergeEngine engine, EventEncoder encoder, Contacts contacts, OutboxLedger ledger,
			WorkerMetrics metrics, PipelineSettings settings, OutboxSettings outbox) {
		return new ConflictRounds(engine, encoder, contacts, ledger, metrics, settings, outbox, Clock.systemUTC());
	}

	@Bean
	BatchTracker batchTracker(WorkerMetrics metrics, PipelineSettings settings) {
		return new BatchTracker(metrics, settings, Clock.systemUTC());
	}

	@Bean
	BatchProcessor batchProcessor(RecordDecoder decoder, DeadLetters deadLetters, ConflictRounds rounds,
			OutboxRelay relay, OutboxLedger ledger, KafkaProperties kafka, WorkerMetrics metrics, BatchTracker tracker,
			PipelineSettings settings) {
		return new BatchProcessor(decoder, deadLetters, rounds, relay, ledger, kafka.getConsumer().getGroupId(),
				metrics, tracker, settings);
	}

	@Bean
	HealthIndicator pipelineHealthIndicator(BatchTracker tracker, PipelineSettings settings) {
		return new PipelineHealth(tracker, settings);
	}

	/**
	 * Topics the worker creates if missing (replication factor of the broker's default).
	 * The state topic is compacted: the latest state per contact id.
	 */
	@Bean
	KafkaAdmin.NewTopics topics(PipelineSettings settings) {
		List<NewTopic> topics = new ArrayList<>();
		topics.add(TopicBuilder.name(settings.commandsTopic()).partitions(settings.partitions()).build());
		topics.add(TopicBuilder.name(settings.eventsTopic()).partitions(settings.partitions()).build());
		topics.add(TopicBuilder.name(settings.deadLetterTopic()).partitions(settings.partitions()).build());
		if (!settings.stateTopic().isBlank()) {
			topics.add(TopicBuilder.name(settings.stateTopic()).partitions(settings.partitions()).compact().build());
		}
		return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
	}

}
