package dev.jobs.core.job;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/** How the job statements pass arrays, long texts and instants to PostgreSQL. */
final class SqlValues {

	private SqlValues() {
	}

	/** A {@code uuid[]} literal, for {@code cast(:ids as uuid[])}. */
	static String uuidArray(Collection<UUID> ids) {
		return ids.stream().map(UUID::toString).collect(Collectors.joining(",", "{", "}"));
	}

	/** An {@code int[]} literal, for {@code cast(:attempts as int[])}. */
	static String intArray(List<Integer> values) {
		return values.stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}"));
	}

	static String truncate(String value, int max) {
		return (value == null || value.length() <= max) ? value : value.substring(0, max);
	}

	static OffsetDateTime timestamp(Instant instant) {
		return (instant != null) ? OffsetDateTime.ofInstant(instant, ZoneOffset.UTC) : null;
	}

}
