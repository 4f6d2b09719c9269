package io.contactsync.producer;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * An RFC 4180 CSV reader that knows the physical line each row starts on, so rejected
 * rows can be reported by line number even when quoted cells span lines. Hand-written
 * because Jackson's CSV module at the version our BOM manages is not on our Maven mirror.
 */
final class CsvRows {

	/**
	 * One row.
	 *
	 * @param line the physical line (1-based) the row starts on
	 * @param cells the cells, unquoted
	 * @param error why the row is malformed (an unterminated quote), or {@code null}
	 */
	record Row(int line, List<String> cells, String error) {
	}

	private final Reader in;

	private int line = 1;

	private int peeked = -2;

	CsvRows(Reader in) {
		this.in = in;
	}

	/** The next row, or {@code null} at the end of the input. Skips empty lines. */
	Row next() throws IOException {
		while (true) {
			int c = peek();
			if (c == -1) {
				return null;
			}
			if (c == '\n' || c == '\r') {
				read();
				continue;
			}
			return row();
		}
	}

	private Row row() throws IOException {
		int start = this.line;
		List<String> cells = new ArrayList<>();
		StringBuilder cell = new StringBuilder();
		boolean quoted = false;
		boolean wasQuoted = false;
		while (true) {
			int c = read();
			if (quoted) {
				if (c == -1) {
					cells.add(cell.toString());
					return new Row(start, cells, "has a quote that is never closed");
				}
				if (c == '"') {
					if (peek() == '"') {
						read();
						cell.append('"');
					}
					else {
						quoted = false;
					}
				}
				else {
					cell.append((char) c);
				}
				continue;
			}
			if (c == -1 || c == '\n' || c == '\r') {
				cells.add(cell.toString());
				return new Row(start, cells, null);
			}
			if (c == ',') {
				cells.add(cell.toString());
				cell.setLength(0);
				wasQuoted = false;
			}
			else if (c == '"' && cell.isEmpty() && !wasQuoted) {
				quoted = true;
				wasQuoted = true;
			}
			else {
				cell.append((char) c);
			}
		}
	}

	private int peek() throws IOException {
		if (this.peeked == -2) {
			this.peeked = this.in.read();
		}
		return this.peeked;
	}

	/** Reads one char, folding CR LF into one LF and counting lines. */
	private int read() throws IOException {
		int c = peek();
		this.peeked = -2;
		if (c == '\r') {
			if (peek() == '\n') {
				this.peeked = -2;
			}
			this.line++;
			return '\n';
		}
		if (c == '\n') {
			this.line++;
		}
		return c;
	}

}
