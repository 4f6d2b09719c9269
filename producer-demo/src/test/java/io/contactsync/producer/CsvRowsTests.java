package io.contactsync.producer;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CsvRowsTests {

	@Test
	void readsQuotedCellsWithCommasQuotesAndLineBreaksKeepingTheStartLine() throws IOException {
		List<CsvRows.Row> rows = read("a,b,c\r\n1,\"x, \"\"y\"\"\",3\r\n\r\n2,\"two\nlines\",\n3,,\"\"");

		assertThat(rows).containsExactly(new CsvRows.Row(1, List.of("a", "b", "c"), null),
				new CsvRows.Row(2, List.of("1", "x, \"y\"", "3"), null),
				new CsvRows.Row(4, List.of("2", "two\nlines", ""), null),
				new CsvRows.Row(6, List.of("3", "", ""), null));
	}

	@Test
	void reportsAQuoteThatIsNeverClosed() throws IOException {
		List<CsvRows.Row> rows = read("a,b\n1,\"open\n2,3\n");

		assertThat(rows).hasSize(2);
		assertThat(rows.get(1).line()).isEqualTo(2);
		assertThat(rows.get(1).error()).isEqualTo("has a quote that is never closed");
	}

	private static List<CsvRows.Row> read(String text) throws IOException {
		CsvRows csv = new CsvRows(new StringReader(text));
		List<CsvRows.Row> rows = new ArrayList<>();
		CsvRows.Row row;
		while ((row = csv.next()) != null) {
			rows.add(row);
		}
		return rows;
	}

}
