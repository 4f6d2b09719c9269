package io.contactsync.worker.pipeline;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.listener.BatchMessageListener;

/**
 * Consumes the command topic in batches. Offsets are committed after
 * {@link BatchProcessor#process} returns; if it throws, the error handler retries the
 * same batch with back-off, forever, while the consumer keeps polling (paused) and so
 * stays in its group.
 */
class CommandListener implements BatchMessageListener<String, DecodedCommand> {

	static final String ID = "contact-sync-commands";

	private final BatchProcessor processor;

	CommandListener(BatchProcessor processor) {
		this.processor = processor;
	}

	@Override
	public void onMessage(List<ConsumerRecord<String, DecodedCommand>> records) {
		this.processor.process(records);
	}

}
