package io.contactsync.worker.pipeline;

import io.contactsync.contracts.ContactUpsertCommand;

/**
 * A command as decoded from the topic, with the bytes it came from: a rejected command
 * goes to the dead-letter topic byte for byte.
 *
 * @param raw the record value as received
 * @param command the decoded command
 */
public record DecodedCommand(byte[] raw, ContactUpsertCommand command) {
}
