package io.contactsync.images;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Streams ustar/PAX/GNU archives (an image tarball and its layers) without a library: the
 * JDK has none, and these tests need only names and a few small files.
 */
final class Tar {

	/** Gets each regular entry; may read its content, which is bounded to the entry. */
	interface Entries {

		void accept(String name, InputStream content) throws IOException;

	}

	private Tar() {
	}

	static void read(InputStream stream, Entries entries) throws IOException {
		DataInputStream in = new DataInputStream(stream);
		byte[] header = new byte[512];
		String longName = null;
		while (true) {
			try {
				in.readFully(header);
			}
			catch (EOFException ex) {
				return;
			}
			if (header[0] == 0) {
				return;
			}
			String name = text(header, 0, 100);
			String prefix = text(header, 345, 155);
			if (!prefix.isEmpty()) {
				name = prefix + "/" + name;
			}
			long size = Long.parseLong(text(header, 124, 12).trim(), 8);
			char type = (char) header[156];
			if (type == 'x' || type == 'L') {
				byte[] content = in.readNBytes((int) size);
				String path = (type == 'x') ? paxPath(new String(content, StandardCharsets.UTF_8))
						: text(content, 0, content.length);
				longName = (path != null) ? path : longName;
			}
			else {
				Bounded content = new Bounded(in, size);
				if (type == '0' || type == 0) {
					entries.accept(normalize(longName != null ? longName : name), content);
				}
				in.skipNBytes(content.remaining);
				longName = null;
			}
			in.skipNBytes((512 - size % 512) % 512);
		}
	}

	private static String paxPath(String records) {
		for (String record : records.split("\n")) {
			int space = record.indexOf(' ');
			if (space > 0 && record.startsWith("path=", space + 1)) {
				return record.substring(space + 1 + "path=".length());
			}
		}
		return null;
	}

	private static String normalize(String name) {
		return name.startsWith("./") ? name.substring(2) : name.startsWith("/") ? name.substring(1) : name;
	}

	private static String text(byte[] bytes, int offset, int length) {
		int end = offset;
		while (end < offset + length && bytes[end] != 0) {
			end++;
		}
		return new String(bytes, offset, end - offset, StandardCharsets.UTF_8);
	}

	/** One entry's bytes; closing it does not close the archive. */
	private static final class Bounded extends InputStream {

		private final InputStream in;

		private long remaining;

		Bounded(InputStream in, long size) {
			this.in = in;
			this.remaining = size;
		}

		@Override
		public int read() throws IOException {
			if (this.remaining <= 0) {
				return -1;
			}
			int value = this.in.read();
			if (value >= 0) {
				this.remaining--;
			}
			return value;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			if (this.remaining <= 0) {
				return -1;
			}
			int read = this.in.read(buffer, offset, (int) Math.min(length, this.remaining));
			if (read > 0) {
				this.remaining -= read;
			}
			return read;
		}

		@Override
		public void close() {
		}

	}

}
