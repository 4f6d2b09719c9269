package io.contactsync.worker.merge;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The tags of a contact as a convergent last-writer-wins structure. A replace (HighLevel
 * {@code tags}) writes every tag at once at {@code replacedAt}: present if in
 * {@code replaced}, absent otherwise. An add or remove of one tag is kept in
 * {@code writes} and counts only while it is newer than the last replace. Only the latest
 * replace is kept; adds and removes older than it are dropped.
 *
 * @param replacedAt stamp of the latest replace, or {@code null} if never replaced
 * @param replaced the tags of the latest replace
 * @param writes the last add or remove of each tag, newer than {@code replacedAt}
 */
public record TagSet(Stamp replacedAt, Set<String> replaced, Map<String, TagWrite> writes) {

	/** No tags, never written. */
	public static final TagSet EMPTY = new TagSet(null, null, null);

	public TagSet {
		replaced = Frozen.sortedSet(replaced);
		writes = Frozen.sortedMap(writes);
	}

	/**
	 * The tags the contact has now.
	 * @return the effective tags, sorted
	 */
	public SortedSet<String> effective() {
		return Collections.unmodifiableSortedSet(effectiveTags());
	}

	TreeSet<String> effectiveTags() {
		TreeSet<String> tags = new TreeSet<>();
		for (String tag : this.replaced) {
			TagWrite write = this.writes.get(tag);
			if (write == null || !write.stamp().isNewerThan(this.replacedAt) || write.present()) {
				tags.add(tag);
			}
		}
		for (Map.Entry<String, TagWrite> entry : this.writes.entrySet()) {
			TagWrite write = entry.getValue();
			if (write.present() && write.stamp().isNewerThan(this.replacedAt)) {
				tags.add(entry.getKey());
			}
		}
		return tags;
	}

}
