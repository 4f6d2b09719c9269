package io.contactsync.producer;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.contactsync.adapters.JsonNodes;
import io.contactsync.adapters.Vendor;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The records of an export file, one per JSON line or CSV row, each with the line it
 * starts on. Malformed lines come back as errors, never as exceptions, so an import
 * reports them and goes on.
 */
final class ImportFile implements Closeable {

	/** How records are written. */
	enum InputFormat {

		JSONL, CSV, AUTO

	}

	/**
	 * One record, or why its line cannot be read.
	 *
	 * @param line the physical line (1-based)
	 * @param record the record, or {@code null} when malformed
	 * @param error the reason, or {@code null}
	 */
	record Line(int line, JsonNode record, String error) {
	}

	private final InputFormat format;

	private final Vendor vendor;

	private final BufferedReader reader;

	private final CsvRows csv;

	private final List<String> header;

	private final int headerLine;

	private int line;

	private ImportFile(InputFormat format, Vendor vendor, BufferedReader reader, CsvRows csv, List<String> header,
			int headerLine) {
		this.format = format;
		this.vendor = vendor;
		this.reader = reader;
		this.csv = csv;
		this.header = header;
		this.headerLine = headerLine;
	}

	/**
	 * Opens a file, working out its input format and vendor shape when asked to.
	 * @throws IllegalArgumentException with a sentence for the user when the format or
	 * the shape cannot be told
	 */
	static ImportFile open(Path file, InputFormat format, Optional<Vendor> vendor) throws IOException {
		InputFormat resolved = (format == InputFormat.AUTO) ? guessFormat(file) : format;
		BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
		if (resolved == InputFormat.CSV) {
			CsvRows csv = new CsvRows(reader);
			CsvRows.Row header = csv.next();
			if (header == null || header.error() != null) {
				reader.close();
				throw new IllegalArgumentException("the CSV file has no header line");
			}
			List<String> names = header.cells().stream().map(String::strip).toList();
			Vendor shape = vendor.or(() -> Vendor.detect(names))
				.orElseThrow(() -> new IllegalArgumentException(
						"cannot tell the vendor shape from the CSV header; pass --format highlevel|highlevel-update|notifuse|chatbotx"));
			return new ImportFile(resolved, shape, reader, csv, names, header.line());
		}
		Vendor shape = vendor.orElseGet(() -> detectJsonl(file));
		return new ImportFile(resolved, shape, reader, null, null, 0);
	}

	private static InputFormat guessFormat(Path file) throws IOException {
		String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
		if (name.endsWith(".csv")) {
			return InputFormat.CSV;
		}
		if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
			return InputFormat.JSONL;
		}
		try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			int c;
			while ((c = reader.read()) != -1 && Character.isWhitespace(c)) {
				// skip
			}
			return (c == '{') ? InputFormat.JSONL : InputFormat.CSV;
		}
	}

	private static Vendor detectJsonl(Path file) {
		try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			String text;
			while ((text = reader.readLine()) != null) {
				JsonNode record = parse(text);
				if (record != null && record.isObject()) {
					return Vendor.detect(record.propertyNames())
						.orElseThrow(() -> new IllegalArgumentException(
								"cannot tell the vendor shape from the first record; pass --format highlevel|highlevel-update|notifuse|chatbotx"));
				}
			}
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("cannot read the file: " + ex.getMessage());
		}
		throw new IllegalArgumentException("the file has no JSON record; pass --format to import it anyway");
	}

	private static JsonNode parse(String text) {
		if (text.isBlank()) {
			return null;
		}
		try {
			return JsonNodes.parse(text);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	InputFormat format() {
		return this.format;
	}

	Vendor vendor() {
		return this.vendor;
	}

	/** The next record or malformed line; {@code null} at the end. Skips blank lines. */
	Line next() throws IOException {
		return (this.csv != null) ? nextRow() : nextJsonLine();
	}

	private Line nextJsonLine() throws IOException {
		String text;
		while ((text = this.reader.readLine()) != null) {
			this.line++;
			if (text.isBlank()) {
				continue;
			}
			JsonNode record = parse(text);
			if (record == null) {
				// Jackson's message quotes the input: keep personal data out of reports.
				return new Line(this.line, null, "is not well-formed JSON");
			}
			if (!record.isObject()) {
				return new Line(this.line, null, "must be a JSON object");
			}
			return new Line(this.line, record, null);
		}
		return null;
	}

	private Line nextRow() throws IOException {
		CsvRows.Row row = this.csv.next();
		if (row == null) {
			return null;
		}
		if (row.error() != null) {
			return new Line(row.line(), null, row.error());
		}
		if (row.cells().size() != this.header.size()) {
			return new Line(row.line(), null, "has " + row.cells().size() + " cells, the header (line "
					+ this.headerLine + ") has " + this.header.size());
		}
		Map<String, String> cells = new LinkedHashMap<>();
		for (int i = 0; i < this.header.size(); i++) {
			cells.put(this.header.get(i), row.cells().get(i));
		}
		try {
			return new Line(row.line(), this.vendor.recordOf(cells), null);
		}
		catch (IllegalArgumentException ex) {
			return new Line(row.line(), null, ex.getMessage());
		}
	}

	@Override
	public void close() throws IOException {
		this.reader.close();
	}

}
