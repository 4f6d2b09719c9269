package io.contactsync.worker.failure;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLHandshakeException;

import com.microsoft.kiota.ApiExceptionBuilder;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoSocketReadException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteConcernException;
import com.mongodb.MongoWriteException;
import com.mongodb.ServerAddress;
import com.mongodb.WriteError;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.bulk.WriteConcernError;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.impl.NoStackTraceTimeoutException;
import org.apache.avro.AvroRuntimeException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.kafka.support.serializer.DeserializationException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which failures go away by themselves (retried without end) and which one record caused
 * (dead-lettered). Each rule decides whether good records are dead-lettered during an
 * outage, or a bad one is retried forever.
 */
class FailuresTests {

	private static final String SECRET = "SECRET-VALUE-123";

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

	@Test
	void ourOwnTransientFailureIsTransientWhereverItIsWrapped() {
		assertThat(Failures.isTransient(new TransientFailureException("store busy"))).isTrue();
		assertThat(Failures.isTransient(new IllegalStateException(new TransientFailureException("store busy"))))
			.isTrue();
	}

	@Test
	void failureThatNamesNoOutageIsNotTransient() {
		assertThat(Failures.isTransient(new IllegalArgumentException("bad value"))).isFalse();
		assertThat(Failures.isTransient(new NullPointerException())).isFalse();
	}

	@Test
	void storeTimeoutsAndLostConnectionsAreTransient() {
		assertThat(Failures.isTransient(new MongoTimeoutException("no server selected"))).isTrue();
		assertThat(Failures.isTransient(new MongoSocketReadException("reset", new ServerAddress()))).isTrue();
		assertThat(Failures.isTransient(new IllegalStateException(new MongoTimeoutException("no primary")))).isTrue();
	}

	/** Code 10334: the document is too large; it will be too large on every try. */
	@Test
	void bulkWriteWithOnlyPerItemErrorsIsNotTransient() {
		MongoBulkWriteException tooLarge = bulkWriteFailure(List.of(tooLarge()), null);

		assertThat(Failures.isTransient(tooLarge)).isFalse();
		assertThat(Failures.isTransient(new RuntimeException("write failed", tooLarge))).isFalse();
	}

	/** The write reached the primary but not enough replicas: the cluster's state. */
	@Test
	void bulkWriteWithAWriteConcernErrorIsTransient() {
		assertThat(Failures.isTransient(bulkWriteFailure(List.of(), writeConcernError()))).isTrue();
		assertThat(Failures.isTransient(bulkWriteFailure(List.of(tooLarge()), writeConcernError()))).isTrue();
		assertThat(Failures.isTransient(new MongoWriteConcernException(writeConcernError(), new ServerAddress())))
			.isTrue();
	}

	@Test
	void singleWriteRefusedForItsContentIsNotTransient() {
		MongoWriteException duplicate = new MongoWriteException(
				new WriteError(11000, "E11000 duplicate key " + SECRET, new BsonDocument()), new ServerAddress());

		assertThat(Failures.isTransient(duplicate)).isFalse();
	}

	@Test
	void retriableBrokerFailuresAreTransient() {
		assertThat(Failures.isTransient(new org.apache.kafka.common.errors.TimeoutException("expired"))).isTrue();
		assertThat(Failures.isTransient(new NotLeaderOrFollowerException("moved"))).isTrue();
		assertThat(Failures.isTransient(new InterruptException(new InterruptedException()))).isTrue();
	}

	/** Credentials and ACLs are fixed by an operator, not by skipping records. */
	@Test
	void brokerAuthenticationAndAuthorizationFailuresAreTransient() {
		assertThat(Failures.isTransient(new SaslAuthenticationException("bad password"))).isTrue();
		assertThat(Failures.isTransient(new TopicAuthorizationException(Set.of("contact-events")))).isTrue();
	}

	@Test
	void recordTooLargeForTheBrokerIsNotTransient() {
		assertThat(Failures.isTransient(new RecordTooLargeException("too large"))).isFalse();
		assertThat(Failures.isTransient(new CompletionException(new RecordTooLargeException("too large")))).isFalse();
	}

	@Test
	void timeoutsOfAnyClientAreTransient() {
		assertThat(Failures.isTransient(new TimeoutException("no answer"))).isTrue();
		assertThat(Failures.isTransient(new HttpTimeoutException("request timed out"))).isTrue();
		assertThat(Failures.isTransient(new CompletionException(
				new NoStackTraceTimeoutException("The timeout period of 30000ms has been exceeded"))))
			.isTrue();
	}

	@Test
	void networkFailuresAreTransient() {
		assertThat(Failures.isTransient(new SocketException("Connection reset"))).isTrue();
		assertThat(Failures.isTransient(new SocketTimeoutException("Read timed out"))).isTrue();
		assertThat(Failures.isTransient(new UnknownHostException("registry"))).isTrue();
		assertThat(Failures.isTransient(new SSLHandshakeException("Remote host terminated the handshake"))).isTrue();
		assertThat(Failures.isTransient(new UncheckedIOException(new SocketException("Broken pipe")))).isTrue();
	}

