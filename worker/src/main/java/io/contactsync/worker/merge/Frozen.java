package io.contactsync.worker.merge;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Read-only copies for the records of this package. An input that already is one of these
 * read-only views is taken as is (like {@link Collections#unmodifiableMap} does), so a
 * merge that builds a map once does not pay for a second copy in the record constructor.
 */
final class Frozen {

	private static final Class<?> MAP_VIEW = Collections.unmodifiableMap(new EnumMap<>(ContactField.class)).getClass();

	private static final Class<?> SORTED_MAP_VIEW = Collections.unmodifiableSortedMap(new TreeMap<>()).getClass();

	private static final Class<?> SORTED_SET_VIEW = Collections.unmodifiableSortedSet(new TreeSet<>()).getClass();

	private Frozen() {
	}

	/** Only for maps this package built and will not touch again. */
	static <K extends Enum<K>, V> Map<K, V> wrap(EnumMap<K, V> map) {
		return Collections.unmodifiableMap(map);
	}

	static <K, V> SortedMap<K, V> wrap(TreeMap<K, V> map) {
		return Collections.unmodifiableSortedMap(map);
	}

	static <T> SortedSet<T> wrap(TreeSet<T> set) {
		return Collections.unmodifiableSortedSet(set);
	}

	static <K extends Enum<K>, V> Map<K, V> enumMap(Map<K, V> map, Class<K> type) {
		if (map != null && map.getClass() == MAP_VIEW) {
			return map;
		}
		return wrap((map == null || map.isEmpty()) ? new EnumMap<>(type) : new EnumMap<>(map));
	}

	@SuppressWarnings("unchecked")
	static <K, V> SortedMap<K, V> sortedMap(Map<K, V> map) {
		if (map != null && map.getClass() == SORTED_MAP_VIEW) {
			return (SortedMap<K, V>) map;
		}
		return wrap((map != null) ? new TreeMap<>(map) : new TreeMap<>());
	}

	@SuppressWarnings("unchecked")
	static <T> SortedSet<T> sortedSet(Set<T> set) {
		if (set != null && set.getClass() == SORTED_SET_VIEW) {
			return (SortedSet<T>) set;
		}
		return wrap((set != null) ? new TreeSet<>(set) : new TreeSet<>());
	}

}
