package io.contactsync.worker.events;

import java.util.Map;

import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.contactsync.contracts.Contact;
import io.contactsync.contracts.ContactEvent;
import io.contactsync.contracts.RegistrySerdes;

/**
 * Encodes in the Confluent wire format: a magic byte, the id of the writer's schema in
 * the registry, then Avro binary. The id travels with the bytes, so an event stored by
 * one version of the worker is published as it is by any other, and subscribers read it
 * with the schema it was written with. The serializer registers the schema on first use
 * and caches it.
 */
public class RegistryEventEncoder implements EventEncoder, AutoCloseable {

	private final String eventsTopic;

	private final String stateTopic;

	private final Map<String, Object> settings;

	// One serializer per consumer thread: they are not documented as thread-safe.
	private final ThreadLocal<AvroKafkaSerializer<Object>> serializers = ThreadLocal.withInitial(this::serializer);

	public RegistryEventEncoder(String registryUrl, String eventsTopic, String stateTopic) {
		this.eventsTopic = eventsTopic;
		this.stateTopic = stateTopic;
		this.settings = RegistrySerdes.producerSettings(registryUrl);
	}

	private AvroKafkaSerializer<Object> serializer() {
		AvroKafkaSerializer<Object> serializer = new AvroKafkaSerializer<>();
		serializer.configure(this.settings, false);
		return serializer;
	}

	@Override
	public byte[] event(ContactEvent event) {
		return this.serializers.get().serialize(this.eventsTopic, event);
	}

	@Override
	public byte[] state(Contact contact) {
		return this.serializers.get().serialize(this.stateTopic, contact);
	}

	@Override
	public void close() {
		this.serializers.remove();
	}

}
