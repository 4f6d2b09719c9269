package io.contactsync.contracts;

import java.util.concurrent.ConcurrentHashMap;

import io.apicurio.registry.serde.avro.DefaultAvroDatumProvider;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;

/**
 * Apicurio's datum provider, with its reader and writer caches keyed by schema instance.
 * The default computes a 64-bit schema fingerprint on every record to find its cached
 * reader or writer: about a tenth of the worker's CPU. Schema instances are stable (the
 * registry client caches them per id, generated classes hold one each), so identity is
 * enough.
 *
 * @param <T> the record type
 */
public class CachingAvroDatumProvider<T> extends DefaultAvroDatumProvider<T> {

	private record Identity(Object schema, Class<?> type) {

		@Override
		public boolean equals(Object other) {
			return other instanceof Identity that && this.schema == that.schema && this.type == that.type;
		}

		@Override
		public int hashCode() {
			return 31 * System.identityHashCode(this.schema) + System.identityHashCode(this.type);
		}

	}

	private static final int MAX_CACHED = 1000;

	private final ConcurrentHashMap<Identity, DatumWriter<T>> writers = new ConcurrentHashMap<>();

	private final ConcurrentHashMap<Identity, DatumReader<T>> readers = new ConcurrentHashMap<>();

	public CachingAvroDatumProvider() {
		super();
	}

	@Override
	public DatumWriter<T> createDatumWriter(T data, Schema schema) {
		Identity key = new Identity(schema, (data != null) ? data.getClass() : null);
		DatumWriter<T> writer = this.writers.get(key);
		if (writer == null) {
			writer = super.createDatumWriter(data, schema);
			if (this.writers.size() < MAX_CACHED) {
				this.writers.put(key, writer);
			}
		}
		return writer;
	}

	@Override
	public DatumReader<T> createDatumReader(Schema schema) {
		Identity key = new Identity(schema, null);
		DatumReader<T> reader = this.readers.get(key);
		if (reader == null) {
			reader = super.createDatumReader(schema);
			if (this.readers.size() < MAX_CACHED) {
				this.readers.put(key, reader);
			}
		}
		return reader;
	}

}
