package io.contactsync.worker.store;

import java.util.List;
import java.util.Objects;

import io.contactsync.worker.merge.Stamp;
import org.bson.Document;

/**
 * Parts of a stored contact that this version cannot read (a scalar field or a DND
 * channel a newer version added), carried from the read to the next write unchanged, so
 * that running an older worker beside a newer one, or rolling back, loses nothing. The
 * pipeline only passes it along.
 */
public final class Preserved {

	/** Nothing to preserve. */
	public static final Preserved NONE = new Preserved(List.of(), List.of());

	final List<Part> fields;

	final List<Part> dnd;

	/** A stored entry without its stamp reference, and the stamp it referenced. */
	record Part(String name, Document entry, Stamp stamp) {
	}

	Preserved(List<Part> fields, List<Part> dnd) {
		this.fields = List.copyOf(fields);
		this.dnd = List.copyOf(dnd);
	}

	public boolean isEmpty() {
		return this.fields.isEmpty() && this.dnd.isEmpty();
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof Preserved that && this.fields.equals(that.fields) && this.dnd.equals(that.dnd);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.fields, this.dnd);
	}

	@Override
	public String toString() {
		return "Preserved[" + this.fields.size() + " fields, " + this.dnd.size() + " DND channels]";
	}

}
