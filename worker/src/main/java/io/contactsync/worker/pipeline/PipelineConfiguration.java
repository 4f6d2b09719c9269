package io.contactsync.worker.pipeline;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.apicurio.registry.serde.config.SerdeConfig;
import io.contactsync.contracts.RegistrySerdes;
import io.contactsync.worker.deadletter.DeadLetters;
import io.contactsync.worker.events.EventPublisher;
import io.contactsync.worker.merge.MergeEngine;
import io.contactsync.worker.observability.WorkerMetrics;
import io.contactsync.worker.outbox.OutboxRelay;
import io.contactsync.worker.store.Contacts;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
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
import org.springframework.kafka.listener.RetryListener;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.util.backoff.ExponentialBackOff;

/** Kafka wiring of the pipeline: consumer, producers, error handling, topics. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ PipelineSettings.class, RegistrySettings.class })
public class PipelineConfiguration {

	@Bean
	ConcurrentKafkaListenerContainerFactory<String, DecodedCommand> commandListenerFactory(KafkaProperties kafka,
			RegistrySettings registry, PipelineSettings settings, MeterRegistry meters, WorkerMetrics metrics) {
		Map<String, Object> consumer = commandConsumerSettings(kafka, registry);

		var factory = new ConcurrentKafkaListenerContainerFactory<String, DecodedCommand>();
		var consumerFactory = new DefaultKafkaConsumerFactory<String, DecodedCommand>(consumer);
		// Kafka client metrics (records lag, fetch rates) next to ours.
		consumerFactory.addListener(new MicrometerConsumerListener<>(meters));
		factory.setConsumerFactory(consumerFactory);
		factory.setBatchListener(true);
		factory.setConcurrency(settings.concurrency());
		factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.BATCH);
		// Finish the batch in hand on shutdown rather than abandon it half way.
		factory.getContainerProperties().setStopImmediate(false);
		factory.setCommonErrorHandler(errorHandler(settings, metrics));
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
	 * default (skip after 10 tries) would lose commands. Invalid records never reach
	 * here: the processor dead-letters them itself.
	 */
	static DefaultErrorHandler errorHandler(PipelineSettings settings, WorkerMetrics metrics) {
		ExponentialBackOff backOff = new ExponentialBackOff(settings.retryInitialInterval().toMillis(), 2.0);
		backOff.setMaxInterval(settings.retryMaxInterval().toMillis());
		backOff.setMaxElapsedTime(Long.MAX_VALUE);
		DefaultErrorHandler handler = new DefaultErrorHandler((record, ex) -> {
			throw new IllegalStateException("retries are unlimited; a record must never be skipped", ex);
		}, backOff);
		handler.setLogLevel(org.springframework.kafka.KafkaException.Level.WARN);
		handler.setRetryListeners(new RetryListener() {

			@Override
			public void failedDelivery(ConsumerRecord<?, ?> record, Exception ex, int attempt) {
				metrics.batchRetried();
			}

			@Override
			public void failedDelivery(ConsumerRecords<?, ?> records, Exception ex, int attempt) {
				metrics.batchRetried();
			}

		});
		return handler;
	}

	// Producer factories are beans so that the context closes their producers.
	@Bean
	DefaultKafkaProducerFactory<String, Object> eventProducerFactory(KafkaProperties kafka, RegistrySettings registry,
			MeterRegistry meters) {
		Map<String, Object> producer = reliableProducer(kafka);
		producer.putAll(RegistrySerdes.producerSettings(registry.url()));
		producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroKafkaSerializer.class);
		producer.put(SerdeConfig.AUTO_REGISTER_ARTIFACT, true);
		var factory = new DefaultKafkaProducerFactory<String, Object>(producer);
		factory.addListener(new MicrometerProducerListener<>(meters));
		return factory;
	}

	@Bean
	KafkaTemplate<String, Object> eventTemplate(DefaultKafkaProducerFactory<String, Object> eventProducerFactory) {
		return new KafkaTemplate<>(eventProducerFactory);
	}

	@Bean
	DefaultKafkaProducerFactory<String, byte[]> deadLetterProducerFactory(KafkaProperties kafka) {
		Map<String, Object> producer = reliableProducer(kafka);
		producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		return new DefaultKafkaProducerFactory<>(producer);
	}

	@Bean
	KafkaTemplate<String, byte[]> deadLetterTemplate(
			DefaultKafkaProducerFactory<String, byte[]> deadLetterProducerFactory) {
		return new KafkaTemplate<>(deadLetterProducerFactory);
	}

	private static Map<String, Object> reliableProducer(KafkaProperties kafka) {
		Map<String, Object> producer = new HashMap<>(kafka.buildProducerProperties());
		producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		producer.put(ProducerConfig.ACKS_CONFIG, "all");
		producer.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
		producer.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
		producer.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
		return producer;
	}

	@Bean
	EventPublisher eventPublisher(KafkaTemplate<String, Object> eventTemplate, PipelineSettings settings,
			WorkerMetrics metrics) {
		String stateTopic = settings.stateTopic().isBlank() ? null : settings.stateTopic();
		return new EventPublisher(eventTemplate, settings.eventsTopic(), stateTopic, settings.publishTimeout(),
				metrics);
	}

	@Bean
	DeadLetters deadLetters(KafkaTemplate<String, byte[]> deadLetterTemplate, PipelineSettings settings,
			WorkerMetrics metrics) {
		return new DeadLetters(deadLetterTemplate, settings.deadLetterTopic(), settings.publishTimeout(), metrics);
	}

	@Bean
	RecordDecoder recordDecoder(MergeEngine engine, WorkerMetrics metrics) {
		return new RecordDecoder(engine, metrics);
	}

	@Bean
	ConflictRounds conflictRounds(MergeEngine engine, Contacts contacts, WorkerMetrics metrics,
			PipelineSettings settings) {
		return new ConflictRounds(engine, contacts, metrics, settings, Clock.systemUTC());
	}

	@Bean
	BatchProcessor batchProcessor(RecordDecoder decoder, DeadLetters deadLetters, ConflictRounds rounds,
			OutboxRelay relay, WorkerMetrics metrics, PipelineSettings settings) {
		return new BatchProcessor(decoder, deadLetters, rounds, relay, metrics, settings.mode());
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
