package io.contactsync.worker.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

import io.contactsync.contracts.Contact;
import io.contactsync.contracts.ContactEvent;

/**
 * Encodes without a registry (Avro single-object encoding), for tests that need bytes but
 * no broker; {@link #decode} reads them back.
 */
public final class SingleObjectEncoder implements EventEncoder {

	@Override
	public byte[] event(ContactEvent event) {
		try {
			return bytes(event.toByteBuffer());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public byte[] state(Contact contact) {
		try {
			return bytes(contact.toByteBuffer());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static ContactEvent decode(byte[] bytes) {
		try {
			return ContactEvent.fromByteBuffer(ByteBuffer.wrap(bytes));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static byte[] bytes(ByteBuffer buffer) {
		byte[] bytes = new byte[buffer.remaining()];
		buffer.get(bytes);
		return bytes;
	}

}
