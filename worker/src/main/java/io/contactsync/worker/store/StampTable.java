package io.contactsync.worker.store;

import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.contactsync.worker.merge.Stamp;
import org.bson.Document;

/** The distinct write stamps of one contact document, referenced by position. */
final class StampTable {

	private final Map<Stamp, Integer> positions = new LinkedHashMap<>();

	int indexOf(Stamp stamp) {
		return this.positions.computeIfAbsent(stamp, (s) -> this.positions.size());
	}

	List<Document> toDocuments() {
		List<Document> documents = new ArrayList<>(this.positions.size());
		for (Stamp stamp : this.positions.keySet()) {
			documents.add(new Document("at", Date.from(stamp.occurredAt())).append("cmd", stamp.commandId()));
		}
		return documents;
	}

	static List<Stamp> read(List<Document> documents) {
		List<Stamp> stamps = new ArrayList<>(documents.size());
		for (Document document : documents) {
			stamps.add(new Stamp(document.getDate("at").toInstant(), document.getString("cmd")));
		}
		return stamps;
	}

}
