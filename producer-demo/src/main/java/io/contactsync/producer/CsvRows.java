package io.contactsync.producer;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;

import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.QuoteMode;

/**
 * The rows of an RFC 4180 CSV file, read with Commons CSV, each with the physical line it
 * starts on, so rejected rows can be reported by line number even when quoted cells span
 * lines.
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

	// Blank lines come back as records (skipped below), so the line count read
	// before a record covers them; ALL_NON_NULL reads an unquoted empty cell as
	// null, telling a blank line from "". Text after a closing quote is kept, so
	// the only parse error left is a quote that is never closed.
	private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
		.setIgnoreEmptyLines(false)
		.setQuoteMode(QuoteMode.ALL_NON_NULL)
		.setTrailingData(true)
		.get();

	private static final Pattern LINE_BREAK = Pattern.compile("\r\n?");

	private final CSVParser parser;

	private Iterator<CSVRecord> records;

	CsvRows(Reader in) throws IOException {
		this.parser = CSVParser.builder().setReader(in).setFormat(FORMAT).get();
		this.records = this.parser.iterator();
	}

	/** The next row, or {@code null} at the end of the input. Skips empty lines. */
	Row next() throws IOException {
		while (true) {
			// hasNext() parses the record: count the lines before it first.
			int line = Math.toIntExact(this.parser.getCurrentLineNumber()) + 1;
			CSVRecord record;
			try {
				if (!this.records.hasNext()) {
					return null;
				}
				record = this.records.next();
			}
			catch (UncheckedIOException ex) {
				if (!(ex.getCause() instanceof CSVException)) {
					throw ex.getCause();
				}
				// The quote ran to the end of the input: nothing is left to read.
				this.records = Collections.emptyIterator();
				return new Row(line, List.of(), "has a quote that is never closed");
			}
			if (record.size() == 1 && record.get(0) == null) {
				continue;
			}
			return new Row(line, record.stream().map(CsvRows::cell).toList(), null);
		}
	}

	// Line breaks in a cell read as \n whatever the file uses, as they always
	// have: command ids derive from the content, so a re-import stays a duplicate.
	private static String cell(String value) {
		return (value != null) ? LINE_BREAK.matcher(value).replaceAll("\n") : "";
	}

}
