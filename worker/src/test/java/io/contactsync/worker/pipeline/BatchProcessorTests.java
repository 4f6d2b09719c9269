package io.contactsync.worker.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import com.mongodb.MongoTimeoutException;
import io.contactsync.contracts.Contact;
import io.contactsync.contracts.ContactEvent;
import io.contactsync.contracts.ContactUpsertCommand;
import io.contactsync.worker.deadletter.DeadLetter;
import io.contactsync.worker.deadletter.DeadLetterSink;
import io.contactsync.worker.events.EventEncoder;
import io.contactsync.worker.events.SingleObjectEncoder;
import io.contactsync.worker.failure.TransientFailureException;
import io.contactsync.worker.observability.WorkerMetrics;
import io.contactsync.worker.outbox.EventSink;
import io.contactsync.worker.outbox.Origin;
import io.contactsync.worker.outbox.OutboxDelivery;
import io.contactsync.worker.outbox.OutboxRelay;
import io.contactsync.worker.outbox.OutboxSettings;
import io.contactsync.worker.outbox.PendingEvent;
import io.contactsync.worker.store.StoreRefusedException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static io.contactsync.worker.pipeline.PendingCommands.ENGINE;
import static io.contactsync.worker.pipeline.PendingCommands.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A batch whose processing fails: transient failures are thrown for the error handler to
 * retry, a record that fails for good is found and dead-lettered once while the rest
 * applies, and a failure that hits every record is taken for an outage. A batch tells the
 * outbox ledger it is out only once it has published everything.
 */
class BatchProcessorTests {

	private static final String GROUP = "contact-sync";

	private final FakeContacts store = new FakeContacts();

	private final RecordingDeadLetters deadLetters = new RecordingDeadLetters();

	private final RecordingSink sink = new RecordingSink();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private long offset;

	/** The wall clock of the worker: tests move it on. */
	private final MutableClock clock = new MutableClock(NOW);

	/**
	 * Knows the batches this processor finished; the broker has committed nothing (the
	 * tests commit no offsets).
	 */
	private final OutboxLedger ledger = new OutboxLedger(new GroupOffsets(null, Duration.ZERO, this.clock) {

		@Override
		public boolean isCommitted(Origin origin) {
			return false;
		}

	});

	@Test
	void deadLettersTheRecordThatFailsAloneAndAppliesTheOthers() {
		List<ConsumerRecord<String, DecodedCommand>> batch = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			batch.add(record(command("person" + i + "@example.org")));
		}
		ConsumerRecord<String, DecodedCommand> poison = batch.get(6);

		processor(failingFor((email) -> email.equals("person6@example.org"))).process(batch);

