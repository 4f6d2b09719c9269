package io.contactsync.worker.outbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The outboxes in contact documents ({@code contact-sync.outbox.*}).
 *
 * @param offsetsRefresh how long the committed offsets of a consumer group, read to learn
 * which outbox entries are out, are reused before they are read again
 * @param retention an entry older than this goes with its contact's next write even when
 * its batch never finished (its consumer group was deleted); until then, whoever loads
 * the contact publishes it. (Offsets moved past a record by hand make its entry out:
 * skipping records skips their events.)
 */
@ConfigurationProperties("contact-sync.outbox")
public record OutboxSettings(@DefaultValue("1s") Duration offsetsRefresh, @DefaultValue("7d") Duration retention) {
}
