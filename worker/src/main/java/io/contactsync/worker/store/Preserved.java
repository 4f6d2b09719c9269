package io.contactsync.worker.store;

import java.util.List;
import java.util.Objects;

import io.contactsync.worker.merge.Stamp;
import org.bson.Document;

/**
 * Parts of a stored contact that this version cannot read (a scalar field or a DND
 * channel a newer version added, keys it put at the top or in {@code _sync}), carried
 * from the read to the next write unchanged, so that running an older worker beside a
 * newer one, or rolling back, loses nothing. The pipeline only passes it along.
 */
public final class Preserved {

	/** Nothing to preserve. */
	public static final Preserved NONE = new Preserved(List.of(), List.of(), new Document(), new Document());

	final List<Part> fields;

	final List<Part> dnd;

	/** Top-level keys this version does not know, and no stamp refers to. */
	final Document top;

	/** Keys of {@code _sync} this version does not know. */
	final Document sync;

	/**
	 * A stamped entry this version does not know.
	 *
	 * @param name the field's or the channel's name
	 * @param value its stored value; null when it is cleared
	 * @param stamp the stamp of its last write
	 */
	record Part(String name, Object value, Stamp stamp) {
	}

	Preserved(List<Part> fields, List<Part> dnd, Document top, Document sync) {
		this.fields = List.copyOf(fields);
		this.dnd = List.copyOf(dnd);
		this.top = new Document(top);
		this.sync = new Document(sync);
	}

	Preserved(List<Part> fields, List<Part> dnd) {
		this(fields, dnd, new Document(), new Document());
	}

	public boolean isEmpty() {
		return this.fields.isEmpty() && this.dnd.isEmpty() && this.top.isEmpty() && this.sync.isEmpty();
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof Preserved that && this.fields.equals(that.fields) && this.dnd.equals(that.dnd)
				&& this.top.equals(that.top) && this.sync.equals(that.sync);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.fields, this.dnd, this.top, this.sync);
	}

	@Override
	public String toString() {
		// Names and counts only: the values may be personal data.
		return "Preserved[" + this.fields.size() + " fields, " + this.dnd.size() + " DND channels, " + this.top.size()
				+ " top-level keys, " + this.sync.size() + " _sync keys]";
	}

}