		assertThat(this.store.all()).hasSize(9);
		assertThat(this.deadLetters.published).singleElement().satisfies((letter) -> {
			assertThat(letter.original().offset()).isEqualTo(poison.offset());
			assertThat(letter.reason()).isEqualTo(DeadLetter.Reason.UNPROCESSABLE);
			assertThat(letter.detail()).startsWith("command: processing it fails every time").doesNotContain("person6");
			assertThat(letter.rawValue()).isEqualTo(poison.value().raw());
		});
		assertThat(this.sink.published).hasSize(9);
		assertThat(counted("rejected")).isEqualTo(1);
	}

	@Test
	void deadLettersEachRecordOnceHoweverOftenItsBatchIsTried() {
		List<ConsumerRecord<String, DecodedCommand>> batch = List.of(record(command("ann@example.org")),
				record(command("not an email")), record(command("bob@example.org")));
		this.sink.failNext = new TransientFailureException("broker unavailable");
		BatchProcessor processor = processor(new SingleObjectEncoder());

		assertThatExceptionOfType(TransientFailureException.class).isThrownBy(() -> processor.process(batch));
		assertThat(this.deadLetters.published).isEmpty();
		processor.process(batch);

		assertThat(this.deadLetters.published).singleElement()
			.satisfies((letter) -> assertThat(letter.reason()).isEqualTo(DeadLetter.Reason.REJECTED));
		assertThat(this.store.all()).hasSize(2);
	}

	@Test
	void takesAFailureOfEveryRecordForAnOutageNotForBadRecords() {
		List<ConsumerRecord<String, DecodedCommand>> batch = new ArrayList<>();
		for (int i = 0; i < BatchProcessor.OUTAGE_THRESHOLD; i++) {
			batch.add(record(command("person" + i + "@example.org")));
		}

		assertThatExceptionOfType(TransientFailureException.class)
			.isThrownBy(() -> processor(failingFor((email) -> true)).process(batch))
			.withMessageContaining("every record of the batch fails alone");
		assertThat(this.deadLetters.published).isEmpty();
	}

	@Test
	void deadLettersABurstOfBadRecordsOnceItHasWaitedLongEnoughForAnOutageToPass() {
		List<ConsumerRecord<String, DecodedCommand>> batch = new ArrayList<>();
		for (int i = 0; i < BatchProcessor.OUTAGE_THRESHOLD + 2; i++) {
			batch.add(record(command("person" + i + "@example.org")));
		}
		BatchProcessor processor = processor(failingFor((email) -> true));
		assertThatExceptionOfType(TransientFailureException.class).isThrownBy(() -> processor.process(batch));

		// The error handler tries the same batch again, a minute later.
		this.clock.advance(Duration.ofMinutes(1));
		processor.process(batch);

		assertThat(this.deadLetters.published).hasSize(batch.size())
			.allSatisfy((letter) -> assertThat(letter.reason()).isEqualTo(DeadLetter.Reason.UNPROCESSABLE));
		assertThat(this.store.all()).isEmpty();
	}

	@Test
	void throwsATransientFailureForTheErrorHandlerWithoutDeadLettering() {
		this.store.beforeNextWrites(() -> {
			throw new MongoTimeoutException("no server");
		});

		assertThatExceptionOfType(TransientFailureException.class).isThrownBy(
				() -> processor(new SingleObjectEncoder()).process(List.of(record(command("ann@example.org")))));
		assertThat(this.deadLetters.published).isEmpty();
	}

	@Test
	void deadLettersTheCommandsOfAContactTheStoreRefuses() {
		List<ConsumerRecord<String, DecodedCommand>> batch = List.of(record(command("ann@example.org")),
				record(command("bob@example.org")), record(command("cy@example.org")));
		this.store.refuse((contact) -> contact.email().orElse("").startsWith("bob"));

		processor(new SingleObjectEncoder()).process(batch);

		assertThat(this.store.all()).hasSize(2);
		assertThat(this.deadLetters.published).singleElement().satisfies((letter) -> {
			assertThat(letter.original().offset()).isEqualTo(batch.get(1).offset());
			assertThat(letter.detail())
				.isEqualTo("contact: the store refused the contact's document (error code 10334)");
		});
	}

	@Test
	void aBatchIsOutOnlyOnceItHasPublishedEverything() {
		List<ConsumerRecord<String, DecodedCommand>> batch = List.of(record(command("ann@example.org")),
				record(command("bob@example.org")));
		this.sink.failNext = new TransientFailureException("broker unavailable");
		BatchProcessor processor = processor(new SingleObjectEncoder());

		assertThatExceptionOfType(TransientFailureException.class).isThrownBy(() -> processor.process(batch));
		// Stored but maybe not published: the entries must stay.
		assertThat(batch).noneMatch((record) -> this.ledger.isOut(origin(record)));

		processor.process(batch);
		assertThat(batch).allMatch((record) -> this.ledger.isOut(origin(record)));
	}

	@Test
	void theNextWriteOfAContactDropsTheEntryOfAFinishedBatch() {
		BatchProcessor processor = processor(new SingleObjectEncoder());
		ConsumerRecord<String, DecodedCommand> creating = record(command("ann@example.org"));
		processor.process(List.of(creating));
		assertThat(this.store.all()).singleElement()
			.satisfies((stored) -> assertThat(stored.outbox()).extracting(PendingEvent::origin)
				.containsExactly(origin(creating)));

		ConsumerRecord<String, DecodedCommand> renaming = record(
				AvroCommands.command(PendingCommands.TENANT, PendingCommands.T0.plusSeconds(1))
					.setEmail("ann@example.org")
					.setFirstName("Ann")
					.build());
		processor.process(List.of(renaming));

		// One write per changed contact, and no other: the outbox shrinks with it.
		assertThat(this.store.all()).singleElement()
			.satisfies((stored) -> assertThat(stored.outbox()).extracting(PendingEvent::origin)
				.containsExactly(origin(renaming)));
		assertThat(this.store.writes).isEqualTo(2);
		assertThat(this.sink.published).hasSize(2);
	}

	private static Origin origin(ConsumerRecord<String, DecodedCommand> record) {
		return new Origin(GROUP, record.topic(), record.partition(), record.offset());
	}

	private BatchProcessor processor(EventEncoder encoder) {
		PipelineSettings settings = new PipelineSettings("commands", "events", "dlt", "state", 6, 2, true,
				PipelineSettings.Mode.BATCHED, Duration.ofMillis(200), Duration.ofSeconds(30), 10,
				Duration.ofSeconds(60), Duration.ofSeconds(10), DataSize.ofKilobytes(256), DataSize.ofKilobytes(960),
				Duration.ofMinutes(1), Duration.ofMinutes(15), Duration.ofMinutes(1));
		WorkerMetrics metrics = new WorkerMetrics(this.meters);
		Clock clock = this.clock;
		RecordDecoder decoder = new RecordDecoder(ENGINE, metrics, settings.maxCommandSize(), () -> {
			throw new AssertionError("no record needs decoding again here");
		});
		ConflictRounds rounds = new ConflictRounds(ENGINE, encoder, this.store, this.ledger, metrics, settings,
				new OutboxSettings(Duration.ofSeconds(1), Duration.ofDays(7)), clock);
		OutboxRelay relay = new OutboxRelay(this.sink, metrics);
		return new BatchProcessor(decoder, this.deadLetters, rounds, relay, this.ledger, GROUP, metrics,
				new BatchTracker(metrics, settings, clock), settings);
	}

	/** Encodes events, but throws for those of contacts whose email matches. */
	private static EventEncoder failingFor(Predicate<String> email) {
		SingleObjectEncoder encoder = new SingleObjectEncoder();
		return new EventEncoder() {

			@Override
			public byte[] event(ContactEvent event) {
				if (email.test(event.getContact().getEmail())) {
					throw new IllegalStateException("a defect that only this command triggers");
				}
				return encoder.event(event);
			}

			@Override
			public byte[] state(Contact contact) {
				return encoder.state(contact);
			}

		};
	}

	private static ContactUpsertCommand command(String email) {
		return AvroCommands.command(PendingCommands.TENANT, PendingCommands.T0).setEmail(email).build();
	}

	private ConsumerRecord<String, DecodedCommand> record(ContactUpsertCommand command) {
		try {
			ByteBuffer encoded = command.toByteBuffer();
			byte[] raw = new byte[encoded.remaining()];
			encoded.get(raw);
			return new ConsumerRecord<>("commands", 0, this.offset++, "key", new DecodedCommand(raw, command));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private double counted(String outcome) {
		return this.meters.get("contactsync.commands").tag("outcome", outcome).counter().count();
	}

	private static final class RecordingDeadLetters implements DeadLetterSink {

		final List<DeadLetter> published = new ArrayList<>();

		@Override
		public void publish(List<DeadLetter> deadLetters) {
			this.published.addAll(deadLetters);
		}

	}

	private static final class RecordingSink implements EventSink {

		final List<String> published = new ArrayList<>();

		RuntimeException failNext;

		@Override
		public Set<String> publish(Collection<OutboxDelivery> deliveries) {
			if (this.failNext != null) {
				RuntimeException failure = this.failNext;
				this.failNext = null;
				throw failure;
			}
			deliveries.forEach((delivery) -> delivery.events().forEach((event) -> this.published.add(event.eventId())));
			return Set.of();
		}

	}

}
