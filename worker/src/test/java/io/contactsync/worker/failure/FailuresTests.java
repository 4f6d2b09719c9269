package io.contactsync.worker.failure;

import java.io.EOFException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import org.apache.avro.AvroRuntimeException;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.support.serializer.DeserializationException;

import static org.assertj.core.api.Assertions.assertThat;

class FailuresTests {

	@Test
	void registryOutageIsTransientSoTheRecordIsRetriedNotDeadLettered() {
		var failure = new DeserializationException("failed", new byte[0], false,
				new IllegalStateException("lookup failed", new ConnectException("Connection refused")));

		assertThat(Failures.isTransient(failure)).isTrue();
	}

	@Test
	void registryTimeoutIsTransient() {
		assertThat(Failures.isTransient(new RuntimeException(new TimeoutException("no answer")))).isTrue();
	}

	@Test
	void badBytesArePermanent() {
		var failure = new DeserializationException("failed", new byte[] { 7 }, false,
				new AvroRuntimeException("Malformed data", new EOFException()));

		assertThat(Failures.isTransient(failure)).isFalse();
	}

	@Test
	void describeNeverReturnsMoreThanClassAndATrimmedMessage() {
		String described = Failures.describe(new IllegalArgumentException("x".repeat(500)));

		assertThat(described).startsWith("IllegalArgumentException: ").hasSizeLessThan(240);
	}

}