	@Test
	void registryClientNetworkFailuresAreTransient() {
		assertThat(Failures.isTransient(new ConnectTimeoutException("connection timed out: registry/10.0.0.1:8080")))
			.isTrue();
		assertThat(Failures.isTransient(new HttpClosedException("Connection was closed"))).isTrue();
	}

	/** What Netty throws when a read times out (it never throws the base class). */
	@Test
	void nettyReadTimeoutIsTransient() {
		assertThat(Failures.isTransient(ReadTimeoutException.INSTANCE)).isTrue();
	}

	/** Avro throws a plain EOFException for truncated bytes: the record's fault. */
	@Test
	void plainEndOfFileIsNotTransient() {
		assertThat(Failures.isTransient(new EOFException())).isFalse();
		assertThat(Failures.isTransient(new SerializationException("bad bytes", new EOFException()))).isFalse();
	}

	@Test
	void inputOutputFailuresOutsideTheNetworkAreNotTransient() {
		assertThat(Failures.isTransient(new IOException("Invalid int encoding"))).isFalse();
	}

	@ParameterizedTest(name = "HTTP {0}")
	@ValueSource(ints = { 408, 425, 429, 500, 502, 503, 504 })
	void registryAnswersOfAnOverloadedOrRestartingServerAreTransient(int status) {
		assertThat(Failures.isTransient(new RegistryAnswer(status))).isTrue();
		assertThat(
				Failures.isTransient(new SerializationException("Error retrieving schema", new RegistryAnswer(status))))
			.isTrue();
	}

	@ParameterizedTest(name = "HTTP {0}")
	@ValueSource(ints = { 400, 404, 409, 422 })
	void registryAnswersAboutTheRecordAreNotTransient(int status) {
		assertThat(Failures.isTransient(new RegistryAnswer(status))).isFalse();
		assertThat(
				Failures.isTransient(new SerializationException("Error retrieving schema", new RegistryAnswer(status))))
			.isFalse();
	}

	/** As for the broker: credentials and ACLs are fixed by an operator. */
	@ParameterizedTest(name = "HTTP {0}")
	@ValueSource(ints = { 401, 403, 407 })
	void registryRefusingOurCredentialsIsTransient(int status) {
		assertThat(Failures.isTransient(new RegistryAnswer(status))).isTrue();
	}

	/** The same rule for the exception the Kiota registry client really throws. */
	@Test
	void readsTheStatusOfKiotasApiException() {
		assertThat(Failures
			.isTransient(new ApiExceptionBuilder().withMessage("unavailable").withResponseStatusCode(503).build()))
			.isTrue();
		assertThat(Failures
			.isTransient(new ApiExceptionBuilder().withMessage("no such schema").withResponseStatusCode(404).build()))
			.isFalse();
	}

	@Test
	void kindOfABulkWriteFailureNamesClassesButNoMessage() {
		RuntimeException failure = new RuntimeException("write of " + SECRET + " failed",
				bulkWriteFailure(List.of(tooLarge()), null));

		String kind = Failures.kind(failure);

		assertThat(kind).startsWith("RuntimeException < MongoBulkWriteException")
			.doesNotContain(SECRET)
			.doesNotContain("too large")
			.doesNotContain("127.0.0.1");
	}

	/** Without its code a refused bulk write tells the operator nothing. */
	@Test
	void kindOfABulkWriteFailureNamesTheErrorCode() {
		assertThat(Failures.kind(bulkWriteFailure(List.of(tooLarge()), null))).contains("10334");
	}

	@Test
	void kindOfAStoreFailureNamesItsCodeButNoMessage() {
		MongoWriteException duplicate = new MongoWriteException(
				new WriteError(11000, "E11000 duplicate key { email: \"" + SECRET + "\" }", new BsonDocument()),
				new ServerAddress());

		assertThat(Failures.kind(new IllegalStateException(SECRET, duplicate)))
			.isEqualTo("IllegalStateException < MongoWriteException(11000)");
	}

	private static MongoBulkWriteException bulkWriteFailure(List<BulkWriteError> errors,
			WriteConcernError writeConcernError) {
		return new MongoBulkWriteException(BulkWriteResult.unacknowledged(), errors, writeConcernError,
				new ServerAddress(), Set.of());
	}

	private static BulkWriteError tooLarge() {
		return new BulkWriteError(10334, "too large: " + SECRET, new BsonDocument(), 0);
	}

	private static WriteConcernError writeConcernError() {
		return new WriteConcernError(64, "WriteConcernFailed", "waiting for replication timed out", new BsonDocument());
	}

	/** Like Kiota's ApiException: the registry's HTTP status behind a getter. */
	public static class RegistryAnswer extends RuntimeException {

		private final int status;

		RegistryAnswer(int status) {
			super("registry answered " + status);
			this.status = status;
		}

		public int getResponseStatusCode() {
			return this.status;
		}

	}

}
