package io.contactsync.worker.deadletter;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.contactsync.worker.observability.WorkerMetrics;
import io.contactsync.worker.failure.Failures;
import io.contactsync.worker.failure.TransientFailureException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * Publishes rejected records to the dead-letter topic with their original key, value
 * bytes and headers, plus headers saying why. Uses Spring Kafka's {@code kafka_dlt-*}
 * header names (so its tooling understands them) and adds readable {@code contact-sync-*}
 * headers. Waits for the broker before the batch commits: a rejected command is never
 * lost.
 */
public class DeadLetters implements DeadLetterSink {

	public static final String REASON_HEADER = "contact-sync-error";

	public static final String DETAIL_HEADER = "contact-sync-error-detail";

	public static final String ORIGIN_HEADER = "contact-sync-origin";

	/** Set when the broker refused the dead letter with its value: the value's size. */
	public static final String VALUE_OMITTED_HEADER = "contact-sync-value-omitted";

	private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

	private final KafkaTemplate<String, byte[]> template;

	private final String topic;

	private final Duration timeout;

	private final WorkerMetrics metrics;

	public DeadLetters(KafkaTemplate<String, byte[]> template, String topic, Duration timeout, WorkerMetrics metrics) {
		this.template = template;
		this.topic = topic;
		this.timeout = timeout;
		this.metrics = metrics;
	}

	@Override
	public void publish(List<DeadLetter> deadLetters) {
		if (deadLetters.isEmpty()) {
			return;
		}
		List<CompletableFuture<?>> sent = new ArrayList<>(deadLetters.size());
		for (DeadLetter letter : deadLetters) {
			var original = letter.original();
			// Coordinates and the reason only: the detail names fields, not values.
			log.warn("Dead-lettering {}-{}@{}: {} {} ({})", original.topic(), original.partition(), original.offset(),
					letter.reason(), letter.detail(), letter.error());
			sent.add(send(letter, letter.rawValue()));
		}
		await(sent);
		for (int i = 0; i < sent.size(); i++) {
			Throwable failure = sent.get(i).handle((ok, error) -> error).join();
			if (failure != null) {
				// Refused for good (a record over the broker's size limit): keep the
				// reason and the coordinates, without the bytes, rather than block.
				DeadLetter letter = deadLetters.get(i);
				log.warn("Dead letter of {}-{}@{} is refused with its value ({}); sending it without",
						letter.original().topic(), letter.original().partition(), letter.original().offset(),
						Failures.kind(failure));
				CompletableFuture<?> resent = send(letter, null);
				await(List.of(resent));
				Throwable again = resent.handle((ok, error) -> error).join();
				if (again != null) {
					throw new TransientFailureException("could not publish to the dead-letter topic " + this.topic,
							again);
				}
			}
		}
		deadLetters.forEach((letter) -> this.metrics.deadLettered(letter.reason().name().toLowerCase()));
	}

	private CompletableFuture<?> send(DeadLetter letter, byte[] value) {
		RecordHeaders headers = headers(letter);
		if (value == null && letter.rawValue() != null) {
			headers.add(VALUE_OMITTED_HEADER, utf8(Integer.toString(letter.rawValue().length)));
		}
		return this.template.send(new ProducerRecord<>(this.topic, null, letter.original().key(), value, headers));
	}

	/** Waits for the sends; a transient failure of any of them is thrown. */
	private void await(List<CompletableFuture<?>> sent) {
		try {
			CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
				.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new TransientFailureException("interrupted while dead-lettering", ex);
		}
		catch (java.util.concurrent.ExecutionException ex) {
			if (Failures.isTransient(ex.getCause())) {
				throw new TransientFailureException("could not publish to the dead-letter topic " + this.topic,
						ex.getCause());
			}
			// Refused for good: the caller looks at each send.
		}
		catch (java.util.concurrent.TimeoutException ex) {
			throw new TransientFailureException("the broker did not acknowledge dead letters within " + this.timeout,
					ex);
		}
	}

	private static RecordHeaders headers(DeadLetter letter) {
		var original = letter.original();
		RecordHeaders headers = new RecordHeaders();
		for (Header header : original.headers()) {
			// Spring's deserialization-failure header holds a serialized exception,
			// and a producer's own contact-sync-* or kafka_dlt-* headers would be
			// taken for ours: neither goes to the dead-letter topic.
			String key = header.key();
			if (!key.startsWith("springDeserializerException") && !key.startsWith("contact-sync-")
					&& !key.startsWith("kafka_dlt-")) {
				headers.add(header);
			}
		}
		headers.add(KafkaHeaders.DLT_ORIGINAL_TOPIC, utf8(original.topic()));
		headers.add(KafkaHeaders.DLT_ORIGINAL_PARTITION, ByteBuffer.allocate(4).putInt(original.partition()).array());
		headers.add(KafkaHeaders.DLT_ORIGINAL_OFFSET, ByteBuffer.allocate(8).putLong(original.offset()).array());
		headers.add(KafkaHeaders.DLT_ORIGINAL_TIMESTAMP, ByteBuffer.allocate(8).putLong(original.timestamp()).array());
		headers.add(KafkaHeaders.DLT_EXCEPTION_FQCN, utf8(letter.error()));
		headers.add(KafkaHeaders.DLT_EXCEPTION_MESSAGE, utf8(letter.detail()));
		headers.add(REASON_HEADER, utf8(letter.reason().name()));
		headers.add(DETAIL_HEADER, utf8(letter.detail()));
		headers.add(ORIGIN_HEADER, utf8(original.topic() + "-" + original.partition() + "@" + original.offset()));
		return headers;
	}

	private static byte[] utf8(String text) {
		return (text != null) ? text.getBytes(StandardCharsets.UTF_8) : new byte[0];
	}

}
